/**
 * The rules the overview shows beside the checks: an overrun on every unit (the sign rule of a
 * deviation in report sign), the state a unit shows under a frozen report, and one count of
 * findings for the overview and the checks page.
 */
import { describe, expect, it } from 'vitest';
import { countFindings, isBreach, isOverrun, isWorseThanBudget } from './checks.js';
import { shownState, stateChain, type ReportState } from './workflow.js';

describe('overrun', () => {
  it('is an actual below the budget in report sign: a cost over it, a revenue under it', () => {
    // A cost line of −100 that spent 105 (use 105 %) is worse; one that spent 95 is not.
    expect(isWorseThanBudget(-10_500, -10_000)).toBe(true);
    expect(isWorseThanBudget(-9_500, -10_000)).toBe(false);
    // A revenue line of +100 that earned 90 is worse; one that earned 111 (use 111 %) is not.
    expect(isWorseThanBudget(9_000, 10_000)).toBe(true);
    expect(isWorseThanBudget(11_100, 10_000)).toBe(false);
    expect(isWorseThanBudget(null, 10_000)).toBe(false);
    expect(isWorseThanBudget(-1, null)).toBe(false);
  });

  it('marks a unit whether its line is bound or not, against the budget to date when there is one', () => {
    const margin = { bound: false, actual: -11_100, revised: -10_000 };
    expect(isOverrun(margin)).toBe(true);
    expect(isBreach(margin)).toBe(false);
    expect(isBreach({ ...margin, bound: true })).toBe(true);
    // At an interim period: 8 months of −12 000 against a budget to date of −8 000.
    expect(isOverrun({ actual: -9_000, revised: -12_000, revisedToDate: -8_000 })).toBe(true);
    expect(isOverrun({ actual: -7_000, revised: -12_000, revisedToDate: -8_000 })).toBe(false);
    expect(isOverrun({ actual: -7_000, revised: -12_000, revisedToDate: null })).toBe(false);
    expect(isOverrun(null)).toBe(false);
  });
});

describe('the state a unit shows', () => {
  const units = [
    { code: 'STK', parentCode: null },
    { code: 'STK-ICT', parentCode: 'STK' },
    { code: '1201', parentCode: 'STK-ICT' },
  ];
  const shown = (states: Record<string, ReportState>, code: string) =>
    shownState(stateChain(units, (c) => states[c], code));

  it('is the locked or approved report above it, else its own', () => {
    expect(shown({ 'STK-ICT': 'locked' }, '1201')).toBe('locked');
    expect(shown({ STK: 'approved', '1201': 'submitted' }, '1201')).toBe('approved');
    // Its own approval stands before a lock above it (the nearest frozen report).
    expect(shown({ STK: 'locked', '1201': 'approved' }, '1201')).toBe('approved');
    expect(shown({ 'STK-ICT': 'submitted', '1201': 'submitted' }, '1201')).toBe('submitted');
    expect(shown({ '1201': 'locked' }, 'STK-ICT')).toBe('draft');
    expect(shown({}, '1201')).toBe('draft');
  });
});

describe('the count of findings', () => {
  it('counts errors and warnings, and not a printed total within rounding', () => {
    expect(
      countFindings([
        { severity: 'error' },
        { severity: 'warning' },
        { severity: 'warning' },
        { severity: 'rounding' },
      ]),
    ).toEqual({ errors: 1, warnings: 2 });
    expect(countFindings([])).toEqual({ errors: 0, warnings: 0 });
  });
});
