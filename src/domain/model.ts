import type { Cents } from './money.js';
import type { EntryKind, LineCode, Names } from './lines.js';

export const UNIT_KINDS = ['city', 'central', 'area', 'costcenter'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(value);
}

/** An organisational unit of a fiscal year: city, central, responsibility area or cost centre. */
export interface Unit {
  code: string;
  parentCode: string | null;
  kind: UnitKind;
  names: Names;
  responsible: string | null;
  board: string | null;
}

/** Budget stages: the original budget and council-approved changes. */
export type BudgetStage = 'original' | 'change';

/** Amounts of one unit's own entries on one leaf line (not yet rolled up). */
export interface LeafAmounts {
  unitCode: string;
  line: LineCode;
  budget: Cents | null;
  changes: Cents | null;
  /**
   * The revised budget's months up to the period's end (budget and changes by month): what an
   * interim report compares the actual to date with. Absent where the amounts came without
   * months (then the period is the year and it is the revised budget).
   */
  revisedToDate?: Cents | null;
  actual: Cents | null;
}

/** One line of a budget-vs-outcome table, in cents and report sign. */
export interface LineFigures {
  code: LineCode;
  budget: Cents | null;
  changes: Cents | null;
  revised: Cents | null;
  actual: Cents | null;
  deviation: Cents | null;
}

/** The line of a unit that binds towards the council. */
export interface Binding {
  unitCode: string;
  line: LineCode;
}

export type { EntryKind };

/**
 * What a line of the figures contract carries for a period (`--period YYYY-MM`): the budget to
 * date, the forecast for the year and its deviation (cents, or null), the use % (one decimal, or
 * null) and, with a previous year in the database, its actual to the same month. The line's
 * `actual` is then the actual to date and its `deviation` actual − revisedToDate.
 */
export interface PeriodFields {
  revisedToDate: Cents | null;
  forecast: Cents | null;
  forecastDeviation: Cents | null;
  useRate: number | null;
  previousActual?: Cents | null;
}

/** The figures contract: later renderers and external tools depend on these field names. */
export interface FiguresReport {
  year: number;
  /** With `--period`: the period's last month (12: the year). */
  period?: number;
  unit: { code: string; name: Names };
  lines: (LineFigures & Partial<PeriodFields>)[];
}
