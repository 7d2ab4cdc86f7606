/** What the routes share in turning service answers into API answers. */
import { parsePeriod } from '../domain/period.js';

/** The last month of actuals a `period` (YYYY-MM) asks for, which must lie in the year. */
export function toMonthOf(period: string | undefined, year: number): number | undefined {
  return period === undefined ? undefined : parsePeriod(period, year).month;
}

/** Dates as the API gives them: ISO 8601 in UTC. */
export function iso(date: Date | string): string {
  return (date instanceof Date ? date : new Date(date)).toISOString();
}
