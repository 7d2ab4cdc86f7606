/**
 * Budget-vs-outcome figures: roll-up of own entries through the unit tree, totals, revised
 * budget and deviation. Pure: the services feed it leaf amounts read from the database.
 */
import { cents, sumOrNull, type Cents } from './money.js';
import { LINES, type LineCode } from './lines.js';
import type { LeafAmounts, LineFigures, Unit } from './model.js';

interface Accumulator {
  budget: Cents | null;
  changes: Cents | null;
  actual: Cents | null;
}

function add(a: Cents | null, b: Cents | null): Cents | null {
  return sumOrNull([a, b]);
}

/**
 * Completes one line from its sums: changes are 0 when there is a budget but no change,
 * revised = budget + changes, deviation = actual − revised (positive is favourable) and only
 * where there is an actual, as printed reports leave the deviation of unbooked lines empty.
 */
export function completeLine(code: LineCode, sums: Accumulator): LineFigures {
  const changes = sums.changes ?? (sums.budget !== null ? (0 as Cents) : null);
  const revised = sumOrNull([sums.budget, changes]);
  const deviation = sums.actual === null ? null : cents(sums.actual - (revised ?? 0));
  return { code, budget: sums.budget, changes, revised, actual: sums.actual, deviation };
}

/** All standard lines, in report order, from the sums of the leaf lines of one unit (rolled up). */
export function linesFromLeaves(leaves: ReadonlyMap<LineCode, Accumulator>): LineFigures[] {
  const sums = new Map<LineCode, Accumulator>();
  for (const line of LINES) {
    if (line.sumOf) {
      const parts = line.sumOf.map((code) => sums.get(code));
      sums.set(line.code, {
        budget: sumOrNull(parts.map((p) => p?.budget ?? null)),
        changes: sumOrNull(parts.map((p) => p?.changes ?? null)),
        actual: sumOrNull(parts.map((p) => p?.actual ?? null)),
      });
    } else {
      sums.set(line.code, leaves.get(line.code) ?? { budget: null, changes: null, actual: null });
    }
  }
  // Totals take the completed revised of their parts so that revised always adds up.
  return LINES.map((line) => completeLine(line.code, sums.get(line.code)!));
}

/** Descendants of each unit including itself, from a unit list. */
export function subtreeOf(units: readonly Unit[], rootCode: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parentCode === null) continue;
    const list = children.get(unit.parentCode) ?? [];
    list.push(unit.code);
    children.set(unit.parentCode, list);
  }
  const result = new Set<string>();
  const stack = [rootCode];
  while (stack.length > 0) {
    const code = stack.pop()!;
    if (result.has(code)) continue;
    result.add(code);
    stack.push(...(children.get(code) ?? []));
  }
  return result;
}

/**
 * A unit's ancestors, from the root down to its parent, as far as the list holds them (a
 * parent it does not hold, or a cycle, ends the chain).
 */
export function ancestorsOf<U extends Pick<Unit, 'code' | 'parentCode'>>(
  units: readonly U[],
  unit: Pick<Unit, 'code' | 'parentCode'>,
): U[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const chain: U[] = [];
  const seen = new Set<string>([unit.code]);
  for (let parent = unit.parentCode; parent !== null && !seen.has(parent);) {
    seen.add(parent);
    const found = byCode.get(parent);
    if (!found) break;
    chain.unshift(found);
    parent = found.parentCode;
  }
  return chain;
}

/** A unit's figures: its own entries plus all its descendants', over every standard line. */
export function unitFigures(
  units: readonly Unit[],
  unitCode: string,
  leaves: readonly LeafAmounts[],
): LineFigures[] {
  const members = subtreeOf(units, unitCode);
  const sums = new Map<LineCode, Accumulator>();
  for (const leaf of leaves) {
    if (!members.has(leaf.unitCode)) continue;
    const sum = sums.get(leaf.line) ?? { budget: null, changes: null, actual: null };
    sums.set(leaf.line, {
      budget: add(sum.budget, leaf.budget),
      changes: add(sum.changes, leaf.changes),
      actual: add(sum.actual, leaf.actual),
    });
  }
  return linesFromLeaves(sums);
}

/**
 * Every unit's figures at once (as unitFigures gives them one at a time): each leaf amount is
 * added to its unit and every ancestor in one pass, so a tree of hundreds of units costs one
 * walk over the leaves instead of one per unit.
 */
export function figuresByUnit(
  units: readonly Unit[],
  leaves: readonly LeafAmounts[],
): Map<string, LineFigures[]> {
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const sums = new Map<string, Map<LineCode, Accumulator>>(units.map((u) => [u.code, new Map()]));
  for (const leaf of leaves) {
    const seen = new Set<string>();
    for (
      let code: string | null | undefined = leaf.unitCode;
      code !== null && code !== undefined && !seen.has(code);
      code = parentOf.get(code)
    ) {
      seen.add(code);
      const unitSums = sums.get(code);
      if (!unitSums) break;
      const sum = unitSums.get(leaf.line) ?? { budget: null, changes: null, actual: null };
      unitSums.set(leaf.line, {
        budget: add(sum.budget, leaf.budget),
        changes: add(sum.changes, leaf.changes),
        actual: add(sum.actual, leaf.actual),
      });
    }
  }
  return new Map([...sums].map(([code, unitSums]) => [code, linesFromLeaves(unitSums)]));
}
