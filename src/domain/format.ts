import type { Language } from './lines.js';
import { roundToEuros, type Cents } from './money.js';

/** The locale of each report language, for documents that name it (DOCX); figures use formatWhole. */
export const LOCALES: Readonly<Record<Language, string>> = {
  sv: 'sv-FI',
  fi: 'fi-FI',
  en: 'en-GB',
};
/** The minus sign of printed figures (U+2212), in every language. */
export const MINUS = '\u2212';
/** The thousands separator of printed figures: a no-break space (U+00A0), in every language. */
export const GROUP = '\u00a0';
/** Between a number and its unit (`93,4 %`). */
const UNIT_SPACE = '\u00a0';

/*
 * Figures print Nordic style in every language — the reports, the CLI and the web alike:
 * groups of three separated by no-break spaces and the minus sign U+2212, `−4 136 458`; only
 * the decimal sign follows the language (comma in sv and fi, point in en). Written by hand
 * rather than with Intl: the same string everywhere, whatever locale data the runtime carries,
 * and no locale data for the browser to load.
 */

/** Groups the digits of a non-negative integer written in decimal: `1234567` → `1 234 567`. */
function groupDigits(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += GROUP;
    out += digits[i];
  }
  return out;
}

function decimalSign(lang: Language): string {
  return lang === 'en' ? '.' : ',';
}

/**
 * A whole number as a report prints it, `−4 136 458`, the same in sv, fi and en (the language
 * is accepted for symmetry with the other formatters). A fraction is rounded half away from zero.
 */
export function formatWhole(n: number, _lang?: Language): string {
  if (!Number.isFinite(n)) return String(n);
  const whole = Math.sign(n) * Math.round(Math.abs(n));
  if (!Number.isSafeInteger(whole)) return String(whole);
  return (whole < 0 ? MINUS : '') + groupDigits(String(Math.abs(whole)));
}

/**
 * Cents rounded to whole euros (half away from zero, on integers) and printed as a report does,
 * `−1 234 567`; an empty string where there is no figure.
 */
export function formatEuros(amount: number | null | undefined, lang?: Language): string {
  if (amount === null || amount === undefined) return '';
  return formatWhole(roundToEuros(amount as Cents), lang);
}

/** The euro sign, printed after an amount and a no-break space (`1 234 567 €`) in every language. */
export const EURO_SIGN = '\u20ac';

/**
 * An amount in a sentence: cents rounded to whole euros as formatEuros prints them, with the euro
 * sign after a no-break space, `−1 234 567 €`, in sv, fi and en alike (the reports' tables and
 * the web print `1 234 567` in every language, so the sentences beside them do too). With
 * `signed`, a positive amount carries `+` (`+3 495 €`: a deviation in the favourable direction);
 * a negative one always has the minus sign U+2212. An empty string where there is no figure.
 */
export function formatMoney(
  amount: number | null | undefined,
  lang?: Language,
  options: { signed?: boolean } = {},
): string {
  if (amount === null || amount === undefined) return '';
  const euros = roundToEuros(amount as Cents);
  const plus = options.signed && euros > 0 ? '+' : '';
  return `${plus}${formatWhole(euros, lang)}${UNIT_SPACE}${EURO_SIGN}`;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * An exact decimal kept as text (a goal indicator's target or value, `-4136458`, `64.4`) as a
 * report prints a figure: digits grouped, the minus sign U+2212, the language's decimal sign —
 * `−4 136 458`, `64,4` (sv, fi) / `64.4` (en). Text that is no such decimal is returned as it is.
 */
export function formatDecimal(text: string, lang: Language): string {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return text;
  const [, sign = '', whole = '', fraction] = match;
  const digits = whole.replace(/^0+(?=\d)/, '');
  const zero = /^0*$/.test(digits + (fraction ?? ''));
  const minus = sign === '-' && !zero ? MINUS : '';
  return `${minus}${groupDigits(digits)}${fraction === undefined ? '' : decimalSign(lang) + fraction}`;
}

/** Cents with their two decimals, `−1 234 567,89` (decimal comma in sv/fi, point in en). */
export function formatCents(amount: number, lang: Language): string {
  const abs = Math.abs(amount);
  const euros = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${amount < 0 ? MINUS : ''}${groupDigits(String(euros))}${decimalSign(lang)}${rest}`;
}

/** A percentage with one decimal (93.4 as the API gives it), `93,4 %` in sv/fi, `93.4 %` in en. */
export function formatPercent(value: number | null | undefined, lang: Language): string {
  if (value === null || value === undefined) return '';
  const tenths = Math.round(Math.abs(value) * 10);
  const text = `${groupDigits(String(Math.floor(tenths / 10)))}${decimalSign(lang)}${tenths % 10}`;
  return `${value < 0 && tenths !== 0 ? MINUS : ''}${text}${UNIT_SPACE}%`;
}

/**
 * An instant as a Finnish report dates it, in Finland's time: `1.12.2026 14.05` in sv and fi,
 * `1 Dec 2026 14:05` in en.
 */
export function formatDate(iso: string, lang: Language): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const { day, month, year, hour, minute } = parts as Record<string, string>;
  if (lang === 'en') {
    const months = [
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
    ];
    return `${Number(day)} ${months[Number(month) - 1]} ${year} ${hour}:${minute}`;
  }
  return `${Number(day)}.${Number(month)}.${year} ${hour}.${minute}`;
}
