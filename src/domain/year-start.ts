/**
 * Starting a fiscal year from an earlier one (`utfall year start 2024 --from 2023`): what is
 * carried over and what is not. The year's structure is: the organisation, the binding levels,
 * the account mapping, the strategy themes, the goal structure and the budget profiles. What the
 * past year's follow-up produced is not: budgets, actuals, texts, risks, forecasts, comments,
 * the workflow and its snapshots.
 */
import { UtfallError } from './errors.js';
import type { GoalStatus, KeyGoal } from './goals.js';

/** What a start copies, in the order it is reported. */
export const YEAR_START_PARTS = [
  'units',
  'bindings',
  'accountRanges',
  'themes',
  'goals',
  'profiles',
] as const;
export type YearStartPart = (typeof YEAR_START_PARTS)[number];

/** How many of each were copied (or, of a year, are there). */
export type YearStartCounts = Record<YearStartPart, number>;

/** A key goal's status before it is assessed: as a goal imported without one. */
export const INITIAL_GOAL_STATUS: GoalStatus = 'notAssessed';

/**
 * A key goal as the new year's plan: its theme, texts (goal, city goal, board goal), action plan,
 * responsible, binding and indicators (name, measure unit, target, operator, baseline and the
 * figure it is bound to) — without what the follow-up of the past year wrote into it: the outcome
 * texts, the indicators' actual values and the assessed status.
 */
export function carriedOverGoal(goal: KeyGoal): KeyGoal {
  return {
    ...goal,
    outcome: {},
    status: INITIAL_GOAL_STATUS,
    indicators: goal.indicators.map((indicator) => ({ ...indicator, actual: null })),
  };
}

/** Refuses a start into a year that does not come after the one it copies. */
export function checkYearStart(year: number, from: number): void {
  if (year <= from) throw new UtfallError('year.notAfter', { year, from });
}

/**
 * The start a form proposes: from the latest year that has units, into the year after it; null
 * when no year has units yet.
 */
export function proposedYearStart(
  years: readonly { year: number; units: number }[],
): { year: number; from: number } | null {
  const sources = years.filter((y) => y.units > 0).map((y) => y.year);
  if (sources.length === 0) return null;
  const from = Math.max(...sources);
  return { year: from + 1, from };
}
