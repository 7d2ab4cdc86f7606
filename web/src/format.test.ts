import { describe, expect, it } from 'vitest';
import { formatCents, formatEuros, formatPercent, parseEurosToCents } from './format.js';

const NBSP = '\u00a0';
const MINUS = '\u2212';

describe('formatEuros', () => {
  it('prints whole euros from cents as reports do', () => {
    expect(formatEuros(123456789)).toBe(`1${NBSP}234${NBSP}568`);
    expect(formatEuros(-413645800)).toBe(`${MINUS}4${NBSP}136${NBSP}458`);
    expect(formatEuros(0)).toBe('0');
    expect(formatEuros(null)).toBe('');
  });

  it('rounds half away from zero and never prints −0', () => {
    expect(formatEuros(50)).toBe('1');
    expect(formatEuros(-50)).toBe(`${MINUS}1`);
    expect(formatEuros(49)).toBe('0');
    expect(formatEuros(-49)).toBe('0');
    expect(formatEuros(99950)).toBe(`1${NBSP}000`);
  });
});

describe('formatCents and formatPercent', () => {
  it('keeps the cents with the language’s decimal sign', () => {
    expect(formatCents(-123456, 'sv')).toBe(`${MINUS}1${NBSP}234,56`);
    expect(formatCents(5, 'en')).toBe('0.05');
  });

  it('prints one decimal and a no-break space before %', () => {
    expect(formatPercent(93.4, 'fi')).toBe(`93,4${NBSP}%`);
    expect(formatPercent(101.0, 'en')).toBe(`101.0${NBSP}%`);
    expect(formatPercent(null, 'sv')).toBe('');
  });
});

describe('parseEurosToCents', () => {
  it.each([
    ['1234', 123400],
    ['-50000', -5000000],
    [`${MINUS}50 000,50`, -5000050],
    [`1${NBSP}234,5`, 123450],
    ['1\u202f234.56', 123456],
    ['1.234.567,89', 123456789],
    ['1,234,567.89', 123456789],
    ['+12', 1200],
    ['0,1', 10],
    ['-0', 0],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseEurosToCents(text)).toBe(cents);
  });

  it.each(['', '12x', '1,2,3', '1.234,567', '--5', '1e5', '12,345,6'])('refuses %j', (text) => {
    expect(parseEurosToCents(text)).toBeNull();
  });

  it('never goes through floating point: 0.1 + 0.2 euros are 30 cents exactly', () => {
    const sum = (parseEurosToCents('0,1') ?? 0) + (parseEurosToCents('0,2') ?? 0);
    expect(sum).toBe(30);
  });
});
