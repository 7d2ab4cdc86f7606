/**
 * The Lovisa 2023 demo files (fixtures/lovisa-2023) re-read with a tiny parser of their own:
 * every figure per area and line must equal the seed's exactly, in cents.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../fixtures/lovisa-2023/generate.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'lovisa-2023');
const FILES = ['org.csv', 'budget.csv', 'ledger-2023.csv'];

type Sums = Record<string, Record<string, number>>;

const BUDGET: Sums = {
  'STK-ADM': {
    sales: 340000,
    otherRevenue: 20000,
    personnel: -85000000,
    services: -35000000,
    materials: -2500000,
    subsidies: -1500000,
    otherCosts: -5440460,
    internal: -11707800,
    imputed: 67929370,
  },
  'STK-ICT': {
    sales: 2400000,
    personnel: -38000000,
    services: -73000000,
    materials: -3500000,
    otherCosts: -3558770,
    depreciation: -1284500,
    internal: -840000,
    imputed: 88136070,
  },
  'STK-EKP': {
    grants: 14000000,
    personnel: -79799300,
    services: -95450500,
    materials: -2635000,
    subsidies: -1900000,
    otherCosts: -3121770,
    internal: -9615500,
    imputed: 166430870,
  },
};

const ACTUALS: Sums = {
  'STK-ADM': {
    sales: 39600,
    otherRevenue: 0,
    personnel: -80000000,
    services: -32000000,
    materials: -3100000,
    subsidies: -1400000,
    otherCosts: -5050930,
  },
  'STK-ICT': {
    sales: 2749490,
    personnel: -30500000,
    services: -55000000,
    materials: -4800000,
    otherCosts: -2662380,
  },
  'STK-EKP': {
    grants: 15556960,
    sales: 239970,
    fees: -67540,
    personnel: -78288710,
    services: -106598400,
    materials: -3710700,
    subsidies: -1988600,
    otherCosts: -2469490,
  },
};

const RANGES: [number, number, string][] = [
  [3000, 3199, 'sales'],
  [3200, 3299, 'fees'],
  [3300, 3399, 'grants'],
  [3400, 3599, 'otherRevenue'],
  [4000, 4299, 'personnel'],
  [4300, 4499, 'services'],
  [4500, 4699, 'materials'],
  [4700, 4799, 'subsidies'],
  [4800, 4999, 'otherCosts'],
  [7000, 7299, 'depreciation'],
];

function lineOf(account: string, kind = 'external'): string {
  if (kind === 'internal' || kind === 'imputed') return kind;
  expect(account).toMatch(/^\d{4}$/);
  const n = Number(account);
  const range = RANGES.find(([from, to]) => n >= from && n <= to);
  if (!range) throw new Error(`account ${account} is in no line`);
  return range[2];
}

/** `-1234.56` or `-1234,56` as integer cents, by string operations only. */
function cents(text: string, decimal: '.' | ','): number {
  const pattern = decimal === '.' ? /^(-?)(\d+)(?:\.(\d{1,2}))?$/ : /^(-?)(\d+)(?:,(\d{1,2}))?$/;
  const match = pattern.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  const [, minus, euros = '', fraction = ''] = match;
  const value = Number(euros) * 100 + Number(fraction.padEnd(2, '0'));
  return minus ? -value : value;
}

function read(name: string, dir = DIR): string {
  return readFileSync(join(dir, name), 'utf8');
}

/** Header and rows of a delimited text without quoting. */
function table(text: string, delimiter: string): { header: string[]; rows: string[][] } {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  expect(lines.pop()).toBe('');
  const [header = '', ...rest] = lines;
  const width = header.split(delimiter).length;
  const rows = rest.map((line) => line.split(delimiter));
  for (const row of rows) expect(row).toHaveLength(width);
  return { header: header.split(delimiter), rows };
}

interface Unit {
  code: string;
  parent: string;
  kind: string;
}

const org = table(read('org.csv'), ',');
const units = new Map<string, Unit>(
  org.rows.map(([code = '', parent = '', kind = '']) => [code, { code, parent, kind }]),
);

/** The area a unit belongs to, walking up the org tree. */
function areaOf(code: string): string {
  let unit = units.get(code);
  while (unit && unit.kind !== 'area') unit = units.get(unit.parent);
  if (!unit) throw new Error(`unit ${code} is under no area`);
  return unit.code;
}

function add(sums: Sums, unit: string, line: string, amount: number): void {
  const area = (sums[areaOf(unit)] ??= {});
  area[line] = (area[line] ?? 0) + amount;
}

describe('Lovisa 2023 demo: org.csv', () => {
  it('has the city, the central, its three areas and their cost centres', () => {
    expect(org.header).toEqual([
      'code',
      'parent',
      'kind',
      'name_sv',
      'name_fi',
      'name_en',
      'responsible',
      'board',
      'binding',
    ]);
    const byCode = new Map(org.rows.map((row) => [row[0], row]));
    expect(byCode.get('LOVISA')).toEqual([
      'LOVISA',
      '',
      'city',
      'Lovisa',
      'Loviisa',
      'Loviisa',
      '',
      'Stadsfullmäktige',
      '',
    ]);
    expect(byCode.get('STK')).toEqual([
      'STK',
      'LOVISA',
      'central',
      'Stadskanslicentralen',
      'Kaupunginkanslian keskus',
      'City Chancellery Central',
      'tf stadsdirektören',
      'Stadsstyrelsen',
      'margin',
    ]);
    const areas: [string, string, string][] = [
      ['STK-ADM', 'Stadskanslitjänster', '1101'],
      ['STK-ICT', 'Informations- och kommunikationsteknologitjänster', '1201'],
      ['STK-EKP', 'Ekonomi- och personaltjänster', '1301'],
    ];
    for (const [code, name, prefix] of areas) {
      const row = byCode.get(code);
      expect(row?.slice(0, 4)).toEqual([code, 'STK', 'area', name]);
      expect(row?.[7]).toBe('Stadsstyrelsen');
      const centres = org.rows.filter((r) => r[1] === code);
      expect(centres.length).toBeGreaterThanOrEqual(3);
      expect(centres.length).toBeLessThanOrEqual(5);
      for (const centre of centres) {
        expect(centre[0]).toMatch(new RegExp(`^${prefix}\\d{2}$`));
        expect(centre[2]).toBe('costcenter');
        expect(centre.slice(3, 6).every((name) => name.length > 0)).toBe(true);
      }
    }
    expect(org.rows).toHaveLength(5 + org.rows.filter((r) => r[2] === 'costcenter').length);
  });
});

describe('Lovisa 2023 demo: budget.csv', () => {
  const { header, rows } = table(read('budget.csv'), ',');

  it('sums per area and line to the seed exactly', () => {
    expect(header).toEqual(['unit', 'account', 'kind', 'amount']);
    const sums: Sums = {};
    for (const [unit = '', account = '', kind = '', amount = ''] of rows) {
      expect(units.get(unit)?.kind).toBe('costcenter');
      expect(amount).toMatch(/^-?\d+\.\d{2}$/);
      if (kind === 'internal') expect(account).toBe('4390');
      else if (kind === 'imputed') expect(account).toBe('9900');
      else expect(kind).toBe('external');
      const value = cents(amount, '.');
      expect(value).not.toBe(0);
      add(sums, unit, lineOf(account, kind), value);
    }
    expect(sums).toEqual(BUDGET);
  });
});

describe('Lovisa 2023 demo: ledger-2023.csv', () => {
  const text = read('ledger-2023.csv');
  const { header, rows } = table(text, ';');

  it('is an ERP export: BOM, CRLF, semicolons', () => {
    expect(text.startsWith('\ufeffDatum;')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(header).toEqual(['Datum', 'Konto', 'Kostnadsställe', 'Belopp', 'Text', 'Verifikat']);
  });

  it('has several thousand lines over all twelve months, on known cost centres', () => {
    expect(rows.length).toBeGreaterThanOrEqual(4000);
    const perMonth = new Map<number, number>();
    let voucher = 0;
    for (const [date = '', account = '', unit = '', amount = '', text = '', number = ''] of rows) {
      const match = /^(\d{1,2})\.(\d{1,2})\.2023$/.exec(date);
      expect(match, date).not.toBeNull();
      const month = Number(match?.[2]);
      const day = Number(match?.[1]);
      expect(day).toBeGreaterThanOrEqual(1);
      expect(day).toBeLessThanOrEqual(new Date(Date.UTC(2023, month, 0)).getUTCDate());
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
      expect(account).toMatch(/^\d{4}$/);
      expect(units.get(unit)?.kind, unit).toBe('costcenter');
      expect(amount).toMatch(/^-?\d+(,\d{1,2})?$/);
      expect(cents(amount, ',')).not.toBe(0);
      expect(text.length).toBeGreaterThan(0);
      expect(number).toMatch(/^\d+$/);
      expect(Number(number)).toBeGreaterThanOrEqual(voucher);
      voucher = Number(number);
    }
    expect([...perMonth.keys()].sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const july = perMonth.get(7) ?? 0;
    for (const [month, count] of perMonth) if (month !== 7) expect(july).toBeLessThan(count);
  });

  it('sums per area and line, in report sign, to the seed exactly', () => {
    const sums: Sums = {};
    for (const [, account = '', unit = '', amount = ''] of rows) {
      // Accounting sign (debit positive) to report sign (revenue positive).
      add(sums, unit, lineOf(account), -cents(amount, ','));
    }
    expect(sums).toEqual(ACTUALS);
  });

  it('books other revenue of STK-ADM to zero with entries: a rent and its reversal', () => {
    const entries = rows.filter(([, account = '']) => lineOf(account) === 'otherRevenue');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.map(([, , , amount = '']) => amount).sort()).toEqual(['-150,00', '150,00']);
  });
});

describe('Lovisa 2023 demo: generate.ts', () => {
  it('generates byte-identical files again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'utfall-demo-'));
    try {
      generate(dir);
      for (const name of FILES) {
        expect(readFileSync(join(dir, name)).equals(readFileSync(join(DIR, name))), name).toBe(
          true,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
