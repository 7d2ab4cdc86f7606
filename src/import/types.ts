/**
 * The contract between the file readers of src/import and the services that write to the
 * database. Readers never touch the database: they parse, validate against an ImportContext and
 * report every problem of a file at once.
 */
import type { Cents } from '../domain/money.js';
import type { EntryKind, LineCode, Names } from '../domain/lines.js';
import type { UnitKind } from '../domain/model.js';
import type { PostingSet } from './postings.js';

export type { FileKind, ImportKind } from '../domain/import-kinds.js';
export type SignConvention = 'report' | 'accounting';

/**
 * One problem in an input file. `code` selects the translated message (src/i18n/locales/<lang>/import.json,
 * key `problem.<code>`); `params` fill it. `row` is the physical row as a spreadsheet shows it
 * (header = 1), `column` the header text as written in the file (or the column letter if none).
 */
export interface ImportProblem {
  file: string;
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  /** What was expected, in English, for logs and JSON; the CLI prints the translated message. */
  expected: string;
  params?: Record<string, string | number>;
}

/** Facts about the file that was read, recorded in the import log. */
export interface SourceInfo {
  file: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  /** CSV only. */
  delimiter?: ',' | ';' | '\t';
  encoding?: 'utf-8' | 'windows-1252';
  /** Data rows read (header excluded). */
  rows: number;
}

/** What the readers need to know of the database to validate rows. */
export interface ImportContext {
  /** Fiscal year; for actuals, when undefined it is taken from the first row and all rows must match. */
  year: number | undefined;
  sign: SignConvention;
  /** Unit codes known for the year (for org imports: the units that exist before the import). */
  units: ReadonlySet<string>;
  /** Resolves an external account to its line under the municipality's mapping. */
  lineForAccount: (account: string) => LineCode | undefined;
}

/** How to read a file beyond what the file itself says. */
export interface ReadOptions {
  /**
   * Columns named by the user (field → header text in the file) for a header that is not
   * recognised; they take precedence over the names of src/import/headers.ts.
   */
  columns?: Readonly<Record<string, string>> | undefined;
  /** Actuals: keep a ledger's postings (date, voucher, text, amount, row) for the drill-down. */
  keepPostings?: boolean | undefined;
  /** Where kept postings may wait on disk while the file is read (the embedded engine's). */
  postingSpill?: string | null | undefined;
}

export interface ParseResult<T> {
  source: SourceInfo;
  records: T[];
  /** At most MAX_REPORTED_PROBLEMS details; `problemCount` tells how many there were in all. */
  problems: ImportProblem[];
  problemCount: number;
}

export const MAX_REPORTED_PROBLEMS = 1000;

export interface OrgRecord {
  row: number;
  code: string;
  parentCode: string | null;
  names: Names;
  kind: UnitKind | null;
  responsible: string | null;
  board: string | null;
  /** Line of this unit that binds towards the council (optional column `binding`). */
  binding: LineCode | null;
}

export interface MappingRecord {
  row: number;
  from: string;
  to: string;
  line: LineCode;
}

export interface BudgetRecord {
  row: number;
  unitCode: string;
  /** Account when the row is at account level; null when given by line. */
  account: string | null;
  line: LineCode;
  kind: EntryKind;
  /** Report sign, after applying the sign convention. */
  amount: Cents;
  /**
   * A monthly budget (the file has a `period` column): the amount month by month, January
   * first, adding up to `amount` (months the file has no row for are 0). Absent for a year
   * budget, which the service spreads by a profile (docs/interim.md).
   */
  months?: Cents[];
}

/** One row of a forecast file: a unit's forecast for the year of a leaf line, at the import's period. */
export interface ForecastRecord {
  row: number;
  unitCode: string;
  line: LineCode;
  /** Report sign, after applying the sign convention. */
  amount: Cents;
}

/** Actuals aggregated to unit × account × kind × month, as they are stored. */
export interface ActualBalance {
  unitCode: string;
  account: string;
  kind: EntryKind;
  /** 1–12 */
  month: number;
  /** Report sign. */
  amount: Cents;
  /** Source lines behind this balance. */
  lines: number;
}

export interface ActualsResult {
  source: SourceInfo;
  year: number | undefined;
  /** 'ledger' for dated lines, 'balances' for monthly periods. */
  layout: 'ledger' | 'balances';
  balances: ActualBalance[];
  /** A ledger's postings per unit × account, when kept (ReadOptions.keepPostings); else null. */
  postings: PostingSet | null;
  /** Months (1–12) present in the file: their stored actuals are replaced unless --append. */
  months: number[];
  problems: ImportProblem[];
  problemCount: number;
}
