import { describe, expect, it } from 'vitest';
import { formatDecimal, formatMoney } from './format.js';
import { formatIndicatorTarget, formatIndicatorValue } from './goals.js';

const nbsp = (text: string) => text.replace(/ /g, '\u00a0');

describe('amounts and targets in sentences', () => {
  it('prints an amount with the euro sign after it, the same in every language', () => {
    for (const lang of ['sv', 'fi', 'en'] as const) {
      expect(formatMoney(349_512, lang, { signed: true })).toBe(nbsp('+3 495 €'));
      expect(formatMoney(-413_645_800, lang)).toBe(nbsp('−4 136 458 €'));
      expect(formatMoney(-40, lang, { signed: true })).toBe(nbsp('0 €'));
    }
    expect(formatMoney(null)).toBe('');
  });

  it('groups an exact decimal kept as text, with the minus sign and the decimal sign', () => {
    expect(formatDecimal('-4136458', 'sv')).toBe(nbsp('−4 136 458'));
    expect(formatDecimal('64.4', 'fi')).toBe('64,4');
    expect(formatDecimal('1234.50', 'en')).toBe(nbsp('1 234.50'));
    expect(formatDecimal('-0', 'sv')).toBe('0');
    expect(formatDecimal('n/a', 'sv')).toBe('n/a');
  });

  it('prints an indicator target with ≥ / ≤ and its measure unit', () => {
    const target = { operator: '>=' as const, target: '-4136458', measureUnit: '€' };
    expect(formatIndicatorTarget(target, 'sv')).toBe(nbsp('≥ −4 136 458 €'));
    expect(formatIndicatorTarget({ operator: '<=', target: '12', measureUnit: '' }, 'en')).toBe(
      nbsp('≤ 12'),
    );
    expect(formatIndicatorValue('93.4', '%', 'fi')).toBe(nbsp('93,4 %'));
  });
});
