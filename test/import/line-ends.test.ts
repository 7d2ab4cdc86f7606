/**
 * Line ends, ragged rows and mixed encodings: a file with CR-only line ends reads as its LF or
 * CRLF original; a row whose number of cells is not the header's is refused at its row (a
 * decimal comma in a comma-separated file would otherwise cut the amount); a file that changes
 * encoding is refused at the line where it changes, whichever encoding comes first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateActuals } from '../../src/import/actuals.js';
import { parseBudget } from '../../src/import/budget.js';
import { parseMapping } from '../../src/import/mapping.js';
import { parseOrg } from '../../src/import/org.js';
import { context, GOOD } from './context.js';

const work = mkdtempSync(join(tmpdir(), 'utfall-line-ends-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const DEMO = 'fixtures/lovisa-2023';

/** The file's text with every line end (CRLF, LF) made `eol`. */
function converted(source: string, name: string, eol: string): string {
  const path = join(work, name);
  const text = readFileSync(source, 'utf8');
  writeFileSync(path, text.replace(/\r\n|\n/g, eol));
  return path;
}

describe('CR-only line ends', () => {
  it('the demo ledger reads with the same figures as its CRLF original', async () => {
    const org = await parseOrg(`${DEMO}/org.csv`, context());
    expect(org.problems).toEqual([]);
    const units = new Set([...context().units, ...org.records.map((r) => r.code)]);
    const ctx = { ...context({ sign: 'accounting' }), units };
    const original = await aggregateActuals(`${DEMO}/ledger-2023.csv`, ctx);
    expect(original.problems).toEqual([]);
    expect(original.balances.length).toBeGreaterThan(100);
    for (const [name, eol] of [
      ['ledger-cr.csv', '\r'],
      ['ledger-lf.csv', '\n'],
    ]) {
      const result = await aggregateActuals(converted(`${DEMO}/ledger-2023.csv`, name!, eol!), ctx);
      expect(result.problems).toEqual([]);
      expect(result.balances).toEqual(original.balances);
      expect(result.months).toEqual(original.months);
      expect(result.source.rows).toBe(original.source.rows);
    }
  });

  it('good files with CR-only line ends give the same records and row numbers', async () => {
    for (const [name, parse] of [
      ['budget-sv-semicolon-bom.csv', parseBudget],
      ['org.csv', parseOrg],
      ['mapping-sv.tsv', parseMapping],
      ['ledger.csv', aggregateActuals],
    ] as const) {
      const original = await parse(`${GOOD}/${name}`, context());
      const cr = await parse(converted(`${GOOD}/${name}`, `cr-${name}`, '\r'), context());
      expect(cr.problems, name).toEqual([]);
      expect(JSON.stringify({ ...cr, source: undefined }), name).toBe(
        JSON.stringify({ ...original, source: undefined }),
      );
    }
  });
});

describe('rows with more or fewer cells than the header', () => {
  it('refuses an unquoted decimal comma in a comma file instead of cutting the amount', async () => {
    const file = join(work, 'decimal-comma.csv');
    writeFileSync(file, 'unit,account,amount\n110100,3000,"736,50"\n110100,4000,-1 234,56\n');
    const result = await parseBudget(file, context());
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value, p.params])).toEqual([
      ['row.cells', 3, 'D', '56', { cells: 4, width: 3 }],
    ]);
  });

  it('refuses a short row at its first missing column, through the visitor path too', async () => {
    const file = join(work, 'short.csv');
    writeFileSync(
      file,
      'date;account;unit;amount;text\n1.1.2023;4000;110100;-1;a\n2.1.2023;4000;110100;-2\n' +
        '3.1.2023;4000;110100;-3;b;c;d\n4.1.2023;4000;110100;"-4";e;f\n',
    );
    const result = await aggregateActuals(file, context());
    expect(result.balances).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ['row.cells', 3, 'text', null],
      ['row.cells', 4, 'F', 'c'],
      ['row.cells', 5, 'F', 'f'],
    ]);
  });

  it('counts every ragged row and keeps the first thousand', async () => {
    const file = join(work, 'many-ragged.csv');
    const lines = ['unit,account,amount'];
    for (let i = 0; i < 1500; i++) lines.push('110100,3000,1,50');
    writeFileSync(file, lines.join('\n'));
    const result = await parseBudget(file, context());
    expect(result.problems).toHaveLength(1000);
    expect(result.problemCount).toBe(1500);
  });
});

describe('mixed encodings', () => {
  const ORG_HEAD = 'code;parent;name_sv\n';
  const mixed = (name: string, parts: [string, 'utf8' | 'latin1'][]): string => {
    const path = join(work, name);
    writeFileSync(path, Buffer.concat(parts.map(([text, enc]) => Buffer.from(text, enc))));
    return path;
  };

  it('refuses Windows-1252 first and UTF-8 later at the first UTF-8 line', async () => {
    const file = mixed('org-1252-then-utf8.csv', [
      [`${ORG_HEAD}STK;LOVISA;Stadskansliet\nSTK-ADM;STK;Löner\n`, 'latin1'],
      ['110100;STK-ADM;Förvaltning\n', 'utf8'],
    ]);
    const result = await parseOrg(file, context());
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.row, p.params])).toEqual([
      ['file.encoding', 4, { encoding: 'mixed' }],
    ]);
  });

  it('refuses UTF-8 first and Windows-1252 later at the first Windows-1252 line, for every kind', async () => {
    const file = mixed('utf8-then-1252.csv', [
      [`${ORG_HEAD}STK;LOVISA;Förvaltning\n`, 'utf8'],
      ['STK-ADM;STK;Löner\n', 'latin1'],
    ]);
    for (const parse of [parseOrg, parseBudget, parseMapping, aggregateActuals]) {
      const result = await parse(file, context());
      expect(result.problems.map((p) => [p.code, p.row])).toEqual([['file.encoding', 3]]);
    }
  });

  it('refuses a change of encoding after the first megabyte at its line, with CR line ends', async () => {
    const lines = ['unit;account;amount;text', '110100;4000;-1;Löner'];
    for (let i = 0; i < 40_000; i++) lines.push(`110100;4000;-${i};plain ascii text ${i}`);
    const file = mixed('late-1252-then-utf8.csv', [
      [lines.join('\r') + '\r', 'latin1'],
      ['120100;4300;-1;Förvaltning\r', 'utf8'],
    ]);
    const result = await parseBudget(file, context());
    expect(result.problems.map((p) => [p.code, p.row])).toEqual([['file.encoding', 40_003]]);
  });

  it('still reads a file wholly in Windows-1252', async () => {
    const result = await parseOrg(`${GOOD}/org-windows-1252.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.source.encoding).toBe('windows-1252');
  });
});

describe('sums beyond the cent range', () => {
  it('refuses a budget whose unit × line adds up beyond it, at the row where it leaves it', async () => {
    const result = await parseBudget('fixtures/import/bad/budget-sum-range.csv', context());
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.params])).toEqual([
      ['amount.sum', 3, 'amount', { unit: '110100', line: 'personnel' }],
    ]);
  });

  it('refuses actuals whose year adds up beyond it though each month fits', async () => {
    const result = await aggregateActuals('fixtures/import/bad/actuals-sum-range.csv', context());
    expect(result.balances).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.row, p.params])).toEqual([
      ['amount.sum', 3, { unit: '110100', line: 'personnel' }],
    ]);
  });

  it('accepts sums that come back within it, and other units and lines', async () => {
    const file = join(work, 'budget-large.csv');
    writeFileSync(
      file,
      'unit;account;amount\n110100;4000;-9 000 000 000 000\n120100;4000;-9 000 000 000 000\n' +
        '110100;3000;9 000 000 000 000\n110100;4000;5 000 000 000 000\n110100;4000;-5 000 000 000 000\n',
    );
    const result = await parseBudget(file, context());
    expect(result.problems).toEqual([]);
  });
});
