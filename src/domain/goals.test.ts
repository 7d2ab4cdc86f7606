import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  goalContradiction,
  indicatorStatus,
  missingLanguages,
  parseDecimal,
  type Indicator,
  type KeyGoal,
} from './goals.js';

function indicator(fields: Partial<Indicator> = {}): Indicator {
  return {
    name: { sv: 'Andel', fi: 'Osuus' },
    measureUnit: '%',
    target: '80',
    operator: '>=',
    baseline: null,
    actual: null,
    ...fields,
  };
}

function goal(fields: Partial<KeyGoal> = {}): KeyGoal {
  return {
    unitCode: 'STK',
    theme: 5,
    cityGoal: {},
    goal: { sv: 'Tid för arbetet', fi: 'Aikaa työlle' },
    boardGoal: {},
    actionPlan: {},
    responsible: 'Centralens chefer',
    binding: true,
    outcome: { sv: 'Enkäten visade 40 %.', fi: 'Kysely osoitti 40 %.' },
    status: 'achieved',
    indicators: [],
    ...fields,
  };
}

describe('parseDecimal and compareDecimals', () => {
  it('reads integers, fractions and signs as scaled integers', () => {
    expect(parseDecimal('80')).toEqual({ units: 80n, scale: 0 });
    expect(parseDecimal('64.4')).toEqual({ units: 644n, scale: 1 });
    expect(parseDecimal('-0.05')).toEqual({ units: -5n, scale: 2 });
    expect(parseDecimal('+3')).toEqual({ units: 3n, scale: 0 });
  });

  it('refuses what is not a plain decimal', () => {
    for (const text of ['', '64,4', '1e3', '.5', '5.', 'abc', '1 000', '--1']) {
      expect(parseDecimal(text), text).toBeNull();
    }
  });

  it('compares exactly, whatever the number of decimals', () => {
    expect(compareDecimals('64.4', '64.30')).toBe(1);
    expect(compareDecimals('80', '80.000')).toBe(0);
    expect(compareDecimals('79.999999999999999999', '80')).toBe(-1);
    expect(compareDecimals('0.3', '0.30')).toBe(0);
    expect(compareDecimals('-1', '0')).toBe(-1);
    expect(compareDecimals('x', '0')).toBeNull();
  });

  it('is exact where floating point is not', () => {
    // 0.1 + 0.2 !== 0.3 in floating point; as text compared to 0.30000000000000004:
    expect(compareDecimals('0.3', '0.30000000000000004')).toBe(-1);
    expect(compareDecimals('9007199254740993', '9007199254740992')).toBe(1);
  });
});

describe('indicatorStatus', () => {
  it('at least: met at and above the target', () => {
    expect(indicatorStatus(indicator({ actual: '80' }))).toBe('met');
    expect(indicatorStatus(indicator({ actual: '81' }))).toBe('met');
    expect(indicatorStatus(indicator({ actual: '79.9' }))).toBe('notMet');
  });

  it('at most: met at and below the target', () => {
    const atMost = { operator: '<=' as const, target: '5.5' };
    expect(indicatorStatus(indicator({ ...atMost, actual: '5.50' }))).toBe('met');
    expect(indicatorStatus(indicator({ ...atMost, actual: '2' }))).toBe('met');
    expect(indicatorStatus(indicator({ ...atMost, actual: '5.51' }))).toBe('notMet');
  });

  it('exactly: met only at the target', () => {
    const exactly = { operator: '=' as const, target: '100' };
    expect(indicatorStatus(indicator({ ...exactly, actual: '100.0' }))).toBe('met');
    expect(indicatorStatus(indicator({ ...exactly, actual: '99' }))).toBe('notMet');
  });

  it('is unknown without an actual value or with a value that is no number', () => {
    expect(indicatorStatus(indicator({ actual: null }))).toBe('unknown');
    expect(indicatorStatus(indicator({ actual: 'n/a' }))).toBe('unknown');
    expect(indicatorStatus(indicator({ target: '', actual: '1' }))).toBe('unknown');
  });
});

describe('goalContradiction', () => {
  it('target at least 80 with actual 60 marked achieved is a contradiction', () => {
    const found = goalContradiction(
      goal({ status: 'achieved', indicators: [indicator({ target: '80', actual: '60' })] }),
    );
    expect(found).toEqual({ reason: 'achievedButIndicatorNotMet', indicators: [0] });
  });

  it('names every unmet indicator of an achieved goal', () => {
    const found = goalContradiction(
      goal({
        status: 'achieved',
        indicators: [
          indicator({ actual: '90' }),
          indicator({ actual: '40' }),
          indicator({ actual: null }),
        ],
      }),
    );
    expect(found).toEqual({ reason: 'achievedButIndicatorNotMet', indicators: [1] });
  });

  it('not achieved although all indicators are met is a contradiction', () => {
    const found = goalContradiction(
      goal({
        status: 'notAchieved',
        indicators: [indicator({ actual: '81' }), indicator({ operator: '<=', actual: '3' })],
      }),
    );
    expect(found).toEqual({ reason: 'notAchievedButAllIndicatorsMet', indicators: [0, 1] });
  });

  it('finds none when status and indicators agree, or when nothing is known', () => {
    expect(goalContradiction(goal({ indicators: [indicator({ actual: '90' })] }))).toBeNull();
    expect(
      goalContradiction(goal({ status: 'notAchieved', indicators: [indicator({ actual: '40' })] })),
    ).toBeNull();
    // Not achieved without indicators, or with one of them unknown: nothing to contradict.
    expect(goalContradiction(goal({ status: 'notAchieved' }))).toBeNull();
    expect(
      goalContradiction(
        goal({
          status: 'notAchieved',
          indicators: [indicator({ actual: '90' }), indicator({ actual: null })],
        }),
      ),
    ).toBeNull();
    // Other statuses are not judged against the indicators.
    for (const status of ['partlyAchieved', 'postponed', 'notAssessed'] as const) {
      expect(goalContradiction(goal({ status, indicators: [indicator({ actual: '1' })] }))).toBe(
        null,
      );
    }
  });
});

describe('missingLanguages', () => {
  it('lists the languages in which the goal or the outcome has no text', () => {
    const full = goal();
    expect(missingLanguages(full, ['sv', 'fi'])).toEqual([]);
    expect(missingLanguages(full, ['sv', 'fi', 'en'])).toEqual(['en']);
    const partly = goal({ goal: { sv: 'Mål', fi: 'Tavoite' }, outcome: { sv: 'Utfall', fi: ' ' } });
    expect(missingLanguages(partly, ['fi', 'sv'])).toEqual(['fi']);
    const noOutcome = goal({ outcome: {} });
    expect(missingLanguages(noOutcome, ['sv', 'fi', 'sv'])).toEqual(['sv', 'fi']);
  });
});
