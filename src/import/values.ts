/**
 * Cell value parsers: amounts, dates and periods as people type them in Finland and Sweden.
 * Amounts are read by the domain's rule (src/domain/amount.ts), re-exported here.
 * The hot paths (used once per ledger line) scan with charCodeAt and allocate nothing.
 */
import { trimEnd, trimStart } from '../domain/amount.js';

// The amount rule lives in the domain, shared with the web's amount fields.
export {
  isSpace,
  lastAmountFailure,
  parseAmount,
  parseAmountResult,
  scanAmount,
  scanAmountIn,
  trimEnd,
  trimStart,
  type AmountFailure,
  type AmountResult,
} from '../domain/amount.js';

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
const DOT = 0x2e;
const SLASH = 0x2f;
const ZERO = 0x30;
const NINE = 0x39;

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

/**
 * A month of a year as a period cell gives it, packed as `year × 100 + month`, or −1: a period
 * (`2023-08`, `8/2023`, …) or any date, which names its month (Excel turns "8/2023" into one).
 */
export function scanPeriodCell(text: string): number {
  const packed = scanPeriod(text);
  if (packed >= 0) return packed;
  const date = scanDate(text);
  return date < 0 ? -1 : Math.floor(date / 100);
}
