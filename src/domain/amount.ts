/**
 * Amounts as people type them in Finland and Sweden, read into integer cents: the one rule for
 * the importers (every amount cell of a file) and the web's amount fields alike. Digits are read
 * into an integer; floating point never touches an amount. The hot path (once per ledger line)
 * scans with charCodeAt and allocates nothing.
 */
import { cents, MAX_CENTS, type Cents } from './money.js';

/** Why a text is not an amount: not a number, more than two decimals, or too large. */
export type AmountFailure = 'invalid' | 'decimals' | 'range';

/** An amount in cents, or why there is none. */
export type AmountResult = { ok: true; value: Cents } | { ok: false; reason: AmountFailure };

const MINUS = 0x2d;
const UNICODE_MINUS = 0x2212;
const PLUS = 0x2b;
const DOT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const NBSP = 0xa0;
const NARROW_NBSP = 0x202f;
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
