import { describe, expect, it } from 'vitest';
import type { KeyGoal } from './goals.js';
import {
  carriedOverGoal,
  checkYearStart,
  INITIAL_GOAL_STATUS,
  proposedYearStart,
} from './year-start.js';

const goal: KeyGoal = {
  unitCode: 'STK',
  theme: 2,
  cityGoal: { sv: 'Stadens mål', fi: 'Kaupungin tavoite' },
  goal: { sv: 'Målet', en: 'The goal' },
  boardGoal: { sv: 'Nämndens mål' },
  actionPlan: { sv: 'Så gör vi' },
  responsible: 'Stadsdirektören',
  binding: true,
  outcome: { sv: 'Det gick bra.', fi: 'Hyvin meni.' },
  status: 'achieved',
  indicators: [
    {
      name: { sv: 'Invånare' },
      measureUnit: 'st',
      target: '15000',
      operator: '>=',
      baseline: '14700',
      actual: '14912',
    },
    {
      name: { sv: 'Marginal' },
      measureUnit: '€',
      target: '0',
      operator: '>=',
      baseline: null,
      actual: null,
      figure: 'STK margin actual',
    },
  ],
};

describe('a key goal carried over into a new year', () => {
  it('keeps the plan and drops what the follow-up wrote: outcome, actual values, status', () => {
    expect(carriedOverGoal(goal)).toEqual({
      ...goal,
      outcome: {},
      status: 'notAssessed',
      indicators: [
        { ...goal.indicators[0], actual: null },
        { ...goal.indicators[1], actual: null },
      ],
    });
    expect(INITIAL_GOAL_STATUS).toBe('notAssessed');
  });

  it('leaves the goal it was given as it was', () => {
    const before = structuredClone(goal);
    carriedOverGoal(goal);
    expect(goal).toEqual(before);
  });
});

describe('which year starts from which', () => {
  it('starts a year only from an earlier one', () => {
    expect(() => checkYearStart(2024, 2023)).not.toThrow();
    expect(() => checkYearStart(2026, 2023)).not.toThrow();
    expect(() => checkYearStart(2023, 2023)).toThrow(
      expect.objectContaining({ code: 'year.notAfter', params: { year: 2023, from: 2023 } }),
    );
    expect(() => checkYearStart(2022, 2023)).toThrow(
      expect.objectContaining({ code: 'year.notAfter' }),
    );
  });

  it('proposes the year after the latest one with units', () => {
    expect(proposedYearStart([])).toBeNull();
    expect(proposedYearStart([{ year: 2023, units: 0 }])).toBeNull();
    expect(
      proposedYearStart([
        { year: 2022, units: 19 },
        { year: 2023, units: 19 },
        { year: 2024, units: 0 },
      ]),
    ).toEqual({ year: 2024, from: 2023 });
  });
});
