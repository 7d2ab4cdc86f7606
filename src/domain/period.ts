/**
 * Reporting periods: a report covers the year's months 1 to its period's last month — 12 for
 * the annual report (the closed year), fewer for an interim report (osavuosikatsaus,
 * delårsrapport) such as 1–4 or 1–8.
 */
import { UtfallError } from './errors.js';

export const YEAR_END = 12;

/** Whether a report up to `toMonth` is an interim report (not the year's). */
export function isInterim(toMonth: number): boolean {
  return toMonth < YEAR_END;
}

/**
 * A period as written, `YYYY-MM` (or `YYYY-M`): its year and month. Anything else — month 00,
 * 13, another year than `year` when one is given — is refused, naming what was expected.
 */
export function parsePeriod(text: string, year?: number): { year: number; month: number } {
  const match = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!match) throw new UtfallError('period.invalid', { value: text });
  const y = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > YEAR_END) throw new UtfallError('period.month', { value: text });
  if (year !== undefined && y !== year)
    throw new UtfallError('period.otherYear', { period: text, year });
  return { year: y, month };
}

/** A month of the year as given on its own (1–12), else refused. */
export function checkMonth(month: number, text = String(month)): number {
  if (!Number.isInteger(month) || month < 1 || month > YEAR_END)
    throw new UtfallError('period.month', { value: text });
  return month;
}
