/**
 * The year in motion: an interim report's figures up to a month, the forecast for the year, and
 * last year beside this one. Pure: the services feed it the leaf amounts, forecasts and the
 * previous year's figures read from the database.
 *
 * - budget to date (`revisedToDate`): the revised budget's months up to the period's end
 *   (domain/spread.ts says how a budget is spread over its months);
 * - deviation to date: actual to date − budget to date (positive is favourable, as everywhere);
 * - use % (`useRate`): actual to date ÷ budget to date, in percent with one decimal;
 * - forecast: what a unit expects the year to end at, per leaf line. A unit's forecast of a line
 *   is its own entered forecast; without one, its own entries' actual to date plus their
 *   remaining budget (the rest of the year as budgeted) plus its children's forecasts. So an
 *   entered forecast of a central stands for its whole subtree, and a line nobody forecast
 *   follows its budget for the months left. Totals add up their lines' forecasts;
 * - forecast deviation: forecast − revised budget of the year;
 * - change % against the previous year: (actual − previous actual) ÷ previous actual, in percent
 *   with one decimal — the change of the amount itself, so costs that grow show a plus.
 */
import { LINES, type LineCode } from './lines.js';
import type { LeafAmounts, Unit } from './model.js';
import { cents, MAX_CENTS, sumOrNull, type Cents } from './money.js';
import { subtreeOf } from './figures.js';
import { divideRounded, usePercent } from './progress.js';

/** A forecast for the year as entered for a reporting period, on a unit's leaf line. */
export interface ForecastEntry {
  unitCode: string;
  line: LineCode;
  /** Report sign. */
  amount: Cents;
}

/** One line of an interim table, in cents and report sign. */
export interface InterimLine {
  code: LineCode;
  /** The year's revised budget. */
  revised: Cents | null;
  revisedToDate: Cents | null;
  /** Actual to date. */
  actual: Cents | null;
  /** Actual to date ÷ budget to date, percent with one decimal (67.3); null without both. */
  useRate: number | null;
  /** Actual to date − budget to date; null where nothing is booked. */
  deviation: Cents | null;
  forecast: Cents | null;
  /** Forecast − the year's revised budget. */
  forecastDeviation: Cents | null;
  /** Whether someone entered the forecast (or part of it); false where it follows the budget. */
  entered: boolean;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/**
 * part ÷ whole in percent with one decimal (67.3), rounded half away from zero; null for 0 or
 * none — the use % of domain/progress.ts.
 */
export const percentOf: (part: Cents | null, whole: Cents | null) => number | null = usePercent;

/** The change of `actual` from `previous` in percent with one decimal; null without both. */
export function changePercent(actual: Cents | null, previous: Cents | null): number | null {
  if (actual === null || previous === null) return null;
  return percentOf(cents(actual - previous), previous);
}

function revisedOf(leaf: LeafAmounts): Cents | null {
  return sumOrNull([leaf.budget, leaf.changes]);
}

function toDateOf(leaf: LeafAmounts): Cents | null {
  return leaf.revisedToDate !== undefined ? leaf.revisedToDate : revisedOf(leaf);
}

/**
 * A leaf's default forecast: the actual to date plus the budget left for the rest of the year;
 * null for a leaf with neither budget nor actual.
 */
export function remainingForecast(
  line: Pick<InterimLine, 'revised' | 'revisedToDate' | 'actual'>,
): Cents | null {
  if (line.revised === null && line.actual === null) return null;
  return cents((line.actual ?? 0) + (line.revised ?? 0) - (line.revisedToDate ?? 0));
}

interface Sums {
  revised: Cents | null;
  revisedToDate: Cents | null;
  actual: Cents | null;
  forecast: Cents | null;
  entered: boolean;
}

const EMPTY: Sums = {
  revised: null,
  revisedToDate: null,
  actual: null,
  forecast: null,
  entered: false,
};

function complete(code: LineCode, sums: Sums): InterimLine {
  return {
    code,
    revised: sums.revised,
    revisedToDate: sums.revisedToDate,
    actual: sums.actual,
    useRate: percentOf(sums.actual, sums.revisedToDate),
    deviation: sums.actual === null ? null : cents(sums.actual - (sums.revisedToDate ?? 0)),
    forecast: sums.forecast,
    forecastDeviation: sums.forecast === null ? null : cents(sums.forecast - (sums.revised ?? 0)),
    entered: sums.entered,
  };
}

/**
 * Every unit's interim lines at once, over every standard line in report order, from the leaf
 * amounts (with their budget to date) and the entered forecasts of the period.
 */
export function interimByUnit(
  units: readonly Unit[],
  leaves: readonly LeafAmounts[],
  forecasts: readonly ForecastEntry[],
): Map<string, InterimLine[]> {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parentCode === null) continue;
    children.set(unit.parentCode, [...(children.get(unit.parentCode) ?? []), unit.code]);
  }
  const own = new Map<string, Map<LineCode, Sums>>();
  for (const leaf of leaves) {
    const lines = own.get(leaf.unitCode) ?? new Map<LineCode, Sums>();
    const sum = lines.get(leaf.line) ?? EMPTY;
    const revised = sumOrNull([sum.revised, revisedOf(leaf)]);
    const revisedToDate = sumOrNull([sum.revisedToDate, toDateOf(leaf)]);
    const actual = sumOrNull([sum.actual, leaf.actual]);
    lines.set(leaf.line, { ...sum, revised, revisedToDate, actual });
    own.set(leaf.unitCode, lines);
  }
  const entered = new Map(forecasts.map((f) => [`${f.unitCode}\u0000${f.line}`, f.amount]));

  // Each unit's leaf lines, children first (a unit's sums need its children's).
  const done = new Map<string, Map<LineCode, Sums>>();
  const leafLines = LINES.filter((l) => !l.sumOf).map((l) => l.code);
  const visit = (code: string, path: Set<string>): Map<LineCode, Sums> => {
    const cached = done.get(code);
    if (cached) return cached;
    const kids = (children.get(code) ?? [])
      .filter((c) => !path.has(c))
      .map((c) => visit(c, new Set([...path, c])));
    const result = new Map<LineCode, Sums>();
    for (const line of leafLines) {
      const mine = own.get(code)?.get(line) ?? EMPTY;
      const parts = [mine, ...kids.map((k) => k.get(line) ?? EMPTY)];
      const revised = sumOrNull(parts.map((p) => p.revised));
      const revisedToDate = sumOrNull(parts.map((p) => p.revisedToDate));
      const actual = sumOrNull(parts.map((p) => p.actual));
      const set = entered.get(`${code}\u0000${line}`);
      const forecast =
        set ??
        sumOrNull([
          remainingForecast({
            revised: mine.revised,
            revisedToDate: mine.revisedToDate,
            actual: mine.actual,
          }),
          ...kids.map((k) => k.get(line)?.forecast ?? null),
        ]);
      const wasEntered = set !== undefined || kids.some((k) => k.get(line)?.entered === true);
      result.set(line, { revised, revisedToDate, actual, forecast, entered: wasEntered });
    }
    done.set(code, result);
    return result;
  };

  const byUnit = new Map<string, InterimLine[]>();
  for (const unit of units) {
    const sums = new Map(visit(unit.code, new Set([unit.code])));
    for (const line of LINES) {
      if (!line.sumOf) continue;
      const parts = line.sumOf.map((c) => sums.get(c) ?? EMPTY);
      sums.set(line.code, {
        revised: sumOrNull(parts.map((p) => p.revised)),
        revisedToDate: sumOrNull(parts.map((p) => p.revisedToDate)),
        actual: sumOrNull(parts.map((p) => p.actual)),
        forecast: sumOrNull(parts.map((p) => p.forecast)),
        entered: parts.some((p) => p.entered),
      });
    }
    byUnit.set(
      unit.code,
      LINES.map((line) => complete(line.code, sums.get(line.code) ?? EMPTY)),
    );
  }
  return byUnit;
}

/** One unit's interim lines (as interimByUnit gives them for every unit). */
export function interimFigures(
  units: readonly Unit[],
  unitCode: string,
  leaves: readonly LeafAmounts[],
  forecasts: readonly ForecastEntry[],
): InterimLine[] {
  const members = subtreeOf(units, unitCode);
  const result = interimByUnit(
    units.filter((u) => members.has(u.code)),
    leaves.filter((l) => members.has(l.unitCode)),
    forecasts.filter((f) => members.has(f.unitCode)),
  ).get(unitCode);
  return result ?? LINES.map((line) => complete(line.code, EMPTY));
}

export type ForecastMethod = 'remaining' | 'runRate' | 'previousYear';

/** A forecast Utfall proposes for a line, and how it was computed. */
export interface ForecastProposal {
  method: ForecastMethod;
  amount: Cents;
}

/**
 * The forecasts Utfall proposes for a line of a unit at month `toMonth`: the actual to date
 * plus the remaining budget (`remaining`), the actual to date at its pace for twelve months
 * (`runRate`), and the actual to date grown as last year's actual grew from the same month to
 * the year's end (`previousYear`, when last year booked anything by then). Each is rounded half
 * away from zero to the cent; one that would leave the cent range is left out.
 */
export function proposeForecasts(
  line: Pick<InterimLine, 'revised' | 'revisedToDate' | 'actual'>,
  toMonth: number,
  previous?: { toDate: Cents | null; year: Cents | null },
): ForecastProposal[] {
  const result: ForecastProposal[] = [];
  const add = (method: ForecastMethod, amount: bigint | null) => {
    if (amount === null || abs(amount) > BigInt(MAX_CENTS)) return;
    result.push({ method, amount: cents(Number(amount)) });
  };
  const remaining = remainingForecast(line);
  add('remaining', remaining === null ? null : BigInt(remaining));
  if (line.actual !== null) {
    add('runRate', divideRounded(BigInt(line.actual) * 12n, BigInt(toMonth)));
    if (previous && previous.toDate !== null && previous.toDate !== 0 && previous.year !== null)
      add(
        'previousYear',
        divideRounded(BigInt(line.actual) * BigInt(previous.year), BigInt(previous.toDate)),
      );
  }
  return result;
}

/**
 * A binding line forecast to end worse than its revised budget: an early warning (the forecast
 * deviation is negative).
 */
export function forecastExceeds(line: Pick<InterimLine, 'forecastDeviation'>): boolean {
  return line.forecastDeviation !== null && line.forecastDeviation < 0;
}
