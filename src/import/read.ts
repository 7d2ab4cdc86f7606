/**
 * What every parser does around its rows: open the table, resolve the header, and at the end
 * put the file-level problems of the reader before the row problems.
 */
import {
  resolveHeader,
  requireColumns,
  type ColumnMap,
  type Columns,
  type HeaderSpec,
} from './headers.js';
import { cents, type Cents } from '../domain/money.js';
import { findLine, lineDefinition, type LineCode } from '../domain/lines.js';
import { ProblemLog } from './problems.js';
import { lastAmountFailure, scanAmount } from './values.js';
import { openTable, type Table } from './table.js';
import { MAX_REPORTED_PROBLEMS, type ImportProblem } from './types.js';

/** A table with its resolved header and the log for its problems. */
export interface Opened<F extends string> {
  table: Table;
  log: ProblemLog;
  columns: Columns<F>;
  /** False when the file or its header is unusable: then the rows are not read. */
  usable: boolean;
}

/**
 * Opens a file and resolves its header against `spec`, requiring one of `groups` in full;
 * `named` are the columns the user has named (resolveHeader).
 */
export async function openWithHeader<F extends string>(
  path: string,
  spec: HeaderSpec<F>,
  groups: readonly (readonly NoInfer<F>[])[],
  named: ColumnMap = {},
): Promise<Opened<F>> {
  const table = await openTable(path);
  const log = new ProblemLog(path);
  const noColumns = Object.fromEntries(Object.keys(spec).map((f) => [f, -1])) as Columns<F>;
  if (table.problems.length > 0) return { table, log, columns: noColumns, usable: false };
  const columns = resolveHeader(table.header, spec, log, table.headerRow, named);
  const complete = requireColumns(columns, spec, log, groups, table.headerRow);
  return { table, log, columns, usable: complete && log.count === 0 };
}

/** The problems of a file: the reader's (file level) first, then those of the rows. */
export function allProblems(
  table: Table,
  log: ProblemLog,
): { problems: ImportProblem[]; problemCount: number } {
  const problems = [...table.problems, ...log.problems].slice(0, MAX_REPORTED_PROBLEMS);
  return { problems, problemCount: table.problemCount + log.count };
}

/** The trimmed text of a cell; empty for an absent column or a short row. */
export function cellAt(cells: readonly string[], column: number): string {
  if (column < 0) return '';
  const text = cells[column];
  return text === undefined ? '' : text.trim();
}

/** True for account numbers: digits only. */
export function isAccount(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** Reads the rest of a table unused, so that its SHA-256 and row count are complete. */
export async function drain(table: Table): Promise<void> {
  for await (const batch of table.batches) void batch;
}

/** A cell's amount in cents; an empty or unreadable cell is a problem of `column` (undefined). */
export function amountCell(
  log: ProblemLog,
  row: number,
  column: string,
  text: string,
): Cents | undefined {
  if (text === '') {
    log.add(row, column, '', 'cell.empty');
    return undefined;
  }
  const value = scanAmount(text);
  if (Number.isNaN(value)) {
    log.add(row, column, text, `amount.${lastAmountFailure()}`);
    return undefined;
  }
  return cents(value);
}

/**
 * A line named by code or label in any language that takes entries of its own; an unknown line
 * and a total (which adds up others) are problems of `column` (undefined).
 */
export function leafLineCell(
  log: ProblemLog,
  row: number,
  column: string,
  label: string,
): LineCode | undefined {
  const line = findLine(label);
  if (line === undefined) {
    log.add(row, column, label, 'line.unknown');
    return undefined;
  }
  if (lineDefinition(line).sumOf) {
    log.add(row, column, label, 'line.notLeaf');
    return undefined;
  }
  return line;
}
