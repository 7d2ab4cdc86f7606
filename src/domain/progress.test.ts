import { describe, expect, it } from 'vitest';
import { cents } from './money.js';
import { proRata, usePercent } from './progress.js';

describe('usePercent', () => {
  it('is the share of the revised budget used, with one decimal', () => {
    expect(usePercent(cents(-80_00), cents(-100_00))).toBe(80);
    expect(usePercent(cents(-1), cents(-3))).toBe(33.3);
    expect(usePercent(cents(-2), cents(-3))).toBe(66.7);
    expect(usePercent(cents(120_00), cents(100_00))).toBe(120);
  });
  it('rounds half away from zero', () => {
    expect(usePercent(cents(1), cents(2000))).toBe(0.1);
    expect(usePercent(cents(-1), cents(2000))).toBe(-0.1);
    expect(usePercent(cents(0), cents(5))).toBe(0);
  });
  it('is exact for the largest amounts', () => {
    expect(usePercent(cents(999_999_999_999_999), cents(1_000_000_000_000_000))).toBe(100);
    expect(usePercent(cents(999_499_999_999_999), cents(1_000_000_000_000_000))).toBe(99.9);
  });
  it('is null without an actual or a revised budget', () => {
    expect(usePercent(null, cents(-100))).toBeNull();
    expect(usePercent(cents(-5), null)).toBeNull();
    expect(usePercent(cents(-5), cents(0))).toBeNull();
  });
});

describe('proRata', () => {
  it('spreads a yearly amount evenly over the months', () => {
    expect(proRata(cents(-1200_00), 6)).toBe(-600_00);
    expect(proRata(cents(100), 1)).toBe(8);
    expect(proRata(cents(-100), 1)).toBe(-8);
    expect(proRata(cents(6), 1)).toBe(1);
    expect(proRata(cents(12345), 12)).toBe(12345);
    expect(proRata(cents(12345), 0)).toBe(0);
  });
});
