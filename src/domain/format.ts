import type { Language } from './lines.js';
import { roundToEuros, type Cents } from './money.js';

const LOCALES: Record<Language, string> = { sv: 'sv-FI', fi: 'fi-FI', en: 'en-GB' };
const formatters = new Map<Language, Intl.NumberFormat>();

/**
 * Whole euros as a report prints them: `−2 027 993` in Swedish and Finnish (no-break space
 * groups, minus sign U+2212), `-2,027,993` in English. Only the rounded integer is formatted.
 */
export function formatEuros(amount: Cents, lang: Language): string {
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALES[lang], {
      maximumFractionDigits: 0,
      useGrouping: true,
    });
    formatters.set(lang, formatter);
  }
  return formatter.format(roundToEuros(amount));
}
