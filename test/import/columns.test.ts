/**
 * Columns named by the user (the import wizard's column mapping): a header that is not
 * recognised becomes usable, named columns win over recognised names, and a named header that
 * the file lacks is a problem with its row. The peek shows the header, the fields and the first rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateActuals } from '../../src/import/actuals.js';
import { parseBudget } from '../../src/import/budget.js';
import { BUDGET_HEADERS, resolveHeader } from '../../src/import/headers.js';
import { parseOrg } from '../../src/import/org.js';
import { peekTable } from '../../src/import/peek.js';
import { ProblemLog } from '../../src/import/problems.js';
import { BAD, context, GOOD } from './context.js';

const work = mkdtempSync(join(tmpdir(), 'utfall-columns-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('resolveHeader with named columns', () => {
  it('takes a named column for its field, in any case and spacing', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['Kst', 'Tilinro', 'Euroa yht.'], BUDGET_HEADERS, log, 1, {
      unit: 'kst',
      account: 'TILINRO',
      amount: ' Euroa  yht. ',
    });
    expect(columns).toEqual({ unit: 0, account: 1, line: -1, amount: 2, kind: -1, period: -1 });
    expect(log.count).toBe(0);
  });

  it('lets a named column win over a recognised one, without a duplicate problem', () => {
    const log = new ProblemLog('b.csv');
    // `amount` is recognised, but the user says the amount is in `netto`.
    const columns = resolveHeader(['unit', 'account', 'amount', 'netto'], BUDGET_HEADERS, log, 1, {
      amount: 'netto',
    });
    expect(columns.amount).toBe(3);
    expect(log.count).toBe(0);
  });

  it('does not feed another field from a column the user named', () => {
    const log = new ProblemLog('b.csv');
    // `konto` is the name of the account field, but the user says it holds the unit.
    const columns = resolveHeader(['konto', 'line', 'amount'], BUDGET_HEADERS, log, 1, {
      unit: 'konto',
    });
    expect(columns).toMatchObject({ unit: 0, account: -1, line: 1, amount: 2 });
  });

  it('reports a named header that the file does not have, on the header row', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['unit', 'account', 'x'], BUDGET_HEADERS, log, 3, {
      amount: 'Summa',
    });
    expect(columns.amount).toBe(-1);
    expect(log.problems).toEqual([
      expect.objectContaining({
        file: 'b.csv',
        row: 3,
        column: null,
        value: 'Summa',
        code: 'header.unmatched',
        params: { field: 'amount' },
      }),
    ]);
  });

  it('ignores fields the kind does not have and empty names', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['unit', 'account', 'amount'], BUDGET_HEADERS, log, 1, {
      voucher: 'unit',
      kind: '',
      toString: 'amount',
    });
    expect(columns).toEqual({ unit: 0, account: 1, line: -1, amount: 2, kind: -1, period: -1 });
    expect(log.count).toBe(0);
  });
});

describe('parsers with named columns', () => {
  const odd = (name: string) => file(name, 'Kst;Tilinro;Euroa yht.\n110100;4000;-1 000,50\n');

  it('a budget with an unknown header fails without names and reads with them', async () => {
    const path = odd('odd-budget.csv');
    const plain = await parseBudget(path, context());
    expect(plain.problems.length).toBeGreaterThan(0);
    expect(new Set(plain.problems.map((p) => p.code))).toEqual(new Set(['header.missing']));

    const named = await parseBudget(path, context(), {
      columns: { unit: 'Kst', account: 'Tilinro', amount: 'Euroa yht.' },
    });
    expect(named.problems).toEqual([]);
    expect(named.records).toEqual([
      expect.objectContaining({ row: 2, unitCode: '110100', account: '4000', amount: -100050 }),
    ]);
  });

  it('problems in a named column name its header as written', async () => {
    const path = file('odd-amount.csv', 'Kst;Tilinro;Euroa yht.\n110100;4000;12,3x\n');
    const result = await parseBudget(path, context(), {
      columns: { unit: 'Kst', account: 'Tilinro', amount: 'Euroa yht.' },
    });
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ['amount.invalid', 2, 'Euroa yht.', '12,3x'],
    ]);
  });

  it('a ledger with its own header names', async () => {
    const path = file(
      'odd-ledger.csv',
      'Bokf.dag,Huvudkonto,Ansvar,Netto\n2023-03-31,4000,120100,-10.00\n',
    );
    const result = await aggregateActuals(path, context(), {
      columns: { date: 'Bokf.dag', account: 'Huvudkonto', unit: 'Ansvar', amount: 'Netto' },
    });
    expect(result.problems).toEqual([]);
    expect(result.balances).toEqual([
      expect.objectContaining({ unitCode: '120100', account: '4000', month: 3, amount: -1000 }),
    ]);
  });

  it('an organisation whose names are in columns of its own naming', async () => {
    const path = file('odd-org.csv', 'id,över,benämning\nNEW,STK,Ny enhet\n');
    const result = await parseOrg(path, context(), {
      columns: { code: 'id', parent: 'över', name_sv: 'benämning' },
    });
    expect(result.problems).toEqual([]);
    expect(result.records[0]).toMatchObject({ code: 'NEW', parentCode: 'STK' });
  });

  it('without names, a good file reads as before', async () => {
    const result = await parseBudget(`${GOOD}/budget.csv`, context(), {});
    expect(result.problems).toEqual([]);
    expect(result.records.length).toBeGreaterThan(0);
  });
});

describe('peekTable', () => {
  it('shows the header, each field’s column and the first rows with their numbers', async () => {
    const peek = await peekTable(`${GOOD}/ledger.csv`, 'actuals');
    expect(peek.headerRow).toBe(1);
    expect(peek.header).toEqual([
      'Datum',
      'Konto',
      'Kostnadsställe',
      'Belopp',
      'Text',
      'Verifikat',
    ]);
    expect(peek.columns).toEqual({
      date: 'Datum',
      period: null,
      account: 'Konto',
      unit: 'Kostnadsställe',
      amount: 'Belopp',
      kind: null,
      text: 'Text',
      voucher: 'Verifikat',
    });
    expect(peek.rows[0]).toEqual(['2.1.2023', '3000', '110100', '1 500,00', 'Försäljning', '5001']);
    expect(peek.rows.length).toBe(peek.rowNumbers.length);
    expect(peek.rowNumbers[0]).toBe(2);
  });

  it('stops after the rows asked for', async () => {
    const lines = ['unit,account,amount'];
    for (let i = 0; i < 50; i++) lines.push(`110100,4000,${i}`);
    const path = file('long.csv', lines.join('\n') + '\n');
    const peek = await peekTable(path, 'budget', {}, 3);
    expect(peek.rows).toEqual([
      ['110100', '4000', '0'],
      ['110100', '4000', '1'],
      ['110100', '4000', '2'],
    ]);
    expect(peek.rowNumbers).toEqual([2, 3, 4]);
  });

  it('reads workbooks', async () => {
    const peek = await peekTable(`${GOOD}/budget.xlsx`, 'budget');
    expect(peek.header.length).toBeGreaterThan(0);
    expect(peek.columns.amount).not.toBeNull();
    expect(peek.rows.length).toBeGreaterThan(0);
  });

  it('uses the named columns', async () => {
    const path = file('peek-odd.csv', 'Kst;Tilinro;Euroa yht.\n110100;4000;-1 000,50\n');
    const peek = await peekTable(path, 'budget', { amount: 'Euroa yht.' });
    expect(peek.columns).toMatchObject({ unit: null, account: null, amount: 'Euroa yht.' });
  });

  it('gives nothing for a file that cannot be read', async () => {
    for (const name of ['empty.csv', 'binary.csv', 'not-really.xlsx']) {
      const peek = await peekTable(`${BAD}/${name}`, 'budget');
      expect(peek).toMatchObject({ headerRow: null, header: [], rows: [] });
    }
  });
});
