/**
 * The budget file: amounts per unit, by account (mapped to its line) or directly by line.
 * Internal and imputed items go to their own lines whatever their account.
 *
 * With a `period` column the file is a monthly budget: each row is one month's amount, and the
 * rows of one unit, account, line and kind make one record whose months are the file's (months
 * without a row are 0). A period is a month of the budget year — `2023-05`, `5/2023` (what an
 * actuals file takes), a date cell naming its month, or the month's number 1–12. Every row of a
 * monthly budget has a period: a row without one beside rows with one is a problem
 * (`budgetPeriod.mixed`), while a period column left empty on every row is a year budget.
 * Without periods the records carry no months: the service spreads them by a profile
 * (docs/interim.md).
 */
import { ACCOUNT_LINES, lineDefinition, type EntryKind, type LineCode } from '../domain/lines.js';
import { cents, MAX_CENTS, negate, type Cents } from '../domain/money.js';
import { checkMonth } from '../domain/period.js';
import { MONTHS } from '../domain/spread.js';
import { BUDGET_HEADERS } from './headers.js';
import {
  allProblems,
  amountCell,
  cellAt,
  drain,
  isAccount,
  leafLineCell,
  openWithHeader,
} from './read.js';
import type { BudgetRecord, ImportContext, ParseResult, ReadOptions } from './types.js';
import { scanPeriodCell } from './values.js';
import { entryKindOf } from './words.js';

const accountLines = new Set<LineCode>(ACCOUNT_LINES);

/** The line of internal and imputed entries. */
export const KIND_LINE: Record<Exclude<EntryKind, 'external'>, LineCode> = {
  internal: 'internal',
  imputed: 'imputed',
};

/** A period cell of a monthly budget: its month, or why it is not one of the year's. */
function monthOf(
  text: string,
  year: number | undefined,
): { month: number } | { code: 'budgetPeriod.invalid' | 'budgetPeriod.otherYear' } {
  const trimmed = text.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    try {
      return { month: checkMonth(Number(trimmed), trimmed) };
    } catch {
      return { code: 'budgetPeriod.invalid' };
    }
  }
  const packed = scanPeriodCell(trimmed);
  if (packed < 0) return { code: 'budgetPeriod.invalid' };
  if (year !== undefined && Math.floor(packed / 100) !== year)
    return { code: 'budgetPeriod.otherYear' };
  return { month: packed % 100 };
}

/** Reads a budget file into records in report sign; every bad cell is a problem. */
export async function parseBudget(
  path: string,
  ctx: ImportContext,
  options: ReadOptions = {},
): Promise<ParseResult<BudgetRecord>> {
  const { table, log, columns, usable } = await openWithHeader(
    path,
    BUDGET_HEADERS,
    [
      ['unit', 'account', 'amount'],
      ['unit', 'line', 'amount'],
    ],
    options.columns,
  );
  const records: BudgetRecord[] = [];
  if (!usable) {
    await drain(table);
    return { source: table.source, records, ...allProblems(table, log) };
  }
  const name = (field: keyof typeof BUDGET_HEADERS) => table.columnName(columns[field]);
  /**
   * The running sum of each unit × line, as the figures add them up: a sum beyond the cent
   * range would be stored, and then every page of the year that adds it up would fail.
   */
  const sums = new Map<string, number>();
  const overflowing = new Set<string>();
  /** A monthly budget: the rows read with their month (null: the row has no period). */
  const monthly = columns.period >= 0;
  const read: { record: BudgetRecord; month: number | null }[] = [];
  let firstWithPeriod: number | null = null;
  const withoutPeriod: number[] = [];
  const year = String(ctx.year ?? 'YYYY');

  for await (const { row, cells } of table.rows) {
    let ok = true;
    const unit = cellAt(cells, columns.unit);
    if (unit === '') {
      log.add(row, name('unit'), '', 'cell.empty');
      ok = false;
    } else if (!ctx.units.has(unit)) {
      log.add(row, name('unit'), unit, 'unit.unknown');
      ok = false;
    }

    const kindText = cellAt(cells, columns.kind);
    let kind: EntryKind | undefined = kindText === '' ? undefined : entryKindOf(kindText);
    if (kindText !== '' && kind === undefined) {
      log.add(row, name('kind'), kindText, 'kind.invalid');
      ok = false;
    }

    const label = cellAt(cells, columns.line);
    let line: LineCode | undefined;
    if (label !== '') {
      line = leafLineCell(log, row, name('line'), label);
      if (line === undefined) ok = false;
    }
    // A line of internal or imputed items sets the kind.
    const lineKind = line === undefined ? undefined : lineDefinition(line).kind;
    if (lineKind !== undefined) {
      if (kind !== undefined && kind !== lineKind) {
        log.add(row, name('kind'), kindText, 'kind.mismatch', { kind: lineKind });
        ok = false;
      }
      kind = lineKind;
    }
    const entryKind: EntryKind = kind ?? 'external';

    const account = cellAt(cells, columns.account);
    let target: LineCode | undefined;
    if (account !== '') {
      if (!isAccount(account)) {
        log.add(row, name('account'), account, 'account.invalid');
        ok = false;
      } else if (entryKind === 'external') {
        target = ctx.lineForAccount(account);
        if (target === undefined) {
          log.add(row, name('account'), account, 'account.unmapped');
          ok = false;
        } else if (line !== undefined && line !== target) {
          log.add(row, name('line'), label, 'line.mismatch', { line: target });
          ok = false;
        }
      } else {
        target = KIND_LINE[entryKind];
        if (line !== undefined && line !== target) {
          log.add(row, name('line'), label, 'kind.mismatch', { kind: entryKind });
          ok = false;
        }
      }
    } else if (line !== undefined) {
      if (entryKind === 'external' && !accountLines.has(line)) {
        log.add(row, name('line'), label, 'line.notLeaf');
        ok = false;
      } else if (entryKind !== 'external' && line !== KIND_LINE[entryKind]) {
        log.add(row, name('kind'), kindText, 'kind.mismatch', {
          kind: lineDefinition(line).kind ?? 'external',
        });
        ok = false;
      }
      target = line;
    } else if (label === '') {
      log.add(row, columns.account >= 0 ? name('account') : name('line'), '', 'account.missing');
      ok = false;
    }

    const text = cellAt(cells, columns.amount);
    const amount = amountCell(log, row, name('amount'), text);
    if (amount === undefined) ok = false;

    let month: number | null = null;
    if (monthly) {
      const period = cellAt(cells, columns.period);
      if (period === '') withoutPeriod.push(row);
      else {
        firstWithPeriod ??= row;
        const found = monthOf(period, ctx.year);
        if ('code' in found) {
          log.add(row, name('period'), period, found.code, { year });
          ok = false;
        } else month = found.month;
      }
    }

    if (!ok || target === undefined || amount === undefined) continue;
    // A monthly budget's months are added up in every order (a month, the months to date, the
    // year, one record's): their sizes must stay within the range together.
    const key = `${unit}\u0000${target}`;
    const sum = (sums.get(key) ?? 0) + (month === null ? amount : Math.abs(amount));
    sums.set(key, sum);
    if ((sum > MAX_CENTS || sum < -MAX_CENTS) && !overflowing.has(key)) {
      overflowing.add(key);
      log.add(row, name('amount'), text, 'amount.sum', { unit, line: target });
    }
    read.push({
      record: {
        row,
        unitCode: unit,
        account: account === '' ? null : account,
        line: target,
        kind: entryKind,
        amount: ctx.sign === 'accounting' ? negate(amount) : amount,
      },
      month,
    });
  }
  if (firstWithPeriod === null || overflowing.size > 0) {
    // No period anywhere (or no period column): a year budget, one record per row. (Sums out
    // of range are refused above; their records are not added up.)
    records.push(...read.map((r) => r.record));
  } else {
    records.push(...monthlyRecords(read));
  }
  if (firstWithPeriod !== null)
    for (const row of withoutPeriod)
      log.add(row, name('period'), '', 'budgetPeriod.mixed', { first: firstWithPeriod });
  return { source: table.source, records, ...allProblems(table, log) };
}

/**
 * The rows of a monthly budget as records: one per unit, account, line and kind, on the row of
 * its first month, with the amounts of the file's months (two rows of one month add up).
 */
function monthlyRecords(read: readonly { record: BudgetRecord; month: number | null }[]) {
  const byKey = new Map<string, BudgetRecord & { months: Cents[] }>();
  for (const { record, month } of read) {
    if (month === null) continue;
    const key = [record.unitCode, record.account ?? '', record.line, record.kind].join('\u0000');
    let entry = byKey.get(key);
    if (!entry) {
      entry = {
        ...record,
        amount: cents(0),
        months: Array.from({ length: MONTHS }, () => cents(0)),
      };
      byKey.set(key, entry);
    }
    entry.amount = cents(entry.amount + record.amount);
    entry.months[month - 1] = cents(entry.months[month - 1]! + record.amount);
  }
  return [...byKey.values()];
}
