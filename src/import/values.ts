/**
 * Cell value parsers: amounts, dates and periods as people type them in Finland and Sweden.
 * Amounts never pass through floating point: digits are read into an integer of cents.
 * The hot paths (used once per ledger line) scan with charCodeAt and allocate nothing.
 */
import { cents, MAX_CENTS, type Cents } from '../domain/money.js';

/** Why a text is not an amount: not a number, more than two decimals, or too large. */
export type AmountFailure = 'invalid' | 'decimals' | 'range';

/** An amount in cents, or why there is none. */
export type AmountResult = { ok: true; value: Cents } | { ok: false; reason: AmountFailure };

/** A calendar date. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** A month of a year. */
export interface PeriodParts {
  year: number;
  month: number;
}

/** Earliest and latest years accepted in dates and periods: catches typos like 31.3.203. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

const MINUS = 0x2d;
const UNICODE_MINUS = 0x2212;
const PLUS = 0x2b;
const DOT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const NBSP = 0xa0;
const NARROW_NBSP = 0x202f;
const SLASH = 0x2f;
const ZERO = 0x30;
const NINE = 0x39;

/** Why the last scanAmount call returned NaN; avoids allocating a result per ledger line. */
let lastFailure: AmountFailure = 'invalid';

function isGroupSpace(code: number): boolean {
  return code === SPACE || code === NBSP || code === NARROW_NBSP;
}

/** White space as String.prototype.trim sees it, for the characters that occur in files. */
export function isSpace(code: number): boolean {
  return (
    code === SPACE ||
    (code >= 0x09 && code <= 0x0d) ||
    code === NBSP ||
    code === NARROW_NBSP ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x3000 ||
    code === 0x1680 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x205f
  );
}

/** The first index in [start, end) that is not white space. */
export function trimStart(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  return start;
}

/** The end of [start, end) without trailing white space. */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Reads an amount into cents, or NaN with the reason in lastFailure. Accepted: optional sign
 * (`-`, `−`, `+`), thousands grouped by spaces (also no-break and narrow no-break) or by the
 * separator that is not the decimal one, a decimal comma or point. With both `.` and `,` the
 * last is the decimal separator; a single one that occurs several times groups thousands.
 */
export function scanAmount(text: string): number {
  return scanAmountIn(text, 0, text.length);
}

/** scanAmount on text[from, to), so that ledger lines need not be cut into cells first. */
export function scanAmountIn(text: string, from: number, to: number): number {
  const begin = trimStart(text, from, to);
  const length = trimEnd(text, begin, to);
  let i = begin;
  let negative = false;
  const first = i < length ? text.charCodeAt(i) : -1;
  if (first === MINUS || first === UNICODE_MINUS) {
    negative = true;
    i++;
  } else if (first === PLUS) i++;
  while (i < length && isGroupSpace(text.charCodeAt(i))) i++;

  // Decide the decimal separator before scanning, from where `.` and `,` occur. Scanned by
  // hand: lastIndexOf on a whole chunk would search back through earlier lines.
  let firstDot = -1;
  let lastDot = -1;
  let firstComma = -1;
  let lastComma = -1;
  for (let k = i; k < length; k++) {
    const code = text.charCodeAt(k);
    if (code === DOT) {
      if (firstDot < 0) firstDot = k;
      lastDot = k;
    } else if (code === COMMA) {
      if (firstComma < 0) firstComma = k;
      lastComma = k;
    }
  }
  let decimalAt = -1;
  let groupPunct = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    // The later one is the decimal separator and occurs once.
    if (lastDot > lastComma) {
      if (firstDot !== lastDot) return fail('invalid');
      decimalAt = lastDot;
      groupPunct = COMMA;
    } else {
      if (firstComma !== lastComma) return fail('invalid');
      decimalAt = lastComma;
      groupPunct = DOT;
    }
  } else if (lastDot >= 0) {
    if (firstDot === lastDot) decimalAt = lastDot;
    else groupPunct = DOT;
  } else if (lastComma >= 0) {
    if (firstComma === lastComma) decimalAt = lastComma;
    else groupPunct = COMMA;
  }
  const intEnd = decimalAt >= 0 ? decimalAt : length;

  // Integer part: digits in groups; after the first separator every group has three digits.
  let euros = 0;
  let digits = 0;
  let groupDigits = 0;
  let grouped = false;
  for (; i < intEnd; i++) {
    const code = text.charCodeAt(i);
    if (code >= ZERO && code <= NINE) {
      euros = euros * 10 + (code - ZERO);
      digits++;
      groupDigits++;
      if (euros > MAX_CENTS / 100) return fail('range');
    } else if (isGroupSpace(code) || code === groupPunct) {
      if (groupDigits === 0 || (grouped ? groupDigits !== 3 : groupDigits > 3)) {
        return fail('invalid');
      }
      grouped = true;
      groupDigits = 0;
    } else return fail('invalid');
  }
  if (grouped && groupDigits !== 3) return fail('invalid');

  // Fraction: at most two digits that count; further digits must be zeros.
  let fraction = 0;
  let fractionDigits = 0;
  let tooPrecise = false;
  if (decimalAt >= 0) {
    for (i = decimalAt + 1; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code < ZERO || code > NINE) return fail('invalid');
      if (fractionDigits < 2) fraction = fraction * 10 + (code - ZERO);
      else if (code !== ZERO) tooPrecise = true;
      fractionDigits++;
      digits++;
    }
  }
  if (digits === 0) return fail('invalid');
  if (tooPrecise) return fail('decimals');
  if (fractionDigits === 1) fraction *= 10;
  const value = euros * 100 + fraction;
  if (value > MAX_CENTS) return fail('range');
  return negative && value !== 0 ? -value : value;
}

function fail(reason: AmountFailure): number {
  lastFailure = reason;
  return NaN;
}

/** The reason of the last failed scanAmount call. */
export function lastAmountFailure(): AmountFailure {
  return lastFailure;
}

/** Parses an amount like `-1 234,56` or `1,234.56` into cents, telling why it failed. */
export function parseAmountResult(text: string): AmountResult {
  const value = scanAmount(text);
  if (Number.isNaN(value)) return { ok: false, reason: lastFailure };
  return { ok: true, value: cents(value) };
}

/** Parses an amount like `-1 234,56` or `1,234.56` into cents; null when it is not one. */
export function parseAmount(text: string): Cents | null {
  const value = scanAmount(text);
  return Number.isNaN(value) ? null : cents(value);
}

/** Reads 1–`max` digits at `from` before `to`; returns the number, or -1. `end.at` gets the stop. */
function digitsAt(
  text: string,
  from: number,
  to: number,
  max: number,
  end: { at: number },
): number {
  let value = 0;
  let i = from;
  while (i < to && i - from < max) {
    const code = text.charCodeAt(i);
    if (code < ZERO || code > NINE) break;
    value = value * 10 + (code - ZERO);
    i++;
  }
  end.at = i;
  return i === from ? -1 : value;
}

const cursor = { at: 0 };

/** The character code at `at` when it lies before `end`, else -1: cells end inside lines. */
function charIn(text: string, at: number, end: number): number {
  return at < end ? text.charCodeAt(at) : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A date as yyyymmdd, or -1. Accepted: `2023-03-31` (ISO, as XLSX dates are turned into text)
 * and `31.3.2023` / `31.03.2023` (Finnish and Swedish practice).
 */
export function scanDate(text: string): number {
  return scanDateIn(text, 0, text.length);
}

/** scanDate on text[from, to). */
export function scanDateIn(text: string, from: number, to: number): number {
  const begin = trimStart(text, from, to);
  const end = trimEnd(text, begin, to);
  let year: number;
  let month: number;
  let day: number;
  if (end - begin >= 8 && text.charCodeAt(begin + 4) === MINUS) {
    year = digitsAt(text, begin, end, 4, cursor);
    if (cursor.at !== begin + 4) return -1;
    month = digitsAt(text, begin + 5, end, 2, cursor);
    if (month < 0 || charIn(text, cursor.at, end) !== MINUS) return -1;
    day = digitsAt(text, cursor.at + 1, end, 2, cursor);
  } else {
    day = digitsAt(text, begin, end, 2, cursor);
    if (day < 0 || charIn(text, cursor.at, end) !== DOT) return -1;
    month = digitsAt(text, cursor.at + 1, end, 2, cursor);
    if (month < 0 || charIn(text, cursor.at, end) !== DOT) return -1;
    const yearFrom = cursor.at + 1;
    year = digitsAt(text, yearFrom, end, 4, cursor);
    if (cursor.at - yearFrom !== 4) return -1;
  }
  if (day < 0 || cursor.at !== end) return -1;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return -1;
  if (day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}

/** Parses a calendar date (`2023-03-31`, `31.3.2023`, `31.03.2023`); null when invalid. */
export function parseDate(text: string): DateParts | null {
  const packed = scanDate(text);
  if (packed < 0) return null;
  return {
    year: Math.floor(packed / 10000),
    month: Math.floor(packed / 100) % 100,
    day: packed % 100,
  };
}

/** A period as yyyymm, or -1: `2023-05`, `2023/05`, `5/2023`, `05/2023`, `5.2023`. */
export function scanPeriod(text: string): number {
  return scanPeriodIn(text, 0, text.length);
}

/** scanPeriod on text[from, to). */
export function scanPeriodIn(text: string, from: number, to: number): number {
  const begin = trimStart(text, from, to);
  const end = trimEnd(text, begin, to);
  let year: number;
  let month: number;
  const head = digitsAt(text, begin, end, 4, cursor);
  if (head < 0 || cursor.at >= end) return -1;
  const separator = text.charCodeAt(cursor.at);
  if (cursor.at - begin === 4) {
    if (separator !== MINUS && separator !== SLASH) return -1;
    year = head;
    month = digitsAt(text, cursor.at + 1, end, 2, cursor);
  } else {
    if (cursor.at - begin > 2 || (separator !== SLASH && separator !== DOT)) return -1;
    month = head;
    const yearFrom = cursor.at + 1;
    year = digitsAt(text, yearFrom, end, 4, cursor);
    if (cursor.at - yearFrom !== 4) return -1;
  }
  if (month < 0 || cursor.at !== end) return -1;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return -1;
  return year * 100 + month;
}

/** Parses a month of a year (`2023-05`, `5/2023`, `05/2023`, `5.2023`, `2023/05`); null when invalid. */
export function parsePeriod(text: string): PeriodParts | null {
  const packed = scanPeriod(text);
  if (packed < 0) return null;
  return { year: Math.floor(packed / 100), month: packed % 100 };
}

/** Formats a date as ISO yyyy-mm-dd. */
export function isoDate(parts: DateParts): string {
  return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}
