import { describe, expect, it } from 'vitest';
import {
  parseAmount,
  parseAmountResult,
  parseDate,
  parsePeriod,
  scanAmountIn,
  scanDateIn,
} from '../../src/import/values.js';
import { cellText, numberText } from '../../src/import/xlsx.js';

describe('parseAmount', () => {
  it.each([
    ['-1234.56', -123456],
    ['-1 234,56', -123456],
    ['1234', 123400],
    ['1 234 567,5', 123456750],
    ['1\u00A0234,56', 123456],
    ['1\u202F234,56', 123456],
    ['\u22121 234,56', -123456],
    ['+12,5', 1250],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1.234.567,89', 123456789],
    ['1,234,567', 123456700],
    ['12,500', 1250],
    ['12,3400', 1234],
    ['0', 0],
    ['-0,00', 0],
    ['.5', 50],
    ['7,', 700],
    ['  -12,30  ', -1230],
    ['- 12', -1200],
    ['10000000000000', 1_000_000_000_000_000],
  ])('reads %j as %d cents', (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(parseAmount('-0'), 0)).toBe(true);
  });

  it.each([
    ['', 'invalid'],
    ['-', 'invalid'],
    ['12,3x', 'invalid'],
    ['abc', 'invalid'],
    ['1-2', 'invalid'],
    ['12 34', 'invalid'],
    ['1 2345', 'invalid'],
    ['1234 567', 'invalid'],
    ['1.234.56', 'invalid'],
    ['1,234,56.7,8', 'invalid'],
    ['1,2.3,4', 'invalid'],
    ['(1 234,56)', 'invalid'],
    ['1e5', 'invalid'],
    ['12,345', 'decimals'],
    ['-1,234', 'decimals'],
    ['0,001', 'decimals'],
    ['10000000000000,01', 'range'],
    ['99999999999999999999', 'range'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(parseAmount(text)).toBeNull();
    expect(parseAmountResult(text)).toEqual({ ok: false, reason });
  });

  it('reports the value when it succeeds', () => {
    expect(parseAmountResult('1 000')).toEqual({ ok: true, value: 100000 });
  });

  it('scans a range of a longer text without looking outside it', () => {
    const line = '1.1.2023;4000;110100;-1 234,56;Text, with. punctuation';
    const start = line.indexOf('-1');
    const end = line.indexOf(';', start);
    expect(scanAmountIn(line, start, end)).toBe(-123456);
    expect(scanAmountIn('5;', 0, 1)).toBe(500);
    expect(scanDateIn(line, 0, line.indexOf(';'))).toBe(20230101);
    // A cell "31" followed by ".3.2023" outside the range is not a date.
    expect(scanDateIn('31.3.2023', 0, 2)).toBe(-1);
  });
});

describe('parseDate', () => {
  it.each([
    ['2023-03-31', { year: 2023, month: 3, day: 31 }],
    ['31.3.2023', { year: 2023, month: 3, day: 31 }],
    ['31.03.2023', { year: 2023, month: 3, day: 31 }],
    ['1.1.2023', { year: 2023, month: 1, day: 1 }],
    [' 29.2.2024 ', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
  ])('reads %j', (text, expected) => {
    expect(parseDate(text)).toEqual(expected);
  });

  it.each([
    '',
    '31.2.2023',
    '29.2.2023',
    '1900-02-29',
    '2023-13-01',
    '2023-00-10',
    '0.1.2023',
    '31.4.2023',
    '1.1.23',
    '2023/03/31',
    '31-03-2023',
    '2023-03-31T00:00',
    'yesterday',
    '1.1.0203',
  ])('rejects %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('parsePeriod', () => {
  it.each(['2023-05', '5/2023', '05/2023', '5.2023', '2023/05', '2023-5', ' 05.2023 '])(
    'reads %j as May 2023',
    (text) => {
      expect(parsePeriod(text)).toEqual({ year: 2023, month: 5 });
    },
  );

  it.each(['', '2023', '13/2023', '0/2023', '2023-13', '5/23', '202305', '2023-05-01', 'May'])(
    'rejects %j',
    (text) => {
      expect(parsePeriod(text)).toBeNull();
    },
  );
});

describe('numberText (Excel doubles to text)', () => {
  it.each([
    [1234.5, '1234.5'],
    [-250000.5, '-250000.5'],
    [0.1 + 0.2, '0.3'],
    [1.005, '1.01'],
    [-1.005, '-1.01'],
    [2.675, '2.68'],
    [0.994, '0.99'],
    [0.995, '1'],
    [9.999, '10'],
    [-0.004, '0'],
    [1e-7, '0'],
    [4000, '4000'],
    [110100, '110100'],
    [-1234567.89, '-1234567.89'],
  ])('%d → %j', (value, text) => {
    expect(numberText(value)).toBe(text);
  });

  it('turns other cell values into text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText('STK')).toBe('STK');
    expect(cellText(new Date(Date.UTC(2023, 2, 31)))).toBe('2023-03-31');
    expect(cellText({ richText: [{ text: 'STK-' }, { text: 'ADM' }] })).toBe('STK-ADM');
    expect(cellText({ formula: 'A1*2', result: 12.345 })).toBe('12.35');
    expect(cellText({ formula: 'DATE(2023,3,31)', result: 45016 }, 'd.m.yyyy')).toBe('2023-03-31');
    expect(cellText({ formula: 'A1', result: 45016 }, '#,##0.00')).toBe('45016');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(true)).toBe('TRUE');
  });
});
