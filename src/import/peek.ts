/**
 * A look at the top of a file before importing it: its header, which column feeds which field
 * and the first data rows. The import wizard shows this with the problems of a dry run, so that
 * a user can see what was read and name the columns of a header that is not recognised.
 */
import { FILE_HEADERS, resolveHeader, type ColumnMap, type HeaderSpec } from './headers.js';
import { ProblemLog } from './problems.js';
import { openTable } from './table.js';
import type { FileKind } from './types.js';

/** How many data rows a peek shows unless told otherwise. */
export const PEEK_ROWS = 10;

export interface TablePeek {
  /** Physical row of the header (1 unless the file starts with blank rows); null without one. */
  headerRow: number | null;
  /** Header cells as written in the file; empty when the file could not be read. */
  header: string[];
  /** Each field of the kind → the header text of its column, null when the file has none. */
  columns: Record<string, string | null>;
  /** The first data rows, cells as text. */
  rows: string[][];
  /** The physical row number of each of `rows` (blank rows are skipped, so they may jump). */
  rowNumbers: number[];
}

/**
 * Reads the header and the first `count` data rows of a file as `kind` would, with the columns
 * the user named. Never throws for a bad file: its problems come from the import itself.
 */
export async function peekTable(
  path: string,
  kind: FileKind,
  named: ColumnMap = {},
  count = PEEK_ROWS,
): Promise<TablePeek> {
  const spec: HeaderSpec<string> = FILE_HEADERS[kind];
  const table = await openTable(path);
  const noColumns = Object.fromEntries(Object.keys(spec).map((field) => [field, null]));
  if (table.problems.length > 0 || table.header.length === 0) {
    return { headerRow: null, header: [], columns: noColumns, rows: [], rowNumbers: [] };
  }
  // The import reports the header's problems; here they would only be counted twice.
  const found = resolveHeader(table.header, spec, new ProblemLog(path), table.headerRow, named);
  const columns = Object.fromEntries(
    Object.entries<number>(found).map(([field, index]) => [
      field,
      index >= 0 ? table.columnName(index) : null,
    ]),
  );
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  if (count > 0) {
    // Leaving the loop early closes the file: only the first rows are read.
    for await (const { row, cells } of table.rows) {
      rows.push([...cells]);
      rowNumbers.push(row);
      if (rows.length >= count) break;
    }
  }
  return { headerRow: table.headerRow, header: [...table.header], columns, rows, rowNumbers };
}
