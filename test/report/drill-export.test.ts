import { describe, expect, it } from 'vitest';
import type { DrillView, PostingView } from '../../src/api/drill.js';
import { UtfallError } from '../../src/domain/errors.js';
import { drillCsv, drillXlsx, MAX_XLSX_ROWS } from '../../src/report/drill-export.js';

const names = { sv: 'Enhet', fi: 'Yksikkö', en: 'Unit' };

function postingsView(rows: PostingView[]): DrillView {
  const amount = rows.reduce((s, p) => s + p.amount!, 0);
  return {
    year: 2023,
    period: null,
    unit: { code: '120103', kind: 'costcenter', names },
    ancestors: [],
    own: false,
    line: {
      code: 'services',
      label: { sv: 'Köp av tjänster', fi: 'Palvelujen ostot', en: 'Services' },
    },
    account: '4320',
    month: 3,
    by: 'postings',
    levels: ['postings'],
    figure: { budget: null, actual: amount, deviation: amount },
    rows: [],
    total: { budget: null, actual: amount, deviation: amount },
    adds: true,
    postings: {
      rows,
      page: 1,
      pageSize: rows.length,
      matching: rows.length,
      matchingAmount: amount,
      count: rows.length,
      amount,
      balances: 0,
    },
  };
}

function posting(text: string, voucher: string, amount: number, row: number): PostingView {
  return {
    date: '2023-03-01',
    unitCode: '120103',
    account: '4320',
    voucher,
    text,
    amount,
    importId: 1,
    row,
  };
}

describe('drill-down downloads', () => {
  it('writes a ledger text that begins like a formula so that a spreadsheet shows it, and amounts as they are', () => {
    const csv = drillCsv(
      postingsView([
        posting('=HYPERLINK("http://example.com","x")', '-5', -12345, 2),
        posting('@SUM(A1)', '+7', 500, 3),
        posting('Faktura 1', '230001', -100, 4),
      ]),
      'sv',
    );
    const lines = csv.split('\r\n');
    expect(lines[1]).toContain(`;'-5;"'=HYPERLINK(""http://example.com"",""x"")";-123,45;`);
    expect(lines[2]).toContain(`;'+7;'@SUM(A1);5,00;`);
    expect(lines[3]).toContain(';230001;Faktura 1;-1,00;');
  });

  it('refuses a workbook of more rows than it can build in memory, offering the CSV', async () => {
    const rows = Array.from({ length: MAX_XLSX_ROWS + 1 }, (_, i) =>
      posting(`Rad ${i}`, String(i), -1, i + 2),
    );
    const refused = await drillXlsx(postingsView(rows), 'fi').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UtfallError);
    expect((refused as UtfallError).code).toBe('drill.xlsxTooLarge');
    const fits = await drillXlsx(postingsView(rows.slice(0, 10)), 'fi');
    expect(fits.length).toBeGreaterThan(1000);
  });
});
