/**
 * Minimal valid workbooks, as small ERP exporters write them: inline strings, no styles part,
 * no shared strings, rows and cells without `r` attributes (all optional in the standard).
 * Made here from the CSV fixtures, they import with the same figures as the CSV.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateActuals } from '../../src/import/actuals.js';
import { parseBudget } from '../../src/import/budget.js';
import { parseOrg } from '../../src/import/org.js';
import { context, GOOD } from './context.js';
import { deflated, frame, SHEET_HEAD, SHEET_TAIL, zip } from './zip-writer.js';

const work = mkdtempSync(join(tmpdir(), 'utfall-xlsx-minimal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A cell: numbers as numbers (no style), everything else as an inline string. */
function cell(text: string, withRef: string | undefined): string {
  const r = withRef ? ` r="${withRef}"` : '';
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^0\d/.test(text)) return `<c${r}><v>${text}</v></c>`;
  return `<c${r} t="inlineStr"><is><t>${escape(text)}</t></is></c>`;
}

/** A workbook of the rows of a simple CSV (no quotes): no r attributes unless `refs`. */
function workbookOf(csv: string, delimiter: string, name: string, refs = false): string {
  const lines = readFileSync(csv, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean);
  const rows = lines.map((line, i) => {
    const cells = line
      .split(delimiter)
      .map((text, c) => cell(text, refs ? `${String.fromCharCode(65 + c)}${i + 1}` : undefined));
    return `<row${refs ? ` r="${i + 1}"` : ''}>${cells.join('')}</row>`;
  });
  const path = join(work, name);
  zip(path, [
    ...frame(),
    deflated('xl/worksheets/sheet1.xml', SHEET_HEAD + rows.join('') + SHEET_TAIL),
  ]);
  return path;
}

describe('minimal workbooks', () => {
  it('a budget of inline strings, without styles or r attributes, reads as its CSV', async () => {
    const csv = await parseBudget(`${GOOD}/budget.csv`, context());
    expect(csv.problems).toEqual([]);
    for (const refs of [false, true]) {
      const path = workbookOf(`${GOOD}/budget.csv`, ',', `budget-${refs}.xlsx`, refs);
      const xlsx = await parseBudget(path, context());
      expect(xlsx.problems).toEqual([]);
      expect(xlsx.source.format).toBe('xlsx');
      expect(xlsx.records).toEqual(csv.records);
    }
  });

  it('an organisation and a ledger read as their CSV', async () => {
    const org = await parseOrg(`${GOOD}/org-windows-1252.csv`, context());
    const orgXlsx = await parseOrg(
      workbookOf(`${GOOD}/org-sv-semicolon-bom.csv`, ';', 'org.xlsx'),
      context(),
    );
    expect(org.problems).toEqual([]);
    expect(orgXlsx.problems).toEqual([]);
    const orgCsv = await parseOrg(`${GOOD}/org-sv-semicolon-bom.csv`, context());
    expect(orgXlsx.records).toEqual(orgCsv.records);

    const ledger = join(work, 'ledger.csv');
    const lines = [
      'date;account;unit;amount',
      '2023-01-15;4000;110100;-1200.5',
      '2023-02-28;3000;120100;800',
    ];
    writeFileSync(ledger, lines.join('\n'));
    const csv = await aggregateActuals(ledger, context());
    const xlsx = await aggregateActuals(workbookOf(ledger, ';', 'ledger.xlsx'), context());
    expect(csv.problems).toEqual([]);
    expect(xlsx.problems).toEqual([]);
    expect(xlsx.balances).toEqual(csv.balances);
  });
});
