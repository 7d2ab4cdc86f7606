/**
 * What an approval freezes: the data a unit's report for a reporting period is built from — its
 * subtree's units and bindings, their own amounts on every leaf line (actuals month by month up
 * to the period's end), key goals, narratives and risks — as canonical JSON with a SHA-256.
 * Pure: the service reads the data, this module cuts, compares and overlays it.
 */
import type { KeyGoal, Texts } from './goals.js';
import type { Language, LineCode } from './lines.js';
import type { Binding, LeafAmounts, Unit } from './model.js';
import type { Cents } from './money.js';
import type { Risk } from './risks.js';
import { subtreeOf } from './figures.js';
import type { ForecastEntry } from './interim.js';

/** A leaf line of one unit, with the actual month by month (January first) up to the period. */
export interface FrozenLeaf extends LeafAmounts {
  months: Cents[];
}

export interface FrozenNarrative {
  unitCode: string;
  section: string;
  lang: Language;
  body: string;
}

export interface FrozenGoal extends KeyGoal {
  id: number;
}

/** Everything a unit's report for a period is built from, for the unit and its descendants. */
export interface SnapshotData {
  year: number;
  unitCode: string;
  /** The period's last month (12: the year). */
  period: number;
  units: Unit[];
  bindings: Binding[];
  leaves: FrozenLeaf[];
  themes: { number: number; names: Texts }[];
  goals: FrozenGoal[];
  narratives: FrozenNarrative[];
  risks: Risk[];
  /** The period's entered forecasts (absent in snapshots from before forecasts existed). */
  forecasts?: ForecastEntry[];
}

/** The year's data a snapshot is cut from (actual months up to the period asked). */
export interface YearData {
  units: readonly Unit[];
  bindings: readonly Binding[];
  leaves: readonly FrozenLeaf[];
  themes: readonly { number: number; names: Texts }[];
  goals: readonly FrozenGoal[];
  narratives: readonly FrozenNarrative[];
  risks: readonly Risk[];
  /** The period's entered forecasts. */
  forecasts?: readonly ForecastEntry[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The snapshot of `unitCode`'s subtree for a period, in a stable order. */
export function cutSnapshot(
  data: YearData,
  scope: { year: number; unitCode: string; period: number },
): SnapshotData {
  const members = subtreeOf(data.units, scope.unitCode);
  const mine = <T extends { unitCode: string }>(rows: readonly T[]): T[] =>
    rows.filter((row) => members.has(row.unitCode));
  return {
    year: scope.year,
    unitCode: scope.unitCode,
    period: scope.period,
    units: data.units.filter((u) => members.has(u.code)),
    bindings: mine(data.bindings).sort(
      (a, b) => byText(a.unitCode, b.unitCode) || byText(a.line, b.line),
    ),
    // The budget to date is the year's revised budget at period 12: kept only for interim periods.
    leaves: mine(data.leaves)
      .map(({ revisedToDate, ...leaf }) => ({
        ...leaf,
        ...(scope.period < 12 ? { revisedToDate: revisedToDate ?? null } : {}),
        months: leaf.months.slice(0, scope.period),
      }))
      .sort((a, b) => byText(a.unitCode, b.unitCode) || byText(a.line, b.line)),
    themes: [...data.themes].sort((a, b) => a.number - b.number),
    goals: mine(data.goals),
    narratives: mine(data.narratives)
      .filter((n) => n.body.trim() !== '')
      .sort(
        (a, b) =>
          byText(a.unitCode, b.unitCode) || byText(a.section, b.section) || byText(a.lang, b.lang),
      ),
    risks: mine(data.risks),
    ...(scope.period < 12
      ? {
          forecasts: mine(data.forecasts ?? [])
            .map(({ unitCode, line, amount }) => ({ unitCode, line, amount }))
            .sort((a, b) => byText(a.unitCode, b.unitCode) || byText(a.line, b.line)),
        }
      : {}),
  };
}

/** JSON with every object's keys sorted: the same data always gives the same text and hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => byText(a, b))
        .map(([k, v]) => [k, sorted(v)]),
    );
  }
  return value;
}

/** One way in which live data differs from what a snapshot froze. */
export type FrozenDifference =
  | {
      kind: 'amount';
      unitCode: string;
      line: LineCode;
      /** budget, changes, the budget to date (interim periods), or the actual of a month (1–12) */
      column: 'budget' | 'changes' | 'revisedToDate' | 'actual';
      month: number | null;
      before: Cents;
      after: Cents;
    }
  | { kind: 'unit'; unitCode: string }
  | { kind: 'binding'; unitCode: string }
  | { kind: 'content'; unitCode: string; part: 'goals' | 'narratives' | 'risks' | 'forecasts' };

/**
 * How `live` differs from the `frozen` snapshot of the same unit and period: every amount that
 * moved (per leaf line: the year's budget and changes, or for an interim period the budget to
 * date, and the actual of every month of the period), units added, removed or changed, bindings,
 * and — unless `figuresOnly` — goals, narratives, risks and an interim period's forecasts.
 */
export function snapshotDifferences(
  frozen: SnapshotData,
  live: SnapshotData,
  options: { figuresOnly?: boolean } = {},
): FrozenDifference[] {
  const found: FrozenDifference[] = [];
  const codes = new Set([...frozen.units, ...live.units].map((u) => u.code));
  // What of a unit is frozen, field by field: a field a later version adds is not a change.
  const frozenPart = (u: Unit) =>
    canonicalJson({
      parentCode: u.parentCode,
      kind: u.kind,
      names: u.names,
      responsible: u.responsible,
      board: u.board,
    });
  const unitsBefore = new Map(frozen.units.map((u) => [u.code, frozenPart(u)]));
  const unitsAfter = new Map(live.units.map((u) => [u.code, frozenPart(u)]));
  for (const code of [...codes].sort(byText)) {
    if (unitsBefore.get(code) !== unitsAfter.get(code))
      found.push({ kind: 'unit', unitCode: code });
  }
  const bindingsOf = (data: SnapshotData, code: string) =>
    data.bindings
      .filter((b) => b.unitCode === code)
      .map((b) => b.line)
      .join(',');
  for (const code of [...codes].sort(byText)) {
    if (bindingsOf(frozen, code) !== bindingsOf(live, code))
      found.push({ kind: 'binding', unitCode: code });
  }

  const key = (leaf: LeafAmounts) => `${leaf.unitCode}\u0000${leaf.line}`;
  const before = new Map(frozen.leaves.map((l) => [key(l), l]));
  const after = new Map(live.leaves.map((l) => [key(l), l]));
  const zero = 0 as Cents;
  for (const k of [...new Set([...before.keys(), ...after.keys()])].sort(byText)) {
    const a = before.get(k);
    const b = after.get(k);
    const { unitCode, line } = (a ?? b)!;
    const amount = (
      column: 'budget' | 'changes' | 'revisedToDate' | 'actual',
      month: number | null,
      x: Cents | null | undefined,
      y: Cents | null | undefined,
    ) => {
      if ((x ?? zero) !== (y ?? zero))
        found.push({
          kind: 'amount',
          unitCode,
          line,
          column,
          month,
          before: x ?? zero,
          after: y ?? zero,
        });
    };
    // The year's report froze the year's budget; an interim report froze the budget to date —
    // the council may still change the months after it (the report prints what it froze).
    if (frozen.period < 12) amount('revisedToDate', null, a?.revisedToDate, b?.revisedToDate);
    else {
      amount('budget', null, a?.budget, b?.budget);
      amount('changes', null, a?.changes, b?.changes);
    }
    for (let m = 0; m < frozen.period; m++) amount('actual', m + 1, a?.months[m], b?.months[m]);
  }
  if (options.figuresOnly) return found;

  for (const code of [...codes].sort(byText)) {
    const part = <T extends { unitCode: string }>(rows: readonly T[]) =>
      canonicalJson(rows.filter((r) => r.unitCode === code));
    if (part(frozen.goals) !== part(live.goals))
      found.push({ kind: 'content', unitCode: code, part: 'goals' });
    if (part(frozen.narratives) !== part(live.narratives))
      found.push({ kind: 'content', unitCode: code, part: 'narratives' });
    if (part(frozen.risks) !== part(live.risks))
      found.push({ kind: 'content', unitCode: code, part: 'risks' });
    if (frozen.period < 12 && part(frozen.forecasts ?? []) !== part(live.forecasts ?? []))
      found.push({ kind: 'content', unitCode: code, part: 'forecasts' });
  }
  return found;
}

/**
 * The year's data with each snapshot's subtree replaced by what the snapshot froze: its units
 * (also one removed since; none added under it since — a released snapshot printed again is the
 * tree as approved) and their rows.
 */
export function overlaySnapshots<D extends YearData>(data: D, frozen: readonly SnapshotData[]): D {
  let result: D = data;
  for (const snapshot of frozen) {
    const frozenUnit = new Map(snapshot.units.map((u) => [u.code, u]));
    // Units under the snapshot's unit now, whether or not it froze them: their rows give way.
    const replaced = new Set([...subtreeOf(result.units, snapshot.unitCode), ...frozenUnit.keys()]);
    const outside = <T extends { unitCode: string }>(rows: readonly T[]): T[] =>
      rows.filter((row) => !replaced.has(row.unitCode));
    const liveCodes = new Set(result.units.map((u) => u.code));
    result = {
      ...result,
      units: [
        ...result.units.flatMap((u) =>
          frozenUnit.has(u.code) ? [frozenUnit.get(u.code)!] : replaced.has(u.code) ? [] : [u],
        ),
        ...snapshot.units.filter((u) => !liveCodes.has(u.code)),
      ],
      bindings: [...outside(result.bindings), ...snapshot.bindings],
      leaves: [...outside(result.leaves), ...snapshot.leaves],
      goals: [...outside(result.goals), ...snapshot.goals],
      // The themes the frozen goals stand under keep the names they were approved with.
      themes: result.themes.map(
        (theme) =>
          (snapshot.goals.some((g) => g.theme === theme.number) &&
            snapshot.themes.find((f) => f.number === theme.number)) ||
          theme,
      ),
      narratives: [...outside(result.narratives), ...snapshot.narratives],
      risks: [...outside(result.risks), ...snapshot.risks],
      forecasts: [...outside(result.forecasts ?? []), ...(snapshot.forecasts ?? [])],
    };
  }
  return result;
}
