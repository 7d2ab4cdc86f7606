/** What the routes share in turning service answers into API answers. */
import { UtfallError } from '../domain/errors.js';

/** The last month of actuals a `period` (YYYY-MM) asks for, which must lie in the year. */
export function toMonthOf(period: string | undefined, year: number): number | undefined {
  if (period === undefined) return undefined;
  const [periodYear, month] = period.split('-').map(Number);
  if (periodYear !== year || month === undefined) {
    throw new UtfallError('period.otherYear', { period, year });
  }
  return month;
}

/** Dates as the API gives them: ISO 8601 in UTC. */
export function iso(date: Date | string): string {
  return (date instanceof Date ? date : new Date(date)).toISOString();
}
