import { describe, expect, it } from 'vitest';
import type { Cents } from './money.js';
import {
  allocate,
  EVEN,
  firstMonthOfChange,
  spread,
  toDate,
  weightsFromActuals,
} from './spread.js';

const c = (n: number) => n as Cents;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** mulberry32: seeded, so that a failing case can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('spreading a budget over its months', () => {
  it('spreads evenly, the leftover cents to the first months', () => {
    expect(spread(c(100))).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8]);
    expect(spread(c(-100))).toEqual([-9, -9, -9, -9, -8, -8, -8, -8, -8, -8, -8, -8]);
    expect(spread(c(1200))).toEqual(Array(12).fill(100));
  });

  it('spreads by a named profile: holiday pay in June and July', () => {
    const holiday = [8, 8, 8, 8, 8, 12, 12, 4, 8, 8, 8, 8];
    const months = spread(c(-10_000_000), holiday);
    expect(months[5]).toBe(-1_200_000);
    expect(months[0]).toBe(-800_000);
    expect(sum(months)).toBe(-10_000_000);
  });

  it('spreads a change from the month of its decision, by the same profile', () => {
    expect(firstMonthOfChange('2023-06-15', 2023)).toBe(6);
    expect(firstMonthOfChange('2022-12-20', 2023)).toBe(1);
    expect(firstMonthOfChange('2024-01-10', 2023)).toBe(12);
    expect(firstMonthOfChange('', 2023)).toBe(1);
    const months = spread(c(70_000), EVEN, 6);
    expect(months).toEqual([0, 0, 0, 0, 0, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    // A profile that weighs nothing in the months left spreads evenly over them instead.
    expect(spread(c(2), [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], 12)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    ]);
  });

  it("takes last year's monthly actuals as weights, whatever their sign", () => {
    expect(weightsFromActuals([c(-5), c(5), ...Array<Cents>(10).fill(c(0))])).toEqual([
      5n,
      5n,
      ...Array<bigint>(10).fill(0n),
    ]);
    expect(weightsFromActuals(Array<Cents>(12).fill(c(0)))).toBeNull();
  });

  it('refuses weights that spread nothing', () => {
    expect(() => allocate(c(1), Array(12).fill(0))).toThrow(RangeError);
    expect(() => allocate(c(1), [-1, ...Array<number>(11).fill(1)])).toThrow(RangeError);
  });

  it('property: the months add up to the amount, and the budget to December is the year', () => {
    const next = random(20231231);
    for (let i = 0; i < 2000; i++) {
      const amount = c(Math.round((next() - 0.5) * 2 * 10 ** (1 + Math.floor(next() * 12))) || 0);
      const weights = Array.from({ length: 12 }, () =>
        next() < 0.2 ? 0 : Math.floor(next() * 10 ** Math.floor(next() * 9)),
      );
      const from = 1 + Math.floor(next() * 12);
      const months = spread(amount, weights, from);
      expect(sum(months)).toBe(amount);
      for (let m = 1; m < from; m++) expect(months[m - 1]).toBe(0);
      for (let m = 1; m <= 12; m++) expect(toDate(months, m)).toBe(sum(months.slice(0, m)));
      expect(toDate(months, 12)).toBe(amount);
      // No month takes more than its exact share rounded outward.
      const total = sum(weights.map((w, j) => (j + 1 < from ? 0 : w)));
      if (total > 0)
        months.forEach((share, j) => {
          const exact = (amount * (j + 1 < from ? 0 : weights[j]!)) / total;
          expect(Math.abs(share - exact)).toBeLessThan(1.000001);
        });
    }
  });
});
