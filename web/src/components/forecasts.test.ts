import { describe, expect, it } from 'vitest';
import { formatCents } from '../format.js';
import { periodOf, readForecastInput } from './forecasts.js';

describe('the forecast field', () => {
  it('reads euros into integer cents by the importers’ rule', () => {
    expect(readForecastInput('−1 234 567,50')).toEqual({ amount: -123456750 });
    expect(readForecastInput('-800000')).toEqual({ amount: -80000000 });
    expect(readForecastInput(' 1.234.567,89 ')).toEqual({ amount: 123456789 });
    // What it shows is what it reads back, in every language.
    for (const lang of ['sv', 'fi', 'en'] as const)
      expect(readForecastInput(formatCents(-987654321, lang))).toEqual({ amount: -987654321 });
  });

  it('takes an empty field as removing the forecast, and refuses what is not an amount', () => {
    expect(readForecastInput('  ')).toEqual({ amount: null });
    expect(readForecastInput('12,345')).toBeNull();
    expect(readForecastInput('0,001')).toBeNull();
    expect(readForecastInput('tusen')).toBeNull();
  });

  it('names the period as the API does', () => {
    expect(periodOf(2023, 8)).toBe('2023-08');
    expect(periodOf(2023, 11)).toBe('2023-11');
  });
});
