import { describe, expect, it } from 'vitest';
import type { Cents } from './money.js';
import type { LeafAmounts, Unit } from './model.js';
import {
  changePercent,
  forecastExceeds,
  interimByUnit,
  interimFigures,
  percentOf,
  proposeForecasts,
} from './interim.js';

const c = (n: number) => n as Cents;
const names = { sv: 'x', fi: 'x', en: 'x' };
const unit = (code: string, parentCode: string | null): Unit => ({
  code,
  parentCode,
  kind: parentCode === null ? 'central' : 'area',
  names,
  responsible: null,
  board: null,
});
const units = [unit('C', null), unit('A', 'C'), unit('B', 'C')];
const leaf = (
  unitCode: string,
  budget: number,
  revisedToDate: number,
  actual: number | null,
): LeafAmounts => ({
  unitCode,
  line: 'personnel',
  budget: c(budget),
  changes: null,
  revisedToDate: c(revisedToDate),
  actual: actual === null ? null : c(actual),
});

describe('interim figures', () => {
  const leaves = [leaf('A', -1200, -800, -900), leaf('B', -600, -400, -300)];

  it('compares the actual to date with the budget to date, and follows the budget without a forecast', () => {
    const line = interimFigures(units, 'C', leaves, []).find((l) => l.code === 'personnel')!;
    expect(line).toMatchObject({
      revised: -1800,
      revisedToDate: -1200,
      actual: -1200,
      deviation: 0,
      useRate: 100,
      // A: −900 + (−1200 + 800) = −1300; B: −300 + (−600 + 400) = −500
      forecast: -1800,
      forecastDeviation: 0,
      entered: false,
    });
  });

  it("takes a unit's entered forecast for its subtree, and an area's in its central's sum", () => {
    const areaEntered = interimFigures(units, 'C', leaves, [
      { unitCode: 'A', line: 'personnel', amount: c(-1500) },
    ]).find((l) => l.code === 'personnel')!;
    expect(areaEntered.forecast).toBe(-2000);
    expect(areaEntered.forecastDeviation).toBe(-200);
    expect(areaEntered.entered).toBe(true);
    expect(forecastExceeds(areaEntered)).toBe(true);
    const centralEntered = interimByUnit(units, leaves, [
      { unitCode: 'A', line: 'personnel', amount: c(-1500) },
      { unitCode: 'C', line: 'personnel', amount: c(-1700) },
    ]);
    expect(centralEntered.get('C')!.find((l) => l.code === 'personnel')!.forecast).toBe(-1700);
    expect(centralEntered.get('A')!.find((l) => l.code === 'personnel')!.forecast).toBe(-1500);
    // Totals add up their lines' forecasts.
    expect(centralEntered.get('C')!.find((l) => l.code === 'costs')!.forecast).toBe(-1700);
    expect(centralEntered.get('C')!.find((l) => l.code === 'margin')!.forecast).toBe(-1700);
  });

  it('prints use % with one decimal, half away from zero, and none without a budget to date', () => {
    expect(percentOf(c(673), c(1000))).toBe(67.3);
    expect(percentOf(c(-6735), c(-10000))).toBe(67.4);
    expect(percentOf(c(1), c(3))).toBe(33.3);
    expect(percentOf(c(2), c(3))).toBe(66.7);
    expect(percentOf(c(5), c(0))).toBeNull();
    expect(percentOf(null, c(5))).toBeNull();
  });

  it('gives the change against last year as the change of the amount', () => {
    expect(changePercent(c(-110), c(-100))).toBe(10);
    expect(changePercent(c(90), c(100))).toBe(-10);
    expect(changePercent(c(90), null)).toBeNull();
  });

  it('proposes forecasts by the remaining budget, the run rate and last year', () => {
    const proposals = proposeForecasts(
      { revised: c(-1200), revisedToDate: c(-800), actual: c(-900) },
      8,
      { toDate: c(-600), year: c(-1000) },
    );
    expect(proposals).toEqual([
      { method: 'remaining', amount: -1300 },
      { method: 'runRate', amount: -1350 },
      { method: 'previousYear', amount: -1500 },
    ]);
    expect(proposeForecasts({ revised: null, revisedToDate: null, actual: null }, 8)).toEqual([]);
  });
});
