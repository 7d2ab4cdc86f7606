import type { Language } from './lines.js';
import { roundToEuros, type Cents } from './money.js';

/** The locale each report language formats numbers and dates in. */
export const LOCALES: Readonly<Record<Language, string>> = {
  sv: 'sv-FI',
  fi: 'fi-FI',
  en: 'en-GB',
};
const formatters = new Map<Language, Intl.NumberFormat>();

/** A whole number as a report prints it: `−4 136 458` in sv/fi (U+2212, no-break spaces), `-4,136,458` in en. */
export function formatWhole(n: number, lang: Language): string {
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALES[lang], {
      maximumFractionDigits: 0,
      useGrouping: true,
    });
    formatters.set(lang, formatter);
  }
  return formatter.format(n === 0 ? 0 : n);
}

/** Cents rounded to whole euros and printed as a report does; only the rounded integer is formatted. */
export function formatEuros(amount: Cents, lang: Language): string {
  return formatWhole(roundToEuros(amount), lang);
}
