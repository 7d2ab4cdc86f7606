/**
 * The pure rules behind the unit page's edits (issue 14): a risk's edit merged language by
 * language and its scale, and the count of key goals by status that a theme's summary shows.
 */
import { describe, expect, it } from 'vitest';
import { statusCounts, type GoalStatus } from './goals.js';
import { changedRisk, isRiskCategory, isRiskStatus, onRiskScale, type Risk } from './risks.js';

const risk: Risk = {
  unitCode: 'STK-ICT',
  risk: { sv: 'Cyberangrepp.', fi: 'Kyberhyökkäykset.' },
  category: 'ictSecurity',
  likelihood: 4,
  impact: 5,
  measures: { sv: 'Uppdateringar.' },
  owner: 'dataförvaltningschefen',
  status: 'open',
};

describe('changedRisk', () => {
  it('changes a text in the languages given, trimmed, and keeps the others', () => {
    const after = changedRisk(risk, { risk: { fi: '  Kyberhyökkäykset lisääntyvät. ' } });
    expect(after.risk).toEqual({ sv: 'Cyberangrepp.', fi: 'Kyberhyökkäykset lisääntyvät.' });
    expect(after.measures).toEqual(risk.measures);
  });

  it('removes a language written empty, and replaces the other fields given', () => {
    const after = changedRisk(risk, {
      risk: { fi: ' ' },
      measures: { en: 'Updates.' },
      likelihood: 2,
      status: 'mitigated',
      owner: ' it-chefen ',
    });
    expect(after).toEqual({
      ...risk,
      risk: { sv: 'Cyberangrepp.' },
      measures: { sv: 'Uppdateringar.', en: 'Updates.' },
      likelihood: 2,
      status: 'mitigated',
      owner: 'it-chefen',
    });
  });

  it('leaves the risk it was given as it was, in its unit', () => {
    const before = structuredClone(risk);
    const after = changedRisk(risk, { impact: 1, risk: { sv: 'Annat.' } });
    expect(after).toMatchObject({ unitCode: 'STK-ICT', impact: 1 });
    expect(risk).toEqual(before);
  });
});

describe('the risk scale and words', () => {
  it('takes whole numbers from 1 to 5 only', () => {
    expect([0, 1, 3, 5, 6, 2.5, Number.NaN].map(onRiskScale)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('knows the categories and statuses', () => {
    expect(isRiskCategory('financial')).toBe(true);
    expect(isRiskCategory('weather')).toBe(false);
    expect(isRiskStatus('closed')).toBe(true);
    expect(isRiskStatus('Closed')).toBe(false);
  });
});

describe('statusCounts', () => {
  const goals = (...statuses: GoalStatus[]) => statuses.map((status) => ({ status }));

  it('counts the goals of each status in the order of the statuses, leaving out those none has', () => {
    expect(
      statusCounts(goals('notAssessed', 'achieved', 'partlyAchieved', 'achieved', 'postponed')),
    ).toEqual([
      { status: 'achieved', count: 2 },
      { status: 'partlyAchieved', count: 1 },
      { status: 'postponed', count: 1 },
      { status: 'notAssessed', count: 1 },
    ]);
  });

  it('is empty without goals', () => {
    expect(statusCounts([])).toEqual([]);
  });
});
