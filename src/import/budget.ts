/**
 * The budget file: amounts per unit, by account (mapped to its line) or directly by line.
 * Internal and imputed items go to their own lines whatever their account.
 */
import {
  ACCOUNT_LINES,
  findLine,
  lineDefinition,
  type EntryKind,
  type LineCode,
} from '../domain/lines.js';
import { cents, MAX_CENTS, negate, type Cents } from '../domain/money.js';
import { BUDGET_HEADERS } from './headers.js';
import { allProblems, cellAt, drain, isAccount, openWithHeader } from './read.js';
import type { BudgetRecord, ImportContext, ParseResult, ReadOptions } from './types.js';
import { scanAmount, lastAmountFailure } from './values.js';
import { entryKindOf } from './words.js';

const accountLines = new Set<LineCode>(ACCOUNT_LINES);

/** The line of internal and imputed entries. */
export const KIND_LINE: Record<Exclude<EntryKind, 'external'>, LineCode> = {
  internal: 'internal',
  imputed: 'imputed',
};

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
      line = findLine(label);
      if (line === undefined) {
        log.add(row, name('line'), label, 'line.unknown');
        ok = false;
      } else if (lineDefinition(line).sumOf) {
        log.add(row, name('line'), label, 'line.notLeaf');
        ok = false;
        line = undefined;
      }
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
    let amount: Cents | undefined;
    if (text === '') {
      log.add(row, name('amount'), '', 'cell.empty');
      ok = false;
    } else {
      const value = scanAmount(text);
      if (Number.isNaN(value)) {
        log.add(row, name('amount'), text, `amount.${lastAmountFailure()}`);
        ok = false;
      } else amount = cents(value);
    }

    if (!ok || target === undefined || amount === undefined) continue;
    const key = `${unit}\u0000${target}`;
    const sum = (sums.get(key) ?? 0) + amount;
    sums.set(key, sum);
    if ((sum > MAX_CENTS || sum < -MAX_CENTS) && !overflowing.has(key)) {
      overflowing.add(key);
      log.add(row, name('amount'), text, 'amount.sum', { unit, line: target });
    }
    records.push({
      row,
      unitCode: unit,
      account: account === '' ? null : account,
      line: target,
      kind: entryKind,
      amount: ctx.sign === 'accounting' ? negate(amount) : amount,
    });
  }
  return { source: table.source, records, ...allProblems(table, log) };
}
