import { describe, expect, it } from 'vitest';
import type { LineCode } from './lines.js';
import type { LineFigures } from './model.js';
import type { Cents } from './money.js';
import {
  DEFAULT_OUTCOME_SETTINGS,
  proposeOutcome,
  type OutcomeProposal,
  type OutcomeTopic,
} from './outcome.js';

/**
 * One line as the seed report (Lovisa 2023, stadskanslicentralen) prints it, in whole euros:
 * budget after changes (no changes that year), actual and, where printed, the deviation.
 * The deviation defaults to actual − revised, as the application computes it.
 */
function fig(
  code: LineCode,
  revised: number | null,
  actual: number | null,
  deviation?: number,
): LineFigures {
  const c = (euros: number | null) => (euros === null ? null : ((euros * 100) as Cents));
  const dev = deviation ?? (actual === null ? null : actual - (revised ?? 0));
  return {
    code,
    budget: c(revised),
    changes: revised === null ? null : c(0),
    revised: c(revised),
    actual: c(actual),
    deviation: c(dev),
  };
}

/** Stadskanslicentralen, all lines as printed. */
const CENTRAL: LineFigures[] = [
  fig('sales', 27_400, 30_291),
  fig('fees', null, -675),
  fig('grants', 140_000, 155_570),
  fig('otherRevenue', 200, 0),
  // Printed totals are rounded separately from the detail lines: 185 185, not 185 186.
  fig('revenue', 167_600, 185_185, 17_585),
  fig('personnel', -2_027_993, -1_887_887),
  fig('services', -2_034_505, -1_935_984),
  fig('materials', -86_350, -116_107),
  fig('subsidies', -34_000, -33_886),
  fig('otherCosts', -121_210, -101_828),
  fig('costs', -4_304_058, -4_075_692, 228_366),
  fig('margin', -4_136_458, -3_890_507, 245_951),
  fig('depreciation', -12_845, null),
  fig('internal', -221_633, null),
  fig('imputed', 3_224_963, null),
];

/** Stadskanslitjänster (STK-ADM): totals only. */
const STK_ADM: LineFigures[] = [
  fig('revenue', 3_600, 396, -3_204),
  fig('costs', -1_294_405, -1_215_509, 78_895),
  fig('margin', -1_290_805, -1_215_113, 75_691),
];

/** Informations- och kommunikationsteknologitjänster (STK-ICT): totals only. */
const STK_ICT: LineFigures[] = [
  fig('revenue', 24_000, 27_495, 3_495),
  fig('costs', -1_180_588, -929_624, 250_964),
  // The report leaves this actual blank; it is revised + the printed deviation.
  fig('margin', -1_156_588, -902_129, 254_459),
];

/** Ekonomi- och personaltjänster (STK-EKP): totals only. */
const STK_EKP: LineFigures[] = [
  fig('revenue', 140_000, 157_294, 17_294),
  fig('costs', -1_829_066, -1_930_559, -101_493),
  // Printed as is: the deviation (= revenue + costs deviations) does not match the printed
  // actual to the euro; the printed deviation is the figure the table reports.
  fig('margin', -1_689_066, -1_775_975, -84_199),
];

function topic(proposals: OutcomeProposal[], name: OutcomeTopic): OutcomeProposal {
  const found = proposals.find((p) => p.topic === name);
  if (!found) throw new Error(`no proposal for ${name}`);
  return found;
}

function summary(p: OutcomeProposal) {
  return { direction: p.direction, clearly: p.clearly, drivers: p.drivers };
}

describe('proposeOutcome on the seed report', () => {
  it('central: revenue above estimate, costs clearly below budget, margin clearly better', () => {
    const proposals = proposeOutcome(CENTRAL);
    expect(proposals.map((p) => p.topic)).toEqual(['revenue', 'costs', 'margin']);

    const revenue = topic(proposals, 'revenue');
    expect(summary(revenue)).toEqual({ direction: 'better', clearly: true, drivers: ['grants'] });
    expect(revenue.text.sv).toContain('överskred uppskattningen');
    expect(revenue.text.sv).toContain('bättre');
    expect(revenue.text.sv).toContain('understöd och bidrag');
    expect(revenue.text.fi).toContain('parempi');
    expect(revenue.text.fi).toContain('tuissa ja avustuksissa');

    const costs = topic(proposals, 'costs');
    expect(summary(costs)).toEqual({
      direction: 'better',
      clearly: true,
      drivers: ['personnel', 'services'],
    });
    expect(costs.text.sv).toBe(
      'Verksamhetens kostnader underskred budgeten klart, vilket gav ett bättre utfall än ' +
        'budgeterat (avvikelse +228\u00a0366\u00a0€). ' +
        'Avvikelsen uppstod främst inom personalkostnader och köp av tjänster.',
    );
    expect(costs.text.fi).toBe(
      'Toimintakulut alittivat talousarvion selvästi, joten toteuma oli budjetoitua parempi ' +
        '(poikkeama +228\u00a0366\u00a0€). ' +
        'Poikkeama syntyi erityisesti henkilöstökuluissa ja palvelujen ostoissa.',
    );
    expect(costs.text.en).toBe(
      'Operating expenses were clearly below budget (deviation +228\u00a0366\u00a0€). ' +
        'The deviation arose mainly in personnel expenses and purchases of services.',
    );

    const margin = topic(proposals, 'margin');
    expect(summary(margin)).toEqual({ direction: 'better', clearly: true, drivers: [] });
    expect(margin.text.sv).toContain('klart bättre');
    expect(margin.text.fi).toContain('selvästi budjetoitua parempi');
  });

  it('STK-ADM: revenue short, costs below budget, margin better, no drivers from totals', () => {
    const proposals = proposeOutcome(STK_ADM);
    expect(summary(topic(proposals, 'revenue'))).toEqual({
      direction: 'worse',
      clearly: true,
      drivers: [],
    });
    const costs = topic(proposals, 'costs');
    expect(summary(costs)).toEqual({ direction: 'better', clearly: true, drivers: [] });
    expect(costs.text.sv).toContain('bättre');
    expect(costs.text.sv).not.toContain('Avvikelsen uppstod');
    expect(costs.text.fi).toContain('parempi');
    expect(costs.text.fi).not.toContain('erityisesti');
    const margin = topic(proposals, 'margin');
    expect(margin.direction).toBe('better');
    expect(margin.drivers).toEqual([]);
    expect(margin.text.sv).toContain('bättre');
    expect(margin.text.fi).toContain('parempi');
    expect(topic(proposals, 'revenue').text.sv).toContain('sämre');
    expect(topic(proposals, 'revenue').text.fi).toContain('heikompi');
  });

  it('STK-ICT: costs clearly below budget, margin clearly better', () => {
    const proposals = proposeOutcome(STK_ICT);
    expect(summary(topic(proposals, 'revenue'))).toEqual({
      direction: 'better',
      clearly: true,
      drivers: [],
    });
    const costs = topic(proposals, 'costs');
    expect(summary(costs)).toEqual({ direction: 'better', clearly: true, drivers: [] });
    expect(costs.text.sv).toContain('underskred budgeten klart');
    expect(costs.text.fi).toContain('alittivat talousarvion selvästi');
    const margin = topic(proposals, 'margin');
    expect(summary(margin)).toEqual({ direction: 'better', clearly: true, drivers: [] });
    expect(margin.text.sv).toContain('klart bättre');
    expect(margin.text.fi).toContain('selvästi budjetoitua parempi');
  });

  it('STK-EKP: revenue exceeded, costs exceeded budget, margin slightly worse', () => {
    const proposals = proposeOutcome(STK_EKP);
    const revenue = topic(proposals, 'revenue');
    expect(summary(revenue)).toEqual({ direction: 'better', clearly: true, drivers: [] });
    expect(revenue.text.sv).toContain('bättre');
    expect(revenue.text.fi).toContain('parempi');
    expect(revenue.text.en).toContain('exceeded the estimate');

    const costs = topic(proposals, 'costs');
    expect(summary(costs)).toEqual({ direction: 'worse', clearly: true, drivers: [] });
    expect(costs.text.sv).toContain('överskred budgeten');
    expect(costs.text.sv).toContain('sämre');
    expect(costs.text.fi).toContain('ylittivät talousarvion');
    expect(costs.text.fi).toContain('heikompi');
    expect(costs.text.en).toContain('exceeded budget');

    const margin = topic(proposals, 'margin');
    expect(summary(margin)).toEqual({ direction: 'worse', clearly: false, drivers: [] });
    expect(margin.text.sv).toBe(
      'Verksamhetsbidraget blev en aning sämre än budgeterat (avvikelse \u221284\u00a0199\u00a0€).',
    );
    expect(margin.text.fi).toBe(
      'Ulkoinen toimintakate oli hieman budjetoitua heikompi (poikkeama \u221284\u00a0199\u00a0€).',
    );
    expect(margin.text.en).toBe(
      'The external operating margin was slightly worse than budgeted (deviation \u221284\u00a0199\u00a0€).',
    );
  });
});

describe('proposeOutcome rules', () => {
  it('is deterministic and leaves its input alone', () => {
    const before = JSON.stringify(CENTRAL);
    expect(proposeOutcome(CENTRAL)).toEqual(proposeOutcome(CENTRAL));
    expect(JSON.stringify(CENTRAL)).toBe(before);
  });

  it('settings change the outcome', () => {
    // EKP's margin is 4.98 % worse: a neutral band of 6 % makes it "as budgeted" …
    const wide = proposeOutcome(STK_EKP, { ...DEFAULT_OUTCOME_SETTINGS, neutralShare: 0.06 });
    const margin = topic(wide, 'margin');
    expect(summary(margin)).toEqual({ direction: 'asBudgeted', clearly: false, drivers: [] });
    expect(margin.text.sv).toContain('i stort sett enligt budgeten');
    expect(margin.text.fi).toContain('käytännössä talousarvion mukaisesti');
    expect(margin.text.sv).not.toMatch(/bättre|sämre/);
    // … and a lower bar for "clearly" makes it clearly worse.
    const strict = proposeOutcome(STK_EKP, { ...DEFAULT_OUTCOME_SETTINGS, clearShare: 0.04 });
    expect(summary(topic(strict, 'margin'))).toEqual({
      direction: 'worse',
      clearly: true,
      drivers: [],
    });
  });

  it('limits and filters drivers by the settings', () => {
    const one = proposeOutcome(CENTRAL, { ...DEFAULT_OUTCOME_SETTINGS, maxDrivers: 1 });
    expect(topic(one, 'costs').drivers).toEqual(['personnel']);
    expect(topic(one, 'costs').text.sv).toContain('främst inom personalkostnader.');

    // Services carry 43 % of the costs deviation, so a 50 % bar leaves only personnel.
    const half = proposeOutcome(CENTRAL, { ...DEFAULT_OUTCOME_SETTINGS, driverShare: 0.5 });
    expect(topic(half, 'costs').drivers).toEqual(['personnel']);

    // With a low bar, sales join grants; materials never do (they went the other way).
    const low = proposeOutcome(CENTRAL, {
      ...DEFAULT_OUTCOME_SETTINGS,
      driverShare: 0.05,
      maxDrivers: 5,
    });
    expect(topic(low, 'revenue').drivers).toEqual(['grants', 'sales']);
    expect(topic(low, 'costs').drivers).toEqual(['personnel', 'services', 'otherCosts']);
    expect(topic(low, 'costs').text.sv).toContain(
      'personalkostnader, köp av tjänster och övriga verksamhetskostnader',
    );
    expect(topic(low, 'costs').text.fi).toContain(
      'henkilöstökuluissa, palvelujen ostoissa ja muissa toimintakuluissa',
    );
  });

  it('proposes nothing for a topic without revised budget or actual', () => {
    const proposals = proposeOutcome([
      fig('revenue', null, 1_000),
      fig('costs', -5_000, null),
      fig('margin', -5_000, -4_000),
    ]);
    expect(proposals.map((p) => p.topic)).toEqual(['margin']);
    expect(proposeOutcome([])).toEqual([]);
  });

  it('treats a tiny deviation as budgeted and names no drivers for it', () => {
    const lines = [fig('personnel', -100_000, -99_900), fig('costs', -100_000, -99_900)];
    const costs = topic(proposeOutcome(lines), 'costs');
    expect(summary(costs)).toEqual({ direction: 'asBudgeted', clearly: false, drivers: [] });
    expect(costs.text.en).toBe(
      'Operating expenses were broadly in line with budget (deviation +100\u00a0€).',
    );
  });

  it('counts an unbooked detail line as its whole revised budget unspent', () => {
    const lines: LineFigures[] = [
      { ...fig('services', -50_000, null), deviation: null },
      fig('personnel', -100_000, -101_000),
      fig('costs', -150_000, -101_000),
    ];
    expect(topic(proposeOutcome(lines), 'costs').drivers).toEqual(['services']);
  });

  it('compares shares exactly, at the largest amounts', () => {
    // 5 % of 10^15 cents exactly is not "clearly" (strictly above), one cent more is.
    const revised = -(10 ** 15);
    const at = (dev: number): LineFigures => ({
      code: 'margin',
      budget: revised as Cents,
      changes: 0 as Cents,
      revised: revised as Cents,
      actual: (revised + dev) as Cents,
      deviation: dev as Cents,
    });
    const fivePercent = 5 * 10 ** 13;
    expect(proposeOutcome([at(fivePercent)])[0]!.clearly).toBe(false);
    expect(proposeOutcome([at(fivePercent + 1)])[0]!.clearly).toBe(true);
  });

  it('rejects settings that are not shares or counts', () => {
    expect(() =>
      proposeOutcome(CENTRAL, { ...DEFAULT_OUTCOME_SETTINGS, neutralShare: Number.NaN }),
    ).toThrow(RangeError);
    expect(() => proposeOutcome(CENTRAL, { ...DEFAULT_OUTCOME_SETTINGS, clearShare: -1 })).toThrow(
      RangeError,
    );
    expect(() => proposeOutcome(CENTRAL, { ...DEFAULT_OUTCOME_SETTINGS, maxDrivers: 1.5 })).toThrow(
      RangeError,
    );
  });
});
