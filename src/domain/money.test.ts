import { describe, expect, it } from 'vitest';
import {
  cents,
  centsFrom,
  EURO,
  negate,
  roundToEuros,
  roundToThousands,
  roundToUnit,
  sumOrNull,
  THOUSAND_EUROS,
  type Cents,
} from './money.js';
import { formatEuros } from './format.js';
import { accountResolver, DEFAULT_MAPPING, lineForAccount } from './mapping.js';
import { findLine, LINE_CODES, LINES } from './lines.js';

const c = (n: number) => n as Cents;

describe('money', () => {
  it('accepts only safe integer cents within range', () => {
    expect(cents(123)).toBe(123);
    expect(() => cents(1.5)).toThrow(RangeError);
    expect(() => cents(10 ** 16)).toThrow(RangeError);
    expect(centsFrom('-12345678901')).toBe(-12345678901);
    expect(centsFrom(12n)).toBe(12);
    expect(() => centsFrom('1.5')).toThrow(TypeError);
  });

  it('rounds half away from zero, as printed reports do', () => {
    expect(roundToEuros(c(18518480))).toBe(185185);
    expect(roundToEuros(c(150))).toBe(2);
    expect(roundToEuros(c(-150))).toBe(-2);
    expect(roundToEuros(c(-149))).toBe(-1);
    expect(roundToEuros(c(-49))).toBe(0);
    expect(Object.is(roundToEuros(c(-49)), -0)).toBe(false);
  });

  it('rounds to thousands of euros half away from zero, from the cents', () => {
    expect(roundToThousands(c(18518520))).toBe(185);
    expect(roundToThousands(c(-413645800))).toBe(-4136);
    expect(roundToThousands(c(50_000))).toBe(1);
    expect(roundToThousands(c(49_999))).toBe(0);
    expect(roundToThousands(c(-50_000))).toBe(-1);
    expect(roundToThousands(c(-49_999))).toBe(0);
    expect(Object.is(roundToThousands(c(-49_999)), -0)).toBe(false);
    // From the cents, not from the euros: 1 499.50 € is 1 500 € as euros, but 1 thousand.
    expect(roundToEuros(c(149_950))).toBe(1_500);
    expect(roundToThousands(c(149_950))).toBe(1);
    expect(roundToThousands(c(150_000))).toBe(2);
  });

  it('rounds to any unit as roundToEuros does to euros', () => {
    for (let amount = -1_000; amount <= 1_000; amount += 7) {
      expect(roundToUnit(c(amount), EURO)).toBe(roundToEuros(c(amount)));
    }
    expect(roundToUnit(c(3 * THOUSAND_EUROS), THOUSAND_EUROS)).toBe(3);
    expect(() => roundToUnit(c(1), 0)).toThrow(RangeError);
    expect(() => roundToUnit(c(1), 2.5)).toThrow(RangeError);
  });

  it('sums to null only when there is nothing, and negates without -0', () => {
    expect(sumOrNull([null, null])).toBeNull();
    expect(sumOrNull([null, c(0)])).toBe(0);
    expect(sumOrNull([c(1), c(-3)])).toBe(-2);
    expect(Object.is(negate(c(0)), -0)).toBe(false);
  });
});

describe('formatEuros', () => {
  it('prints Nordic style with no-break spaces and a minus sign in every language', () => {
    expect(formatEuros(c(-202799300), 'sv')).toBe('\u22122\u00a0027\u00a0993');
    expect(formatEuros(c(-202799300), 'fi')).toBe('\u22122\u00a0027\u00a0993');
    expect(formatEuros(c(-202799300), 'en')).toBe('\u22122\u00a0027\u00a0993');
    expect(formatEuros(c(0), 'sv')).toBe('0');
  });
});

describe('lines and mapping', () => {
  it('has the standard lines in order and finds them by label in every language', () => {
    expect(LINES.map((l) => l.code)).toEqual([...LINE_CODES]);
    expect(findLine('Verksamhetsbidrag, externt')).toBe('margin');
    expect(findLine('toimintakate, ulkoinen')).toBe('margin');
    expect(findLine('Purchases of services')).toBe('services');
    expect(findLine('Understöd')).toBe('subsidies');
    expect(findLine('Understöd och bidrag')).toBe('grants');
    expect(findLine('nonsense')).toBeUndefined();
  });

  it('maps default account ranges, also for longer ERP accounts', () => {
    expect(lineForAccount(DEFAULT_MAPPING, '3000')).toBe('sales');
    expect(lineForAccount(DEFAULT_MAPPING, '3299')).toBe('fees');
    expect(lineForAccount(DEFAULT_MAPPING, '429999')).toBe('personnel');
    expect(lineForAccount(DEFAULT_MAPPING, '7000')).toBe('depreciation');
    expect(lineForAccount(DEFAULT_MAPPING, '5000')).toBeUndefined();
    expect(lineForAccount(DEFAULT_MAPPING, '12')).toBeUndefined();
    expect(lineForAccount(DEFAULT_MAPPING, '40a0')).toBeUndefined();
    const own = accountResolver([
      { from: '4010', to: '4010', line: 'services' },
      ...DEFAULT_MAPPING,
    ]);
    expect(own('4010')).toBe('services');
    expect(own('4011')).toBe('personnel');
  });
});
