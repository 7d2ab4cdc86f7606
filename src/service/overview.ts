/**
 * What the web application's overview and unit pages show: every unit's binding-line figures,
 * breaches, findings and workflow state (at an interim period also the binding line's forecast
 * for the year and whether it exceeds the budget), and one unit's table, monthly development and
 * content. The same reads as `utfall report` and `utfall check`; who may edit is the server's to
 * add.
 *
 * At an interim period (figures up to month m < 12) the pages are the interim report 1–m's: each
 * binding's figures and each line carry the budget to date (`revisedToDate`, the revised
 * budget's months 1–m), and their deviation and use % are against it, as src/domain/interim.ts
 * computes them for the report; the unit page's texts, key goals' assessment, workflow state and
 * approval are the period's own. At the year (or with no period) they are the annual report's.
 */
import { reportStates, type StateOfReport } from '../db/content.js';
import type { Db } from '../db/db.js';
import { budgetMonths, lastBookedMonth, leafAmounts, monthlyActuals } from '../db/figures.js';
import { forecasts } from '../db/forecasts.js';
import { accountMapping, listBindings, listUnits } from '../db/units.js';
import {
  countFindings,
  isBreach,
  isOverrun,
  type CheckFinding,
  type CountedFinding,
} from '../domain/checks.js';
import { ancestorsOf, figuresByUnit, linesFromLeaves, subtreeOf } from '../domain/figures.js';
import {
  forecastExceeds,
  interimByUnit,
  type ForecastEntry,
  type InterimLine,
} from '../domain/interim.js';
import { lineDefinition, type Language, type LineCode, type Names } from '../domain/lines.js';
import { accountResolver, type AccountMapping } from '../domain/mapping.js';
import { centsFrom, cents, type Cents } from '../domain/money.js';
import type { LeafAmounts, LineFigures, Unit, UnitKind } from '../domain/model.js';
import { isInterim, YEAR_END } from '../domain/period.js';
import { usePercent } from '../domain/progress.js';
import { frozenBy, shownState, stateChain, type ReportState } from '../domain/workflow.js';
import { snapshots } from '../db/snapshots.js';
import { checkRenderedReports, runChecks, type StoredYear } from './checks.js';
import { assertYear } from './tenant.js';
import { comments, getNarratives, type Comment, type Narrative } from './content.js';
import { treeOf } from './figures.js';
import {
  goals,
  storedRisks,
  themes,
  type StoredGoal,
  type StoredRisk,
  type Theme,
} from './goals.js';
import { UtfallError } from '../domain/errors.js';
import { unitCodeLookup, withBoundActual } from '../domain/figure-refs.js';

/** The line a unit's overview shows when no binding is stated for it. */
export const FALLBACK_LINE: LineCode = 'margin';

/**
 * The figures of a unit's binding line (or of margin), with the share of the budget used. At an
 * interim period also the budget to date, and the deviation (actual − budget to date) and use %
 * (actual ÷ budget to date) are against it, as the interim report prints them.
 */
export interface BindingFigures extends Omit<LineFigures, 'code'> {
  line: LineCode;
  /** false: no binding is stated for the unit and these are its margin's figures */
  bound: boolean;
  usePercent: number | null;
  /** At an interim period only: the revised budget's months up to the period's end. */
  revisedToDate?: Cents | null;
}

/** The overview's binding figures: with the forecast for the year at an interim period (else null). */
export interface OverviewBindingFigures extends BindingFigures {
  forecast: Cents | null;
  /** Forecast − revised budget of the year. */
  forecastDeviation: Cents | null;
}

export interface FindingCount {
  errors: number;
  warnings: number;
}

export type { StateOfReport };
export { lastBookedMonth, reportStates };

export interface OverviewUnitData {
  code: string;
  parentCode: string | null;
  kind: UnitKind;
  names: Names;
  depth: number;
  responsible: string | null;
  binding: OverviewBindingFigures | null;
  breach: boolean;
  /**
   * The figures shown (binding or margin) are worse than the budget they are compared with: a
   * cost line over its budget, a revenue line under it (domain/checks.ts, isOverrun).
   */
  overrun: boolean;
  /** At an interim period: a stated binding line forecast to end worse than its revised budget. */
  forecastExceeded: boolean;
  findings: FindingCount;
  /**
   * The state of the period's report as the unit shows it: that of the report that freezes it
   * (its own, or the nearest approved or locked one above it), else its own (domain/workflow.ts).
   */
  state: ReportState;
}

export interface OverviewData {
  municipality: { id: string; name: string };
  year: number;
  toMonth: number | null;
  units: OverviewUnitData[];
  findings: FindingCount;
  /** Every finding of the checks (the server counts and links them). */
  allFindings: CheckFinding[];
}

/**
 * The reporting period whose content a page at `toMonth` shows (its last month): the interim
 * report's at months 1–11, else the year's (12), also when nothing is booked.
 */
export function reportingPeriod(toMonth: number | null): number {
  return toMonth !== null && isInterim(toMonth) ? toMonth : YEAR_END;
}

/**
 * The period's entered forecasts and every unit's interim lines (src/domain/interim.ts: budget
 * to date, deviation and use % to date, the forecast for the year), as the interim report
 * computes them; null for the year.
 */
async function interimOf(
  db: Db,
  municipalityId: string,
  year: number,
  units: readonly Unit[],
  leaves: readonly LeafAmounts[],
  toMonth: number | null,
): Promise<{ entered: ForecastEntry[]; lines: Map<string, InterimLine[]> } | null> {
  if (toMonth === null || !isInterim(toMonth)) return null;
  const entered = (await forecasts(db, municipalityId, year, toMonth)).map(
    ({ unitCode, line, amount }) => ({ unitCode, line, amount }),
  );
  return { entered, lines: interimByUnit(units, leaves, entered) };
}

/** The month the figures run to: the one asked for, else the last month booked. */
async function resolveToMonth(
  db: Db,
  municipalityId: string,
  year: number,
  asked: number | undefined,
): Promise<number | null> {
  return asked ?? (await lastBookedMonth(db, municipalityId, year));
}

/**
 * What the pages read of a year: the whole year's entries for the checks, and the leaves up to
 * `toMonth` for the figures (the same read when the figures run to December), both by the
 * mapping read once.
 */
async function readYear(
  db: Db,
  municipalityId: string,
  year: number,
  units: Unit[],
  toMonth: number | null,
  mapping: AccountMapping,
): Promise<{ stored: StoredYear; leaves: LeafAmounts[] }> {
  const full = await leafAmounts(db, municipalityId, year, { mapping });
  const bindings = await listBindings(db, municipalityId, year);
  const stored: StoredYear = { units, leaves: full.leaves, unmapped: full.unmapped, bindings };
  if (toMonth === null || toMonth === 12) return { stored, leaves: full.leaves };
  return {
    stored,
    leaves: (await leafAmounts(db, municipalityId, year, { toMonth, mapping })).leaves,
  };
}

/**
 * A unit's binding line, or margin when none is stated; null when it has no figure at all. With
 * the unit's interim lines (an interim period), against the budget to date.
 */
export function bindingFigures(
  figures: readonly LineFigures[],
  boundLine: LineCode | undefined,
  interim?: readonly InterimLine[],
): BindingFigures | null {
  const code = boundLine ?? FALLBACK_LINE;
  const line = figures.find((l) => l.code === code);
  if (!line) return null;
  if (!boundLine && line.budget === null && line.actual === null) return null;
  const { code: _code, ...amounts } = line;
  const year = {
    line: code,
    bound: boundLine !== undefined,
    ...amounts,
    usePercent: usePercent(line.actual, line.revised),
  };
  const now = interim?.find((l) => l.code === code);
  return now ? { ...year, ...toDate(now) } : year;
}

/** What an interim period puts in place of the year's comparison: the domain's figures to date. */
function toDate(now: InterimLine): {
  revisedToDate: Cents | null;
  deviation: Cents | null;
  usePercent: number | null;
} {
  return { revisedToDate: now.revisedToDate, deviation: now.deviation, usePercent: now.useRate };
}

/**
 * The checks of the year's reports as Utfall renders them in `lang` (totals that do not add up,
 * texts missing in the language), by unit and severity: what the checks page lists beside the
 * checks on the stored data.
 */
async function renderedFindings(
  db: Db,
  municipalityId: string,
  year: number,
  lang: Language,
): Promise<(CountedFinding & { unitCode: string })[]> {
  const reports = await checkRenderedReports(db, municipalityId, year, lang, false);
  return [
    ...reports.tables.map((f) => ({ unitCode: f.unitCode, severity: f.severity })),
    ...reports.missing.map((m) => ({ unitCode: m.unitCode, severity: 'warning' as const })),
  ];
}

/** The year's unit tree with each unit's binding-line figures up to `toMonth`, breaches, findings and state. */
export async function yearOverview(
  db: Db,
  municipalityId: string,
  year: number,
  options: {
    toMonth?: number;
    /**
     * The language of the reports whose rendering is checked too, as the checks page checks them
     * (its default is the reader's language): the findings then count what that page lists.
     */
    lang?: Language;
  } = {},
): Promise<OverviewData> {
  const name = await assertYear(db, municipalityId, year);
  const toMonth = await resolveToMonth(db, municipalityId, year, options.toMonth);
  const units = await listUnits(db, municipalityId, year);
  const tree = treeOf(units);
  const mapping = await accountMapping(db, municipalityId, year);
  const { stored, leaves } = await readYear(db, municipalityId, year, units, toMonth, mapping);
  const bound = new Map(stored.bindings.map((b) => [b.unitCode, b.line]));
  // At an interim period, every unit's lines to date and the forecast for the year, as the
  // interim report computes them (the period's entries, else actual to date plus the remaining
  // budget).
  const interim = await interimOf(db, municipalityId, year, units, leaves, toMonth);
  const findings = await runChecks(db, municipalityId, year, stored, {
    toMonth,
    leaves,
    forecasts: interim?.entered ?? [],
  });
  const figures = figuresByUnit(units, leaves);
  // The workflow of the period's report: the interim report's at an interim period.
  const states = await reportStates(db, municipalityId, year, reportingPeriod(toMonth));
  const counted: (CountedFinding & { unitCode: string })[] = [
    ...findings,
    ...(options.lang ? await renderedFindings(db, municipalityId, year, options.lang) : []),
  ];
  const findingsOf = new Map<string, CountedFinding[]>();
  for (const finding of counted) {
    findingsOf.set(finding.unitCode, [...(findingsOf.get(finding.unitCode) ?? []), finding]);
  }
  return {
    municipality: { id: municipalityId, name },
    year,
    toMonth,
    units: tree.map((unit) => {
      const lines = interim?.lines.get(unit.code);
      const figuresOf = bindingFigures(figures.get(unit.code) ?? [], bound.get(unit.code), lines);
      const forecast = figuresOf ? lines?.find((l) => l.code === figuresOf.line) : undefined;
      const binding = figuresOf && {
        ...figuresOf,
        forecast: forecast?.forecast ?? null,
        forecastDeviation: forecast?.forecastDeviation ?? null,
      };
      return {
        code: unit.code,
        parentCode: unit.parent,
        kind: unit.kind,
        names: unit.names,
        depth: unit.depth,
        responsible: unit.responsible,
        binding,
        breach: isBreach(binding),
        overrun: isOverrun(binding),
        // Like the breach: only a binding stated for the unit, not the margin shown instead.
        forecastExceeded: !!binding && binding.bound && !!forecast && forecastExceeds(forecast),
        findings: countFindings(findingsOf.get(unit.code) ?? []),
        state: shownState(stateChain(units, (code) => states.get(code)?.state, unit.code)),
      };
    }),
    findings: countFindings(counted),
    allFindings: findings,
  };
}

/**
 * What a line of the unit page carries at an interim period besides the year's figures
 * (src/domain/interim.ts): the budget to date, the use % against it (its deviation is then
 * actual − budget to date), and the forecast for the year with its deviation from the revised
 * budget.
 */
export interface LineToDate {
  revisedToDate: Cents | null;
  usePercent: number | null;
  forecast: Cents | null;
  forecastDeviation: Cents | null;
}

export interface FigureLineData extends LineFigures, Partial<LineToDate> {
  label: Names;
  binding: boolean;
}

export interface MonthlyPointData {
  month: number;
  /** Cumulative actual up to the month; null for months after the last one in the figures. */
  actual: Cents | null;
  /**
   * The revised budget's stored months (budget and changes, each by its own spread), cumulative
   * up to the month: the budget to date at the month, the revised budget at December.
   */
  budget: Cents | null;
}

export interface UnitRefData {
  code: string;
  kind: UnitKind;
  names: Names;
}

export interface UnitPageData {
  unit: Unit;
  ancestors: UnitRefData[];
  children: (UnitRefData & { binding: BindingFigures | null })[];
  toMonth: number | null;
  /**
   * The reporting period whose texts, key goals' assessment, workflow state and approval the
   * page carries (its last month): `toMonth` at an interim period, else 12 (the year's).
   */
  period: number;
  /** The workflow state of the period's report. */
  state: StateOfReport;
  /** The report whose approval freezes the unit's content: its own or one above it; null: open. */
  frozenBy: { code: string; state: ReportState } | null;
  /** The unit's approval in force: when, by whom, and its snapshot's SHA-256. */
  approval: { approvedAt: string; approvedBy: string; sha256: string } | null;
  binding: BindingFigures;
  lines: FigureLineData[];
  monthly: MonthlyPointData[];
  narratives: Narrative[];
  goals: StoredGoal[];
  themes: Theme[];
  /** With their ids and versions, for editing one (PATCH …/risks/:id). */
  risks: StoredRisk[];
  comments: Comment[];
  findings: CheckFinding[];
}

const ref = (unit: Unit): UnitRefData => ({ code: unit.code, kind: unit.kind, names: unit.names });

/**
 * One unit's page: its table up to `toMonth`, the monthly development of its binding line, its
 * content. At an interim period the table's figures are to date and the content is the interim
 * report's (reportingPeriod): its texts, key goals' outcome and status, workflow and approval.
 */
export async function unitPage(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
  options: { toMonth?: number } = {},
): Promise<UnitPageData> {
  await assertYear(db, municipalityId, year);
  const units = await listUnits(db, municipalityId, year);
  const unit = units.find((u) => u.code === unitCode);
  if (!unit) {
    throw new UtfallError('unit.unknown', {
      unit: unitCode,
      known: units
        .slice(0, 12)
        .map((u) => u.code)
        .join(', '),
    });
  }
  const ancestors: UnitRefData[] = ancestorsOf(units, unit).map(ref);

  const toMonth = await resolveToMonth(db, municipalityId, year, options.toMonth);
  const mapping = await accountMapping(db, municipalityId, year);
  const read = await readYear(db, municipalityId, year, units, toMonth, mapping);
  const { leaves } = read;
  const period = reportingPeriod(toMonth);
  // The year's goals, read once: all of them are checked, and at the year the unit's are shown.
  const yearGoals = await goals(db, municipalityId, year);
  const stored: StoredYear = { ...read.stored, goals: yearGoals };
  // At an interim period the unit's goals with the period's own outcome and status.
  const shownGoals =
    period === YEAR_END
      ? yearGoals.filter((goal) => goal.unitCode === unit.code)
      : await goals(db, municipalityId, year, unit.code, period);
  const bound = new Map(stored.bindings.map((b) => [b.unitCode, b.line]));
  const all = figuresByUnit(units, leaves);
  const interim = await interimOf(db, municipalityId, year, units, leaves, toMonth);
  const figures = all.get(unit.code) ?? [];
  const toDateLines = interim?.lines.get(unit.code);
  const boundLine = bound.get(unit.code);
  const binding = bindingFigures(figures, boundLine, toDateLines) ?? {
    line: FALLBACK_LINE,
    bound: false,
    budget: null,
    changes: null,
    revised: null,
    actual: null,
    deviation: null,
    usePercent: null,
    ...(interim ? { revisedToDate: null } : {}),
  };
  const scope = { municipalityId, year, unitCode: unit.code, period };
  const states = await reportStates(db, municipalityId, year, period);
  const codeOf = unitCodeLookup(units);
  const approval = (
    await snapshots(db, municipalityId, year, { unitCode: unit.code, period, withData: false })
  ).at(-1);
  return {
    unit,
    ancestors,
    frozenBy: frozenBy(stateChain(units, (code) => states.get(code)?.state, unit.code)),
    approval: approval
      ? {
          approvedAt: approval.approvedAt.toISOString(),
          approvedBy: approval.approvedBy,
          sha256: approval.sha256,
        }
      : null,
    children: units
      .filter((u) => u.parentCode === unit.code)
      .map((child) => ({
        ...ref(child),
        binding: bindingFigures(
          all.get(child.code) ?? [],
          bound.get(child.code),
          interim?.lines.get(child.code),
        ),
      })),
    toMonth,
    period,
    state: states.get(unit.code) ?? { state: 'draft', reason: null },
    binding,
    lines: figures.map((line) => {
      const now = toDateLines?.find((l) => l.code === line.code);
      return {
        ...line,
        ...(now
          ? {
              ...toDate(now),
              forecast: now.forecast,
              forecastDeviation: now.forecastDeviation,
            }
          : {}),
        label: lineDefinition(line.code).names,
        binding: line.code === boundLine,
      };
    }),
    monthly: await monthlyDevelopment(db, municipalityId, year, units, unit.code, {
      line: binding.line,
      toMonth,
      mapping,
    }),
    narratives: await getNarratives(db, scope),
    // An indicator bound to a figure shows (and is marked met or not by) the live figure, the
    // year's as the report's texts print it.
    goals: shownGoals.map((goal) => ({
      ...goal,
      indicators: goal.indicators.map((i) =>
        withBoundActual(i, (written) => {
          const code = codeOf(written);
          return code === undefined ? null : (all.get(code) ?? []);
        }),
      ),
    })),
    themes: await themes(db, municipalityId, year),
    risks: await storedRisks(db, municipalityId, year, unit.code),
    comments: await comments(db, scope),
    findings: (
      await runChecks(db, municipalityId, year, stored, {
        toMonth,
        leaves: read.leaves,
        forecasts: interim?.entered ?? [],
      })
    ).filter((f) => f.unitCode === unit.code),
  };
}

/**
 * The cumulative actual of one line (own entries of the unit and its descendants) at the end of
 * each month up to `toMonth`, beside the cumulative revised budget from the budget entries'
 * stored months (budget_entry.months: the budget to date at each month, the revised budget at
 * December), both rolled up to the line as the figures roll them up.
 */
export async function monthlyDevelopment(
  db: Db,
  municipalityId: string,
  year: number,
  units: readonly Unit[],
  unitCode: string,
  of: {
    line: LineCode;
    toMonth: number | null;
    /** The year's mapping, when the caller has read it. */
    mapping?: AccountMapping;
  },
): Promise<MonthlyPointData[]> {
  const members = [...subtreeOf(units, unitCode)];
  const mapping = of.mapping ?? (await accountMapping(db, municipalityId, year));
  const lineOf = accountResolver(mapping);
  const rows = await monthlyActuals(db, municipalityId, year, members);
  // Own sums per leaf line and month, as leafAmounts resolves them.
  const monthly = new Map<LineCode, number[]>();
  for (const row of rows) {
    const line: LineCode | undefined =
      row.kind === 'internal' || row.kind === 'imputed' ? row.kind : lineOf(row.account);
    if (!line) continue;
    const sums = monthly.get(line) ?? new Array<number>(12).fill(0);
    row.amounts.forEach((amount, month) => {
      if (month < 12) sums[month] = cents(sums[month]! + centsFrom(amount));
    });
    monthly.set(line, sums);
  }
  // The subtree's revised budget per leaf line and month.
  const budgeted = new Map<LineCode, number[]>();
  for (const entry of await budgetMonths(db, municipalityId, year, members, { mapping })) {
    const sums = budgeted.get(entry.line) ?? new Array<number>(12).fill(0);
    entry.months.forEach((amount, month) => {
      sums[month] = cents(sums[month]! + amount);
    });
    budgeted.set(entry.line, sums);
  }
  const points: MonthlyPointData[] = [];
  const running = new Map<LineCode, number>();
  const runningBudget = new Map<LineCode, number>();
  for (let month = 1; month <= 12; month += 1) {
    for (const [line, sums] of monthly)
      running.set(line, (running.get(line) ?? 0) + sums[month - 1]!);
    for (const [line, sums] of budgeted)
      runningBudget.set(line, (runningBudget.get(line) ?? 0) + sums[month - 1]!);
    const booked = of.toMonth !== null && month <= of.toMonth && monthly.size > 0;
    const leaves = new Map<
      LineCode,
      { budget: Cents | null; changes: null; actual: Cents | null }
    >();
    for (const line of new Set([...runningBudget.keys(), ...(booked ? running.keys() : [])])) {
      const budget = runningBudget.get(line);
      const actual = booked ? running.get(line) : undefined;
      leaves.set(line, {
        budget: budget === undefined ? null : cents(budget),
        changes: null,
        actual: actual === undefined ? null : cents(actual),
      });
    }
    // The budget and changes come as one cumulative revised amount: revised = that amount.
    const line = linesFromLeaves(leaves).find((l) => l.code === of.line);
    points.push({ month, actual: line?.actual ?? null, budget: line?.revised ?? null });
  }
  return points;
}
