/** Every good fixture, parsed to exact records and cents. */
import { describe, expect, it } from 'vitest';
import { aggregateActuals } from '../../src/import/actuals.js';
import { parseBudget } from '../../src/import/budget.js';
import { parseMapping } from '../../src/import/mapping.js';
import { parseOrg } from '../../src/import/org.js';
import type { ActualBalance, BudgetRecord } from '../../src/import/types.js';
import { context, GOOD } from './context.js';

/** Budget records without their row numbers, as tuples for compact expectations. */
function budgetTuples(records: BudgetRecord[]) {
  return records.map((r) => [r.unitCode, r.account, r.line, r.kind, r.amount]);
}

function balanceTuples(balances: ActualBalance[]) {
  return balances.map((b) => [b.unitCode, b.account, b.kind, b.month, b.amount, b.lines]);
}

describe('organisation files', () => {
  it('org.csv', async () => {
    const result = await parseOrg(`${GOOD}/org.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.problemCount).toBe(0);
    expect(result.source).toMatchObject({
      format: 'csv',
      delimiter: ',',
      encoding: 'utf-8',
      rows: 7,
    });
    expect(result.records[0]).toEqual({
      row: 2,
      code: 'STK',
      parentCode: 'LOVISA',
      names: {
        sv: 'Stadskanslicentralen',
        fi: 'Kaupunginkanslian keskus',
        en: 'City Chancellery Central',
      },
      kind: 'central',
      responsible: 'Stadsdirektör',
      board: 'Stadsstyrelsen',
      binding: 'margin',
    });
    expect(result.records.map((r) => [r.code, r.parentCode, r.kind])).toEqual([
      ['STK', 'LOVISA', 'central'],
      ['STK-ADM', 'STK', 'area'],
      ['STK-ICT', 'STK', 'area'],
      ['STK-EKP', 'STK', 'area'],
      ['110100', 'STK-ADM', 'costcenter'],
      ['120100', 'STK-ICT', 'costcenter'],
      ['130100', 'STK-EKP', 'costcenter'],
    ]);
    expect(result.records[3]?.names.en).toBe('Finance, payroll and HR services');
    expect(result.records[1]?.responsible).toBeNull();
  });

  it('org-sv-semicolon-bom.csv: Swedish headers and kinds, binding by label, names fall back', async () => {
    const result = await parseOrg(`${GOOD}/org-sv-semicolon-bom.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.code, r.parentCode, r.kind, r.binding])).toEqual([
      ['STK', 'LOVISA', 'central', 'margin'],
      ['STK-ADM', 'STK', 'area', null],
      ['110100', 'STK-ADM', 'costcenter', null],
    ]);
    expect(result.records[2]?.names).toEqual({
      sv: 'Förvaltning',
      fi: 'Förvaltning',
      en: 'Förvaltning',
    });
  });

  it('org-windows-1252.csv: Finnish headers and kinds in Windows-1252', async () => {
    const result = await parseOrg(`${GOOD}/org-windows-1252.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.source.encoding).toBe('windows-1252');
    expect(result.records.map((r) => [r.code, r.kind, r.binding])).toEqual([
      ['STK', 'central', 'margin'],
      ['STK-EKP', 'area', null],
      ['130100', 'costcenter', null],
    ]);
    expect(result.records[1]?.names.sv).toBe('Ekonomi- och personaltjänster');
    expect(result.records[2]?.responsible).toBe('Åsa Öberg');
    expect(result.records[0]?.board).toBe('Kaupunginhallitus');
  });

  it('org.xlsx: a code typed as a number', async () => {
    const result = await parseOrg(`${GOOD}/org.xlsx`, context());
    expect(result.problems).toEqual([]);
    expect(result.source.format).toBe('xlsx');
    expect(result.records.map((r) => [r.row, r.code, r.parentCode, r.kind])).toEqual([
      [2, 'STK', 'LOVISA', 'central'],
      [3, 'STK-ICT', 'STK', 'area'],
      [4, '120100', 'STK-ICT', 'costcenter'],
    ]);
  });

  it('a parent may come later in the file, and a new root is allowed', async () => {
    const result = await parseOrg(`${GOOD}/org.csv`, { ...context(), units: new Set() });
    // LOVISA is then unknown: STK's parent must be reported, nothing else.
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ['parent.unknown', 2, 'parent', 'LOVISA'],
    ]);
  });
});

describe('mapping files', () => {
  it('mapping.csv', async () => {
    const result = await parseMapping(`${GOOD}/mapping.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.from, r.to, r.line])).toEqual([
      ['3000', '3199', 'sales'],
      ['3200', '3299', 'fees'],
      ['3300', '3399', 'grants'],
      ['3400', '3599', 'otherRevenue'],
      ['4000', '4299', 'personnel'],
      ['4300', '4499', 'services'],
      ['4500', '4699', 'materials'],
      ['4700', '4799', 'subsidies'],
      ['4800', '4999', 'otherCosts'],
    ]);
  });

  it('mapping-sv.tsv: Swedish labels, four- and six-digit ranges side by side', async () => {
    const result = await parseMapping(`${GOOD}/mapping-sv.tsv`, context());
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.row, r.from, r.to, r.line])).toEqual([
      [2, '3000', '3199', 'sales'],
      [3, '3200', '3299', 'fees'],
      [4, '3600', '3699', 'stockChange'],
      [5, '370000', '379999', 'ownUse'],
      [6, '4000', '4299', 'personnel'],
      [7, '4300', '4499', 'services'],
      [8, '7000', '7299', 'depreciation'],
    ]);
  });

  it('mapping-accounts.csv: single accounts', async () => {
    const result = await parseMapping(`${GOOD}/mapping-accounts.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.from, r.to, r.line])).toEqual([
      ['3000', '3000', 'sales'],
      ['3010', '3010', 'sales'],
      ['4010', '4010', 'personnel'],
      ['4300', '4300', 'services'],
      ['440000', '440000', 'services'],
    ]);
  });
});

describe('budget files', () => {
  it('budget.csv: comma, decimal point', async () => {
    const result = await parseBudget(`${GOOD}/budget.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.records[0]).toEqual({
      row: 2,
      unitCode: '110100',
      account: '3000',
      line: 'sales',
      kind: 'external',
      amount: 1_500_000,
    });
    expect(budgetTuples(result.records)).toEqual([
      ['110100', '3000', 'sales', 'external', 1_500_000],
      ['110100', '4000', 'personnel', 'external', -25_000_050],
      ['120100', '4300', 'services', 'external', -123_456_789],
      ['130100', '4010', 'personnel', 'external', -9_800_000],
      ['130100', '3200', 'fees', 'external', 50_050],
    ]);
  });

  it('budget-sv-semicolon-bom.csv: spaces, U+2212, lines and kinds', async () => {
    const result = await parseBudget(`${GOOD}/budget-sv-semicolon-bom.csv`, context());
    expect(result.problems).toEqual([]);
    expect(budgetTuples(result.records)).toEqual([
      ['110100', '3000', 'sales', 'external', 1_500_000],
      ['110100', '4000', 'personnel', 'external', -25_000_050],
      ['120100', null, 'services', 'external', -123_456_789],
      ['130100', null, 'internal', 'internal', -1_250_000],
      ['130100', '4300', 'imputed', 'imputed', -300_000],
      ['STK-ADM', null, 'personnel', 'external', 100_000],
    ]);
  });

  it('budget-fi.tsv: dot and comma thousands, Finnish kinds', async () => {
    const result = await parseBudget(`${GOOD}/budget-fi.tsv`, context());
    expect(result.problems).toEqual([]);
    expect(budgetTuples(result.records)).toEqual([
      ['110100', '3000', 'sales', 'external', 123_456_789],
      ['120100', '4300', 'services', 'external', -123_456],
      ['130100', null, 'internal', 'internal', -200_000],
      ['130100', '4800', 'imputed', 'imputed', -75_000],
      ['STK', null, 'materials', 'external', -1_000_000],
    ]);
  });

  it('budget-windows-1252.csv: Finnish headers in Windows-1252, no-break spaces', async () => {
    const result = await parseBudget(`${GOOD}/budget-windows-1252.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.source.encoding).toBe('windows-1252');
    expect(budgetTuples(result.records)).toEqual([
      ['110100', '3000', 'sales', 'external', 1_234_567],
      ['120100', '4300', 'services', 'external', -100_000_000],
      ['130100', '4500', 'materials', 'external', -50],
    ]);
  });

  it('budget-accounting.csv: accounting sign turned into report sign', async () => {
    const result = await parseBudget(
      `${GOOD}/budget-accounting.csv`,
      context({ sign: 'accounting' }),
    );
    expect(result.problems).toEqual([]);
    expect(budgetTuples(result.records)).toEqual([
      ['110100', '4000', 'personnel', 'external', -25_000_050],
      ['110100', '3000', 'sales', 'external', 1_500_000],
      ['STK-ADM', '4500', 'materials', 'external', -10],
    ]);
  });

  it('budget.xlsx: numbers, a formula, 0.1 + 0.2 and rich text', async () => {
    const result = await parseBudget(`${GOOD}/budget.xlsx`, context());
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.row, r.unitCode, r.account, r.line, r.amount])).toEqual([
      [2, '110100', '3000', 'sales', 1_500_000],
      [3, '110100', '4000', 'personnel', -25_000_050],
      [4, '120100', '4300', 'services', -123_456_789],
      [5, '130100', '4010', 'personnel', 30],
      [7, 'STK-ADM', '4500', 'materials', -9_999],
    ]);
  });
});

describe('actuals files', () => {
  it('ledger.csv: summed per unit × account × kind × month', async () => {
    const result = await aggregateActuals(`${GOOD}/ledger.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.layout).toBe('ledger');
    expect(result.year).toBe(2023);
    expect(result.months).toEqual([1, 2, 3]);
    expect(result.source.rows).toBe(6);
    expect(balanceTuples(result.balances)).toEqual([
      ['110100', '3000', 'external', 1, 150_000, 1],
      ['110100', '3200', 'external', 3, 25_025, 1],
      ['120100', '4300', 'external', 2, -250_000, 2],
      ['130100', '4000', 'external', 1, -1_250_050, 2],
    ]);
  });

  it('ledger.csv without a year takes the year of its first row', async () => {
    const result = await aggregateActuals(`${GOOD}/ledger.csv`, context({ year: undefined }));
    expect(result.problems).toEqual([]);
    expect(result.year).toBe(2023);
    expect(result.balances).toHaveLength(4);
  });

  it('ledger-accounting.csv: accounting sign, decimal points in quotes', async () => {
    const result = await aggregateActuals(
      `${GOOD}/ledger-accounting.csv`,
      context({ sign: 'accounting' }),
    );
    expect(result.problems).toEqual([]);
    expect(result.months).toEqual([4, 5]);
    expect(balanceTuples(result.balances)).toEqual([
      ['STK-ADM', '3100', 'external', 5, 200_000, 1],
      ['STK-ADM', '4500', 'external', 4, -120_000, 2],
    ]);
  });

  it('ledger-kinds.tsv: kinds, an unmapped account on an internal line', async () => {
    const result = await aggregateActuals(`${GOOD}/ledger-kinds.tsv`, context());
    expect(result.problems).toEqual([]);
    expect(result.months).toEqual([6, 7]);
    expect(balanceTuples(result.balances)).toEqual([
      ['110100', '4300', 'external', 6, -10_000, 1],
      ['110100', '4300', 'external', 7, -100, 1],
      ['110100', '4300', 'internal', 6, -5_000, 1],
      ['110100', '4900', 'imputed', 6, -1_000, 1],
      ['110100', '5100', 'internal', 6, -2_500, 1],
    ]);
  });

  it('ledger-windows-1252.csv', async () => {
    const result = await aggregateActuals(
      `${GOOD}/ledger-windows-1252.csv`,
      context({ sign: 'accounting' }),
    );
    expect(result.problems).toEqual([]);
    expect(result.source.encoding).toBe('windows-1252');
    expect(balanceTuples(result.balances)).toEqual([
      ['110100', '3000', 'external', 2, 80_000, 1],
      ['120100', '4300', 'external', 1, -120_000, 1],
      ['120100', '4300', 'external', 3, -25_050, 1],
      ['130100', '4000', 'external', 1, -500_000, 1],
    ]);
  });

  it('ledger.xlsx: date cells and a date typed as text', async () => {
    const result = await aggregateActuals(`${GOOD}/ledger.xlsx`, context({ sign: 'accounting' }));
    expect(result.problems).toEqual([]);
    expect(result.months).toEqual([1, 2, 3]);
    expect(balanceTuples(result.balances)).toEqual([
      ['110100', '3000', 'external', 2, 80_000, 1],
      ['120100', '4300', 'external', 1, -120_000, 1],
      ['120100', '4300', 'external', 3, -25_050, 1],
      ['130100', '4000', 'external', 1, -500_025, 1],
    ]);
  });

  it('balances.csv: monthly balances in five period notations', async () => {
    const result = await aggregateActuals(`${GOOD}/balances.csv`, context());
    expect(result.problems).toEqual([]);
    expect(result.layout).toBe('balances');
    expect(result.months).toEqual([1, 2, 3, 4, 5]);
    expect(balanceTuples(result.balances)).toEqual([
      ['STK-ICT', '3000', 'external', 4, 200_000, 1],
      ['STK-ICT', '4000', 'external', 1, -1_000_000, 1],
      ['STK-ICT', '4000', 'external', 2, -1_050_000, 1],
      ['STK-ICT', '4000', 'external', 3, -1_100_000, 1],
      ['STK-ICT', '4000', 'external', 5, -999_999, 1],
    ]);
  });

  it('balances.xlsx: a period that Excel made a date', async () => {
    const result = await aggregateActuals(`${GOOD}/balances.xlsx`, context());
    expect(result.problems).toEqual([]);
    expect(result.layout).toBe('balances');
    expect(balanceTuples(result.balances)).toEqual([
      ['STK-ADM', '3200', 'external', 3, 40_000, 1],
      ['STK-ADM', '4000', 'external', 1, -1_000_000, 1],
      ['STK-ADM', '4000', 'external', 2, -1_100_050, 1],
    ]);
  });
});
