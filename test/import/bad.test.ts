/** Every bad fixture gives its problems, each with file, row, column, value and expectation. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateActuals } from '../../src/import/actuals.js';
import { parseBudget } from '../../src/import/budget.js';
import { parseMapping } from '../../src/import/mapping.js';
import { parseOrg } from '../../src/import/org.js';
import {
  MAX_REPORTED_PROBLEMS,
  type ImportContext,
  type ImportProblem,
} from '../../src/import/types.js';
import { BAD, context } from './context.js';

type Parser = (
  path: string,
  ctx: ImportContext,
) => Promise<{ problems: ImportProblem[]; problemCount: number }>;

const work = mkdtempSync(join(tmpdir(), 'utfall-bad-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** [code, row, column, value] of each problem. */
async function problemsOf(parser: Parser, name: string, ctx = context()) {
  const file = `${BAD}/${name}`;
  const result = await parser(file, ctx);
  expect(result.problemCount).toBe(result.problems.length);
  for (const found of result.problems) {
    expect(found.file).toBe(file);
    expect(found.expected.length).toBeGreaterThan(0);
  }
  return result.problems.map((p) => [p.code, p.row, p.column, p.value]);
}

describe('file-level failures', () => {
  it.each([
    ['wrong-delimiter.csv', 'file.delimiter'],
    ['empty.csv', 'file.empty'],
    ['truncated.xlsx', 'file.damaged'],
    ['damaged.xlsx', 'file.damaged'],
    ['not-really.xlsx', 'file.notXlsx'],
    ['wrong-encoding.csv', 'file.encoding'],
    ['utf16-no-bom.csv', 'file.encoding'],
    ['binary.csv', 'file.binary'],
    // Mixed encodings are refused at the line where the encoding changes.
    ['mixed-encoding.csv', 'file.encoding', 3],
  ] as [string, string, number?][])('%s → %s, with every parser', async (name, code, row) => {
    for (const parser of [parseOrg, parseMapping, parseBudget, aggregateActuals] as Parser[]) {
      expect(await problemsOf(parser, name)).toEqual([[code, row ?? null, null, null]]);
    }
  });

  it('header-only.csv → file.noRows on the header row', async () => {
    expect(await problemsOf(parseBudget, 'header-only.csv')).toEqual([
      ['file.noRows', 1, null, null],
    ]);
    const ledger = join(work, 'ledger-header-only.csv');
    writeFileSync(ledger, 'date;account;unit;amount\r\n');
    const result = await aggregateActuals(ledger, context());
    expect(result.problems.map((p) => [p.code, p.row])).toEqual([['file.noRows', 1]]);
  });

  it('an empty result has no records', async () => {
    const result = await parseBudget(`${BAD}/truncated.xlsx`, context());
    expect(result.records).toEqual([]);
    expect(result.problems[0]?.params?.reason).toMatch(/truncated/);
  });
});

describe('header failures', () => {
  it('duplicate-header.csv → header.duplicate at the second column', async () => {
    const result = await parseBudget(`${BAD}/duplicate-header.csv`, context());
    expect(result.problems).toEqual([
      {
        file: `${BAD}/duplicate-header.csv`,
        row: 1,
        column: 'belopp',
        value: 'belopp',
        code: 'header.duplicate',
        expected: 'each column once (also given as "amount")',
        params: { first: 'amount' },
      },
    ]);
  });

  it('missing-column.csv → header.missing naming the amount columns', async () => {
    const result = await parseBudget(`${BAD}/missing-column.csv`, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['header.missing', 1, null],
    ]);
    expect(result.problems[0]?.expected).toContain('"amount" / "belopp" / "summa" / "määrä"');
  });

  it('date-and-period.csv → header.layout', async () => {
    expect(await problemsOf(aggregateActuals, 'date-and-period.csv')).toEqual([
      ['header.layout', 1, 'period', null],
    ]);
  });
});

describe('row failures', () => {
  it('text-in-amount.csv → amount.invalid, row 3, column belopp', async () => {
    expect(await problemsOf(parseBudget, 'text-in-amount.csv')).toEqual([
      ['amount.invalid', 3, 'belopp', '12,3x'],
    ]);
  });

  it('unknown-unit.csv → unit.unknown, row 3', async () => {
    expect(await problemsOf(parseBudget, 'unknown-unit.csv')).toEqual([
      ['unit.unknown', 3, 'unit', '999999'],
    ]);
  });

  it('unmapped-account.csv → account.unmapped, row 2', async () => {
    expect(await problemsOf(parseBudget, 'unmapped-account.csv')).toEqual([
      ['account.unmapped', 2, 'account', '5100'],
    ]);
  });

  it('too-many-decimals.csv → amount.decimals on row 2 only', async () => {
    expect(await problemsOf(parseBudget, 'too-many-decimals.csv')).toEqual([
      ['amount.decimals', 2, 'amount', '-12,345'],
    ]);
  });

  it('budget-total-line.csv → line.notLeaf', async () => {
    expect(await problemsOf(parseBudget, 'budget-total-line.csv')).toEqual([
      ['line.notLeaf', 2, 'line', 'Verksamhetens intäkter'],
    ]);
  });

  it('bad-date.csv → date.invalid on every bad row', async () => {
    expect(await problemsOf(aggregateActuals, 'bad-date.csv')).toEqual([
      ['date.invalid', 2, 'date', '31.2.2023'],
      ['date.invalid', 3, 'date', '2023-13-01'],
      ['date.invalid', 4, 'date', 'yesterday'],
    ]);
  });

  it('date-other-year.csv → date.otherYear, with the year given or taken from row 2', async () => {
    const expected = [
      ['date.otherYear', 3, 'date', '31.12.2022'],
      ['date.otherYear', 4, 'date', '1.1.2024'],
    ];
    expect(await problemsOf(aggregateActuals, 'date-other-year.csv')).toEqual(expected);
    const ctx = context({ year: undefined });
    expect(await problemsOf(aggregateActuals, 'date-other-year.csv', ctx)).toEqual(expected);
    const result = await aggregateActuals(`${BAD}/date-other-year.csv`, ctx);
    expect(result.year).toBe(2023);
    expect(result.problems[0]?.params).toEqual({ year: 2023 });
  });

  it('unclosed-quote.csv → csv.unclosedQuote, row 3, column text', async () => {
    expect(await problemsOf(aggregateActuals, 'unclosed-quote.csv')).toEqual([
      ['csv.unclosedQuote', 3, 'text', null],
    ]);
  });

  it('many-errors.csv → every problem of every row', async () => {
    const result = await aggregateActuals(`${BAD}/many-errors.csv`, context());
    expect(result.balances).toEqual([]);
    expect(await problemsOf(aggregateActuals, 'many-errors.csv')).toEqual([
      ['unit.unknown', 3, 'unit', '999999'],
      ['amount.invalid', 4, 'amount', 'ten'],
      ['date.invalid', 5, 'date', '32.1.2023'],
      ['account.unmapped', 6, 'account', '5100'],
      ['account.invalid', 7, 'account', '40A0'],
      ['amount.decimals', 8, 'amount', '-1,234'],
      ['date.otherYear', 9, 'date', '7.1.2022'],
      ['cell.empty', 10, 'unit', ''],
      ['unit.unknown', 11, 'unit', '888888'],
      ['amount.invalid', 11, 'amount', 'x'],
    ]);
  });

  it('org-cycle.csv → org.cycle once, with the path', async () => {
    const result = await parseOrg(`${BAD}/org-cycle.csv`, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ['org.cycle', 2, 'parent', 'A3'],
    ]);
    expect(result.problems[0]?.params).toEqual({ path: 'A1 → A3 → A2 → A1' });
  });

  it('org-unknown-parent.csv → parent.unknown', async () => {
    expect(await problemsOf(parseOrg, 'org-unknown-parent.csv')).toEqual([
      ['parent.unknown', 2, 'parent', 'NOPE'],
    ]);
  });

  it('org-duplicate-code.csv → code.duplicate naming the first row', async () => {
    const result = await parseOrg(`${BAD}/org-duplicate-code.csv`, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value, p.params])).toEqual([
      ['code.duplicate', 3, 'code', 'STK', { first: 2 }],
    ]);
  });

  it('mapping-overlap.csv → range.overlap, also across numbers of digits', async () => {
    expect(await problemsOf(parseMapping, 'mapping-overlap.csv')).toEqual([
      ['range.overlap', 3, 'from', '3100'],
      ['range.overlap', 5, 'from', '4000'],
    ]);
  });

  it('mapping-reversed.csv → range.reversed and range.digits', async () => {
    expect(await problemsOf(parseMapping, 'mapping-reversed.csv')).toEqual([
      ['range.reversed', 2, 'to', '3000'],
      ['range.digits', 3, 'to', '42999'],
    ]);
  });

  it('mapping-total-line.csv → line.notAccountLine', async () => {
    expect(await problemsOf(parseMapping, 'mapping-total-line.csv')).toEqual([
      ['line.notAccountLine', 2, 'line', 'revenue'],
    ]);
  });
});

describe('more row checks', () => {
  function file(name: string, text: string): string {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  }

  it('budget: kinds, lines and accounts that contradict each other', async () => {
    const path = file(
      'budget-mix.csv',
      [
        'unit;account;line;amount;kind',
        '110100;4000;services;-1;', // account maps to personnel
        '110100;;Interna poster;-1;extern', // the internal line is not external
        '110100;;sales;-1;intern', // an internal entry on an account line
        '110100;40x0;;-1;', // not an account
        '110100;;;-1;', // neither account nor line
        '110100;;revenu;-1;', // no such line
        '110100;4000;;-1;weird', // no such kind
        ';4000;;;', // no unit, no amount
        '110100;5100;;-1;internal', // unmapped but internal: fine
      ].join('\n'),
    );
    const result = await parseBudget(path, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['line.mismatch', 2, 'line'],
      ['kind.mismatch', 3, 'kind'],
      ['kind.mismatch', 4, 'kind'],
      ['account.invalid', 5, 'account'],
      ['account.missing', 6, 'account'],
      ['line.unknown', 7, 'line'],
      ['kind.invalid', 8, 'kind'],
      ['cell.empty', 9, 'unit'],
      ['cell.empty', 9, 'amount'],
    ]);
    expect(result.records).toEqual([
      {
        row: 10,
        unitCode: '110100',
        account: '5100',
        line: 'internal',
        kind: 'internal',
        amount: -100,
      },
    ]);
  });

  it('org: bad codes, kinds, lines and names; two roots', async () => {
    const path = file(
      'org-mix.csv',
      [
        'code,parent,kind,name_sv,binding',
        'NEW1,,city,Ny stad,',
        'NEW2,,city,Andra staden,',
        'has space,NEW1,area,Fel kod,',
        'X1,NEW1,planet,Fel typ,',
        'X2,NEW1,area,Fel rad,nonsense',
        'X3,NEW1,area,,',
        ',NEW1,area,Ingen kod,',
      ].join('\n'),
    );
    const result = await parseOrg(path, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['org.roots', 3, 'parent'],
      ['code.invalid', 4, 'code'],
      ['unitKind.invalid', 5, 'kind'],
      ['line.unknown', 6, 'binding'],
      ['name.missing', 7, 'name_sv'],
      ['cell.empty', 8, 'code'],
    ]);
  });

  it('mapping: a single account column and bad cells', async () => {
    const path = file(
      'mapping-mix.csv',
      ['account;line', '3000;sales', '30a0;sales', '3100;', '3200;nonsense', '3000;fees'].join(
        '\n',
      ),
    );
    const result = await parseMapping(path, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['account.invalid', 3, 'account'],
      ['cell.empty', 4, 'line'],
      ['line.unknown', 5, 'line'],
      ['range.overlap', 6, 'account'],
    ]);
  });

  it('actuals: balances with a bad period and an invalid kind', async () => {
    const path = file(
      'balances-mix.csv',
      ['period;account;unit;amount;kind', '13/2023;4000;STK;-1;', '2023-02;4000;STK;-1;other'].join(
        '\n',
      ),
    );
    const result = await aggregateActuals(path, context());
    expect(result.layout).toBe('balances');
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['period.invalid', 2, 'period'],
      ['kind.invalid', 3, 'kind'],
    ]);
  });

  it('actuals: counts every problem, keeps at most MAX_REPORTED_PROBLEMS', async () => {
    const lines = ['date;account;unit;amount'];
    for (let i = 0; i < MAX_REPORTED_PROBLEMS + 500; i++) lines.push('1.1.2023;4000;NOPE;-1');
    const path = file('many.csv', lines.join('\n'));
    const result = await aggregateActuals(path, context());
    expect(result.problemCount).toBe(MAX_REPORTED_PROBLEMS + 500);
    expect(result.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(result.balances).toEqual([]);
  });

  it('actuals: a quoted line is checked like any other', async () => {
    const path = file(
      'quoted.csv',
      'date;account;unit;amount\n"1.1.2023";"4000";"NOPE";"-1,5"\n"2.1.2023";4000;STK;"x"\n',
    );
    const result = await aggregateActuals(path, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ['unit.unknown', 2, 'unit', 'NOPE'],
      ['amount.invalid', 3, 'amount', 'x'],
    ]);
  });
});
