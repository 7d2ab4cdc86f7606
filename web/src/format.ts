/**
 * What the web prints beyond the domain's figures: dates, times and month names. Figures —
 * whole euros from integer cents, cents with decimals, percentages — are the domain's
 * (src/domain/format.ts), so that a figure prints the same in the web as in the reports and the
 * CLI, `−1 234 567`; amounts typed by users are read by the importer's rule (src/domain/amount.ts).
 */
import type { MessageKey, Translate } from './i18n/index.js';
import type { Language } from '../../src/domain/lines.js';

export { formatCents, formatEuros, formatPercent, formatWhole } from '../../src/domain/format.js';

/**
 * Euros typed by a user (budget changes) into integer cents by the importer's rule, so that a
 * field refuses what an import refuses (`1.234`, `12,345`, `0,001`: more than two decimals);
 * null for anything that is not an amount.
 */
export { parseAmount as parseEurosToCents } from '../../src/domain/amount.js';

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
