/**
 * Additive rounding of a figure table: cells are rounded to whole euros (or to another printed
 * unit, e.g. thousands of euros) so that every printed total equals the sum of its printed parts
 * (LINES[].sumOf), each cell within one printed unit of its exact value. Pure and integer-only.
 * The method below speaks of euros; with another unit, read that unit instead.
 *
 * Method (largest remainder, top-down): the margin is rounded on its own (roundToEuros); its
 * printed value is then distributed over its parts (revenue, stockChange, ownUse, costs), and
 * the printed revenue and costs over their detail lines. Each part starts from its value
 * rounded down to whole euros; the euros still missing to reach the total go to the parts with
 * the largest remainders (ties: report order). For a consistent group (the total's exact value
 * equals the sum of its parts' exact values) this keeps every cell strictly within 1 € of its
 * exact value. A group whose total does not equal the sum of its parts is rounded independently
 * instead (roundToEuros per cell), since no additive rounding can be faithful to it.
 *
 * Each column is made additive on its own. Relations between columns are not kept: printed
 * revised may differ by 1 € from printed budget + changes, and printed deviation from printed
 * actual − revised. The report's footnote says so.
 */
import { LINES, type LineCode } from './lines.js';
import type { LineFigures } from './model.js';
import { EURO, roundToUnit, type Cents } from './money.js';

export const ROUNDED_COLUMNS = ['budget', 'changes', 'revised', 'actual', 'deviation'] as const;
export type RoundedColumn = (typeof ROUNDED_COLUMNS)[number];

const ORDER = new Map<LineCode, number>(LINES.map((line, index) => [line.code, index]));

/** Totals from the top down: a total is handled before the totals among its parts. */
const TOTALS_TOP_DOWN = LINES.filter((line) => line.sumOf).reverse();

/** Whole units rounded down, and the remainder in cents (0 to unit − 1), exactly. */
function floorUnits(amount: number, unit: number): { units: number; remainder: number } {
  const remainder = ((amount % unit) + unit) % unit;
  return { units: (amount - remainder) / unit, remainder };
}

/**
 * Rounds one column of a figure table additively to whole units of `unit` cents (default: whole
 * euros). Lines not given are treated as empty; a cell without a figure stays null (and counts
 * as 0 in its total).
 */
export function roundTableAdditively(
  rows: readonly { line: LineCode; cents: Cents | null }[],
  unit: number = EURO,
): Map<LineCode, number | null> {
  const round = (amount: Cents): number => roundToUnit(amount, unit);
  const exact = new Map<LineCode, Cents | null>();
  for (const row of rows) if (!exact.has(row.line)) exact.set(row.line, row.cents);

  const printed = new Map<LineCode, number | null>();
  for (const row of rows) {
    if (printed.has(row.line)) continue;
    printed.set(row.line, row.cents === null ? null : round(row.cents));
  }

  /** Totals already given a printed value by their parent's distribution. */
  const decided = new Set<LineCode>();
  for (const total of TOTALS_TOP_DOWN) {
    const parts = total.sumOf ?? [];
    const totalCents = exact.get(total.code) ?? null;
    const partCents = parts.map((code) => exact.get(code) ?? null);
    const partSum = partCents.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    const consistent =
      totalCents === null ? partCents.every((value) => value === null) : totalCents === partSum;
    if (!consistent || totalCents === null) continue;
    const target = decided.has(total.code)
      ? (printed.get(total.code) ?? round(totalCents))
      : round(totalCents);
    printed.set(total.code, target);

    const split = parts.map((code, index) => ({
      code,
      present: partCents[index] !== null && partCents[index] !== undefined,
      ...floorUnits(partCents[index] ?? 0, unit),
    }));
    let missing = target - split.reduce((sum, part) => sum + part.units, 0);
    const byRemainder = split
      .filter((part) => part.present && part.remainder > 0)
      .sort(
        (a, b) => b.remainder - a.remainder || (ORDER.get(a.code) ?? 0) - (ORDER.get(b.code) ?? 0),
      );
    const bumped = new Set<LineCode>();
    for (const part of byRemainder) {
      if (missing <= 0) break;
      bumped.add(part.code);
      missing -= 1;
    }
    if (missing !== 0) {
      // Unreachable for a consistent group (see the module comment); keep the cells faithful.
      continue;
    }
    for (const part of split) {
      if (!part.present) continue;
      printed.set(part.code, part.units + (bumped.has(part.code) ? 1 : 0));
      decided.add(part.code);
    }
  }
  return printed;
}

/**
 * Rounds every column of a unit's lines additively to whole units of `unit` cents, each column
 * on its own (see the module comment: revised and deviation may then differ by one unit from the
 * printed columns they derive from).
 */
export function roundColumnsAdditively(
  lines: readonly LineFigures[],
  unit: number = EURO,
): Map<LineCode, Record<RoundedColumn, number | null>> {
  const perColumn = ROUNDED_COLUMNS.map((column) =>
    roundTableAdditively(
      lines.map((line) => ({ line: line.code, cents: line[column] })),
      unit,
    ),
  );
  const result = new Map<LineCode, Record<RoundedColumn, number | null>>();
  for (const line of lines) {
    if (result.has(line.code)) continue;
    const cell = (index: number) => perColumn[index]?.get(line.code) ?? null;
    result.set(line.code, {
      budget: cell(0),
      changes: cell(1),
      revised: cell(2),
      actual: cell(3),
      deviation: cell(4),
    });
  }
  return result;
}
