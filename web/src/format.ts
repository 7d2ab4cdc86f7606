/**
 * Numbers and dates as Nordic reports print them, in every interface language: whole euros from
 * integer cents (rounded half away from zero by the domain's integer rounding), groups of three
 * separated by no-break spaces and the minus sign U+2212 — `−1 234 567`. Amounts typed by users
 * are read digit by digit into cents; floating point never touches a sum.
 */
import { roundToEuros, type Cents } from '../../src/domain/money.js';
import type { Language, MessageKey, Translate } from './i18n/index.js';

export const MINUS = '\u2212';
/** The thousands separator of the printed reports (Intl's for sv-FI and fi-FI). */
export const GROUP = '\u00a0';
/** Between a number and its unit (`93,4 %`). */
const UNIT_SPACE = '\u00a0';

/** Groups the digits of a non-negative integer written in decimal: `1234567` → `1 234 567`. */
function groupDigits(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += GROUP;
    out += digits[i];
  }
  return out;
}

/** A whole number as reports print it: `−1 234 567`. */
export function formatWhole(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  return (n < 0 ? MINUS : '') + groupDigits(digits);
}

/** Cents as whole euros, `−1 234 567`; an empty string where there is no figure. */
export function formatEuros(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  return formatWhole(roundToEuros(amount as Cents));
}

/** Cents with their two decimals, `−1 234 567,89` (decimal comma in sv/fi, point in en). */
export function formatCents(amount: number, lang: Language): string {
  const abs = Math.abs(amount);
  const euros = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${amount < 0 ? MINUS : ''}${groupDigits(String(euros))}${lang === 'en' ? '.' : ','}${rest}`;
}

/** A percentage with one decimal as the API gives it (93.4), `93,4 %` in sv/fi. */
export function formatPercent(value: number | null | undefined, lang: Language): string {
  if (value === null || value === undefined) return '';
  const tenths = Math.round(Math.abs(value) * 10);
  const text = `${groupDigits(String(Math.floor(tenths / 10)))}${lang === 'en' ? '.' : ','}${tenths % 10}`;
  return `${value < 0 && tenths !== 0 ? MINUS : ''}${text}${UNIT_SPACE}%`;
}

/**
 * Reads euros typed by a user into integer cents: `1234`, `-1 234,50`, `−1234.5`, `1.234,50`
 * are all accepted; at most two decimals. Null for anything else. String work only.
 */
export function parseEurosToCents(text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  if (/^[-\u2212]/.test(s)) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  if (s === '') return null;
  // The last separator followed by one or two digits is the decimal one; others group thousands.
  const decimal = /^(.*?)([.,])(\d{1,2})$/.exec(s);
  let whole = s;
  let fraction = '';
  if (decimal) {
    whole = decimal[1] ?? '';
    fraction = decimal[3] ?? '';
  }
  if (/[.,]/.test(whole)) {
    // Thousands groups: 1.234.567 or 1,234,567 — one separator, not the decimal one, and every
    // group after the first of exactly three digits.
    const group = /^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/.exec(whole);
    if (!group || group[1] === decimal?.[2]) return null;
    whole = whole.replace(/[.,]/g, '');
  }
  if (whole === '') whole = '0';
  if (!/^\d+$/.test(whole)) return null;
  const digits = `${whole}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return null;
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > 10 ** 15) return null;
  return negative && value !== 0 ? -value : value;
}

/** A date (`2023-06-12` or an ISO timestamp) as `12.6.2023`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${Number(day[3])}.${Number(day[2])}.${day[1]}`;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.getDate()}.${date.getMonth() + 1}.${date.getFullYear()}`;
}

/** A timestamp as `12.6.2023 14.05` (sv, fi) or `12.6.2023 14:05` (en), local time. */
export function formatDateTime(value: string | null | undefined, lang: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const hours = String(date.getHours()).padStart(2, '0');
  const minutes = String(date.getMinutes()).padStart(2, '0');
  return `${formatDate(value)} ${hours}${lang === 'en' ? ':' : '.'}${minutes}`;
}

const MONTHS = [
  'month.1',
  'month.2',
  'month.3',
  'month.4',
  'month.5',
  'month.6',
  'month.7',
  'month.8',
  'month.9',
  'month.10',
  'month.11',
  'month.12',
] as const satisfies readonly MessageKey[];

/** The name of a month (1–12), `mars` / `maaliskuu` / `March`. */
export function monthName(month: number, t: Translate): string {
  const key = MONTHS[month - 1];
  return key ? t(key) : String(month);
}
