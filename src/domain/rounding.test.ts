import { describe, expect, it } from 'vitest';
import { linesFromLeaves } from './figures.js';
import { LINES, type LineCode } from './lines.js';
import { cents, roundToEuros, roundToThousands, THOUSAND_EUROS, type Cents } from './money.js';
import { ROUNDED_COLUMNS, roundColumnsAdditively, roundTableAdditively } from './rounding.js';

const TOTALS = LINES.filter((line) => line.sumOf);
const LEAVES: LineCode[] = [
  'sales',
  'fees',
  'grants',
  'otherRevenue',
  'stockChange',
  'ownUse',
  'personnel',
  'services',
  'materials',
  'subsidies',
  'otherCosts',
  'depreciation',
  'internal',
  'imputed',
];

/** A small deterministic generator (mulberry32), so failures can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One column with totals computed as the figures do: the sum of the parts, null when all are. */
function column(values: Partial<Record<LineCode, Cents | null>>) {
  const exact = new Map<LineCode, Cents | null>();
  for (const line of LINES) {
    if (line.sumOf) {
      const parts = line.sumOf.map((code) => exact.get(code) ?? null);
      exact.set(
        line.code,
        parts.every((p) => p === null)
          ? null
          : cents(parts.reduce<number>((s, p) => s + (p ?? 0), 0)),
      );
    } else {
      exact.set(line.code, values[line.code] ?? null);
    }
  }
  return LINES.map((line) => ({ line: line.code, cents: exact.get(line.code) ?? null }));
}

/** Totals equal the sums of their printed parts; every cell within one printed unit (cents). */
function checkAdditive(
  rows: { line: LineCode; cents: Cents | null }[],
  printed: Map<LineCode, number | null>,
  unit = 100,
) {
  for (const row of rows) {
    const value = printed.get(row.line);
    if (row.cents === null) {
      expect(value).toBeNull();
      continue;
    }
    expect(value).not.toBeNull();
    expect(Math.abs(value! * unit - row.cents)).toBeLessThan(unit);
  }
  for (const total of TOTALS) {
    const value = printed.get(total.code);
    if (value === null || value === undefined) continue;
    const parts = total.sumOf!.reduce((sum, code) => sum + (printed.get(code) ?? 0), 0);
    expect([total.code, value]).toEqual([total.code, parts]);
  }
}

/**
 * A random column: leaves empty, zero, or amounts of either sign — half of them within ten
 * printed units of `unit` cents (many half-unit ties), the others large.
 */
function randomTable(next: () => number, unit: number) {
  const values: Partial<Record<LineCode, Cents | null>> = {};
  for (const code of LEAVES) {
    const roll = next();
    if (roll < 0.2) values[code] = null;
    else if (roll < 0.3) values[code] = cents(0);
    else {
      const scale = next() < 0.5 ? 10 * unit : 1_000_000_000;
      values[code] = cents(Math.round((next() * 2 - 1) * scale));
    }
  }
  return column(values);
}

describe('roundTableAdditively', () => {
  it('makes the printed totals add up where independent rounding does not', () => {
    // Three revenue lines of 0.50 € each: independently 1 + 1 + 1 ≠ round(1.50) = 2.
    const rows = column({ sales: cents(50), fees: cents(50), grants: cents(50) });
    const independent = rows.map((r) => (r.cents === null ? 0 : roundToEuros(r.cents)));
    expect(independent.slice(0, 5)).toEqual([1, 1, 1, 0, 2]);
    const printed = roundTableAdditively(rows);
    expect(printed.get('revenue')).toBe(2);
    expect(printed.get('margin')).toBe(2);
    expect([printed.get('sales'), printed.get('fees'), printed.get('grants')]).toEqual([1, 1, 0]);
    expect(printed.get('otherRevenue')).toBeNull();
    checkAdditive(rows, printed);
  });

  it('distributes top-down: the margin decides revenue and costs, then their parts', () => {
    const rows = column({
      sales: cents(10_049),
      fees: cents(20_049),
      personnel: cents(-30_049),
      services: cents(-40_049),
    });
    const printed = roundTableAdditively(rows);
    // margin −400.00 → −400 €; revenue 300.98 and costs −700.98 are split to 301 and −701.
    expect(printed.get('margin')).toBe(-400);
    expect(printed.get('revenue')! + printed.get('costs')!).toBe(-400);
    checkAdditive(rows, printed);
  });

  it('rounds lines outside the income statement independently', () => {
    const rows = [
      { line: 'depreciation' as const, cents: cents(-1_284_550) },
      { line: 'imputed' as const, cents: null },
    ];
    const printed = roundTableAdditively(rows);
    expect(printed.get('depreciation')).toBe(-12_846);
    expect(printed.get('imputed')).toBeNull();
  });

  it('rounds a group whose total is not the sum of its parts independently', () => {
    const rows = column({ sales: cents(150), fees: cents(150) }).map((r) =>
      r.line === 'revenue' ? { ...r, cents: cents(1_000) } : r,
    );
    const printed = roundTableAdditively(rows);
    expect(printed.get('revenue')).toBe(10);
    expect([printed.get('sales'), printed.get('fees')]).toEqual([2, 2]);
  });

  it('holds on 2000 seeded random tables: totals add up, every cell within 1 €', () => {
    const next = random(20231231);
    for (let table = 0; table < 2000; table += 1) {
      const rows = randomTable(next, 100);
      checkAdditive(rows, roundTableAdditively(rows));
    }
  });
});

describe('roundTableAdditively in thousands of euros', () => {
  it('distributes whole thousands by the largest remainder of the cents', () => {
    // 400.00 € three times: independently 0 + 0 + 0 ≠ round(1 200 €) = 1 thousand.
    const rows = column({ sales: cents(40_000), fees: cents(40_000), grants: cents(40_001) });
    expect(roundToThousands(cents(40_000))).toBe(0);
    const printed = roundTableAdditively(rows, THOUSAND_EUROS);
    expect(printed.get('revenue')).toBe(1);
    // The largest remainder (grants, by one cent) gets the thousand.
    expect([printed.get('sales'), printed.get('fees'), printed.get('grants')]).toEqual([0, 0, 1]);
    checkAdditive(rows, printed, THOUSAND_EUROS);
  });

  it('holds on 2000 seeded random tables: totals add up, every cell within 1 000 €', () => {
    const next = random(20240101);
    for (let table = 0; table < 2000; table += 1) {
      const rows = randomTable(next, THOUSAND_EUROS);
      checkAdditive(rows, roundTableAdditively(rows, THOUSAND_EUROS), THOUSAND_EUROS);
    }
  });
});

describe('roundColumnsAdditively', () => {
  it('makes each column additive on its own', () => {
    const next = random(7);
    for (let table = 0; table < 200; table += 1) {
      const leaves = new Map<
        LineCode,
        { budget: Cents | null; changes: Cents | null; actual: Cents | null }
      >();
      for (const code of LEAVES) {
        const amount = () => (next() < 0.2 ? null : cents(Math.round((next() * 2 - 1) * 100_000)));
        leaves.set(code, { budget: amount(), changes: amount(), actual: amount() });
      }
      const lines = linesFromLeaves(leaves);
      const printed = roundColumnsAdditively(lines);
      for (const column of ROUNDED_COLUMNS) {
        const rows = lines.map((line) => ({ line: line.code, cents: line[column] }));
        const values = new Map(lines.map((line) => [line.code, printed.get(line.code)![column]]));
        // The deviation of a total counts parts without an actual; those groups fall back.
        if (column === 'deviation') {
          for (const row of rows) {
            if (row.cents === null) continue;
            expect(Math.abs(values.get(row.line)! * 100 - row.cents)).toBeLessThan(100);
          }
        } else {
          checkAdditive(rows, values);
        }
      }
    }
  });
});
