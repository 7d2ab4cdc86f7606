/**
 * The account mapping: inclusive account ranges (or single accounts) and the report line
 * they feed. Ranges of one file must not overlap, whatever their number of digits.
 */
import { ACCOUNT_LINES, findLine } from '../domain/lines.js';
import { MAPPING_HEADERS } from './headers.js';
import { allProblems, cellAt, drain, isAccount, openWithHeader } from './read.js';
import type { ImportContext, MappingRecord, ParseResult, ReadOptions } from './types.js';

const accountLines = new Set(ACCOUNT_LINES);

/** Reads an account mapping file: digit ranges, from ≤ to, no overlaps, leaf lines only. */
export async function parseMapping(
  path: string,
  _ctx: ImportContext,
  options: ReadOptions = {},
): Promise<ParseResult<MappingRecord>> {
  const { table, log, columns, usable } = await openWithHeader(
    path,
    MAPPING_HEADERS,
    [
      ['from', 'to', 'line'],
      ['account', 'line'],
      ['from', 'line'],
    ],
    options.columns,
  );
  const records: MappingRecord[] = [];
  /** The column each record's `from` came from, for overlap problems. */
  const fromColumns = new Map<number, string>();
  if (!usable) {
    await drain(table);
    return { source: table.source, records, ...allProblems(table, log) };
  }
  const name = (field: keyof typeof MAPPING_HEADERS) => table.columnName(columns[field]);

  for await (const { row, cells } of table.rows) {
    let ok = true;
    // A range, or a single account (also a range with an empty `to`).
    let from = cellAt(cells, columns.from);
    let fromColumn = name('from');
    let to = cellAt(cells, columns.to);
    let toColumn = name('to');
    if (from === '' && columns.account >= 0) {
      from = cellAt(cells, columns.account);
      fromColumn = name('account');
    }
    if (to === '') {
      to = from;
      toColumn = fromColumn;
    }
    if (from === '') {
      log.add(row, columns.from >= 0 ? name('from') : name('account'), '', 'cell.empty');
      ok = false;
    } else if (!isAccount(from)) {
      log.add(row, fromColumn, from, 'account.invalid');
      ok = false;
    }
    if (to !== from && !isAccount(to)) {
      log.add(row, toColumn, to, 'account.invalid');
      ok = false;
    } else if (ok && to.length !== from.length) {
      log.add(row, toColumn, to, 'range.digits');
      ok = false;
    } else if (ok && to < from) {
      log.add(row, toColumn, to, 'range.reversed');
      ok = false;
    }

    const label = cellAt(cells, columns.line);
    const line = label === '' ? undefined : findLine(label);
    if (label === '') {
      log.add(row, name('line'), '', 'cell.empty');
      ok = false;
    } else if (line === undefined) {
      log.add(row, name('line'), label, 'line.unknown');
      ok = false;
    } else if (!accountLines.has(line)) {
      log.add(row, name('line'), label, 'line.notAccountLine');
      ok = false;
    }
    if (ok && line !== undefined) {
      records.push({ row, from, to, line });
      fromColumns.set(row, fromColumn);
    }
  }

  // Compare ranges on a common number of digits: 4000–4299 covers 400000–429999.
  const width = Math.max(0, ...records.map((r) => r.from.length));
  const spans = records
    .map((record) => ({
      record,
      low: record.from.padEnd(width, '0'),
      high: record.to.padEnd(width, '9'),
    }))
    .sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : a.record.row - b.record.row));
  let widest: (typeof spans)[number] | undefined;
  for (const span of spans) {
    if (widest && span.low <= widest.high) {
      const [earlier, later] =
        widest.record.row < span.record.row ? [widest, span] : [span, widest];
      const column = fromColumns.get(later.record.row) ?? null;
      log.add(later.record.row, column, later.record.from, 'range.overlap', {
        other: earlier.record.row,
        range: `${earlier.record.from}–${earlier.record.to}`,
      });
    }
    if (!widest || span.high > widest.high) widest = span;
  }
  log.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { source: table.source, records, ...allProblems(table, log) };
}
