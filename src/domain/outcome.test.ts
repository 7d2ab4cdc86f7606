import { describe, expect, it } from 'vitest';
import type { DrillEntry } from './drill.js';
import type { LineCode } from './lines.js';
import type { LineFigures, UnitKind } from './model.js';
import type { Cents } from './money.js';
import {
  contributorsOfExplanation,
  DEFAULT_OUTCOME_SETTINGS,
  drivingLines,
  forecastLines,
  lineContributors,
  proposeOutcome,
  type LineContributors,
  type OutcomeContributor,
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

/** A contributor as the drill-down gives one: a cost centre (by default) × account, in cents. */
function by(
  unitCode: string,
  account: string | null,
  deviation: number,
  names: Partial<Record<'sv' | 'fi' | 'en', string>> = {},
  unitKind: UnitKind = 'costcenter',
): OutcomeContributor {
  return {
    unitCode,
    unitKind,
    unitNames: { sv: names.sv ?? '', fi: names.fi ?? '', en: names.en ?? '' },
    account,
    deviation: deviation as Cents,
  };
}

/** 120102 Nätverk och datatrafik, as the demo names it. */
const NETWORKS = {
  sv: 'Nätverk och datatrafik',
  fi: 'Verkot ja tietoliikenne',
  en: 'Networks and data traffic',
};
const LICENCES = {
  sv: 'Programvaror och licenser',
  fi: 'Ohjelmistot ja lisenssit',
  en: 'Software and licences',
};

/** The contributors of a line whose deviation is `deviation` cents. */
function given(deviation: number, ...contributors: OutcomeContributor[]): LineContributors {
  return { deviation: deviation as Cents, contributors };
}

/** Costs of one detail line: purchases of services 100 000 € budgeted, `actual` € spent. */
function servicesOnly(actual: number): LineFigures[] {
  return [fig('services', -100_000, actual), fig('costs', -100_000, actual)];
}

describe('proposeOutcome with the largest contributors of the driving lines', () => {
  // The central's purchases of services: +98 521 €, 83 % of it on account 4320 at 120102.
  const SERVICES = given(
    9_852_100,
    by('120102', '4320', 8_219_391, NETWORKS),
    by('120103', '4320', 5_393_953, LICENCES),
  );

  it('names the one contributor that carries most of a line, with the line when two drive', () => {
    const costs = topic(
      proposeOutcome(CENTRAL, DEFAULT_OUTCOME_SETTINGS, 'year', { services: SERVICES }),
      'costs',
    );
    expect(costs.drivers).toEqual(['personnel', 'services']);
    expect(costs.explained).toEqual([
      {
        line: 'services',
        contributors: [{ unitCode: '120102', account: '4320', deviation: 8_219_391, percent: 83 }],
      },
    ]);
    const plain = topic(proposeOutcome(CENTRAL), 'costs');
    expect(costs.text.sv).toBe(
      plain.text.sv +
        ' Underskridningen inom köp av tjänster kom främst från konto 4320 vid kostnadsställe ' +
        '120102 Nätverk och datatrafik (83\u00a0%).',
    );
    expect(costs.text.fi).toBe(
      plain.text.fi +
        ' Alitus palvelujen ostoissa syntyi pääosin tilillä 4320 kustannuspaikalla 120102 ' +
        'Verkot ja tietoliikenne (83\u00a0%).',
    );
    expect(costs.text.en).toBe(
      plain.text.en +
        ' The underrun in purchases of services came mostly from account 4320 at cost centre ' +
        '120102 Networks and data traffic (83\u00a0%).',
    );
    // Revenue and the margin are as without contributors.
    expect(
      topic(
        proposeOutcome(CENTRAL, DEFAULT_OUTCOME_SETTINGS, 'year', { services: SERVICES }),
        'revenue',
      ),
    ).toEqual(topic(proposeOutcome(CENTRAL), 'revenue'));
  });

  it('leaves the line unnamed when it is the only driver', () => {
    const costs = topic(
      proposeOutcome(servicesOnly(-90_000), DEFAULT_OUTCOME_SETTINGS, 'year', {
        services: given(1_000_000, by('120102', '4320', 830_000, NETWORKS)),
      }),
      'costs',
    );
    expect(costs.text.sv).toBe(
      'Verksamhetens kostnader underskred budgeten klart, vilket gav ett bättre utfall än ' +
        'budgeterat (avvikelse +10\u00a0000\u00a0€). Avvikelsen uppstod främst inom köp av tjänster. ' +
        'Underskridningen kom främst från konto 4320 vid kostnadsställe 120102 Nätverk och ' +
        'datatrafik (83\u00a0%).',
    );
    expect(costs.text.fi).toMatch(
      /\. Alitus syntyi pääosin tilillä 4320 kustannuspaikalla 120102 Verkot ja tietoliikenne \(83\u00a0%\)\.$/,
    );
    expect(costs.text.en).toMatch(
      /\. The underrun came mostly from account 4320 at cost centre 120102 Networks and data traffic \(83\u00a0%\)\.$/,
    );
  });

  it('names two when together they carry half and each a quarter, joined as a list', () => {
    const two = given(
      1_000_000,
      by('120102', '4320', 460_000, NETWORKS),
      by('120103', '4320', 300_000, LICENCES),
    );
    const costs = topic(
      proposeOutcome(servicesOnly(-90_000), DEFAULT_OUTCOME_SETTINGS, 'year', { services: two }),
      'costs',
    );
    expect(costs.explained?.[0]?.contributors.map((c) => [c.unitCode, c.percent])).toEqual([
      ['120102', 46],
      ['120103', 30],
    ]);
    expect(costs.text.sv).toContain(
      'Underskridningen kom främst från konto 4320 vid kostnadsställe 120102 Nätverk och ' +
        'datatrafik (46\u00a0%) och konto 4320 vid kostnadsställe 120103 Programvaror och licenser (30\u00a0%).',
    );
    expect(costs.text.fi).toContain(
      'Alitus syntyi pääosin tilillä 4320 kustannuspaikalla 120102 Verkot ja tietoliikenne ' +
        '(46\u00a0%) ja tilillä 4320 kustannuspaikalla 120103 Ohjelmistot ja lisenssit (30\u00a0%).',
    );
    expect(costs.text.en).toContain(
      'The underrun came mostly from account 4320 at cost centre 120102 Networks and data ' +
        'traffic (46\u00a0%) and account 4320 at cost centre 120103 Software and licences (30\u00a0%).',
    );
  });

  it('names nobody where the deviation is spread thin, at the thresholds exactly', () => {
    const lines = servicesOnly(-90_000);
    const explained = (...cs: OutcomeContributor[]) =>
      topic(
        proposeOutcome(lines, DEFAULT_OUTCOME_SETTINGS, 'year', {
          services: given(1_000_000, ...cs),
        }),
        'costs',
      );
    // Half exactly is "mostly"; a cent less is not, alone.
    expect(explained(by('1', '4320', 500_000)).explained?.[0]?.contributors).toHaveLength(1);
    expect(explained(by('1', '4320', 499_999)).explained).toBeUndefined();
    // Two: each at least a quarter, together at least half.
    expect(
      explained(by('1', '4320', 499_999), by('2', '4320', 250_000)).explained?.[0]?.contributors,
    ).toHaveLength(2);
    expect(explained(by('1', '4320', 440_000), by('2', '4320', 249_999)).explained).toBeUndefined();
    expect(explained(by('1', '4320', 250_000), by('2', '4320', 249_999)).explained).toBeUndefined();
    // Never three (the default names two at most), and a plain sentence where none is named.
    const three = explained(
      by('1', '4320', 200_000),
      by('2', '4320', 200_000),
      by('3', '4320', 200_000),
    );
    expect(three.explained).toBeUndefined();
    expect(three.text).toEqual(topic(proposeOutcome(lines), 'costs').text);
  });

  it('follows the settings', () => {
    const lines = servicesOnly(-90_000);
    const input = {
      services: given(1_000_000, by('1', '4320', 450_000), by('2', '4320', 240_000)),
    };
    const propose = (settings: Partial<typeof DEFAULT_OUTCOME_SETTINGS>) =>
      topic(
        proposeOutcome(lines, { ...DEFAULT_OUTCOME_SETTINGS, ...settings }, 'year', input),
        'costs',
      ).explained?.[0]?.contributors.map((c) => c.unitCode);
    expect(propose({})).toBeUndefined();
    expect(propose({ contributorShare: 0.45 })).toEqual(['1']);
    expect(propose({ contributorMinShare: 0.2 })).toEqual(['1', '2']);
    expect(propose({ contributorMinShare: 0.2, maxContributors: 1 })).toBeUndefined();
    expect(propose({ contributorShare: 0.45, maxContributors: 0 })).toBeUndefined();
    expect(() => propose({ contributorShare: -0.1 })).toThrow(RangeError);
    expect(() => propose({ contributorMinShare: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => propose({ maxContributors: -1 })).toThrow(RangeError);
  });

  it('counts only contributors in the line’s direction, largest first, and rounds half up', () => {
    const costs = topic(
      proposeOutcome(servicesOnly(-90_000), DEFAULT_OUTCOME_SETTINGS, 'year', {
        services: given(
          1_000_000,
          by('against', '4320', -900_000),
          by('small', '4400', 300_000),
          by('large', '4320', 825_000),
        ),
      }),
      'costs',
    );
    // 825 000 of 1 000 000 is 82.5 %: printed 83 %; the one working against it is left out.
    expect(costs.explained).toEqual([
      {
        line: 'services',
        contributors: [{ unitCode: 'large', account: '4320', deviation: 825_000, percent: 83 }],
      },
    ]);
  });

  it('explains only the deviation it is given: another figure, the margin or a forecast get none', () => {
    const lines = servicesOnly(-90_000);
    const contributors = { services: given(1_000_001, by('1', '4320', 900_000)) };
    expect(
      topic(proposeOutcome(lines, DEFAULT_OUTCOME_SETTINGS, 'year', contributors), 'costs'),
    ).toEqual(topic(proposeOutcome(lines), 'costs'));
    // Contributors of a line that does not drive are not read.
    const personnel = { personnel: given(1_000_000, by('1', '4000', 900_000)) };
    expect(proposeOutcome(lines, DEFAULT_OUTCOME_SETTINGS, 'year', personnel)).toEqual(
      proposeOutcome(lines),
    );
    // A forecast's deviation is the year's end, not the entries booked: no contributors.
    const forecast = forecastLines([
      {
        code: 'services',
        revised: -10_000_000 as Cents,
        forecast: -9_000_000 as Cents,
        forecastDeviation: 1_000_000 as Cents,
      },
      {
        code: 'costs',
        revised: -10_000_000 as Cents,
        forecast: -9_000_000 as Cents,
        forecastDeviation: 1_000_000 as Cents,
      },
    ]);
    const withThem = proposeOutcome(forecast, DEFAULT_OUTCOME_SETTINGS, 'forecast', {
      services: given(1_000_000, by('1', '4320', 900_000)),
    });
    expect(withThem).toEqual(proposeOutcome(forecast, DEFAULT_OUTCOME_SETTINGS, 'forecast'));
    expect(drivingLines(withThem)).toEqual(['services']);
  });

  it('words revenue and an overrun, an account-less budget, other unit kinds and a missing name', () => {
    // Sales 10 000 € short of 20 000 €: a shortfall; its whole contributor has no name.
    const revenue = topic(
      proposeOutcome(
        [fig('sales', 20_000, 10_000), fig('revenue', 20_000, 10_000)],
        DEFAULT_OUTCOME_SETTINGS,
        'year',
        {
          sales: given(-1_000_000, by('110105', '3000', -600_000)),
        },
      ),
      'revenue',
    );
    expect(revenue.text.sv).toMatch(
      / Intäktsbortfallet kom främst från konto 3000 vid kostnadsställe 110105 \(60\u00a0%\)\.$/,
    );
    expect(revenue.text.fi).toMatch(
      / Vaje syntyi pääosin tilillä 3000 kustannuspaikalla 110105 \(60\u00a0%\)\.$/,
    );
    expect(revenue.text.en).toMatch(
      / The shortfall came mostly from account 3000 at cost centre 110105 \(60\u00a0%\)\.$/,
    );
    // Sales 10 000 € above: extra revenue, from an area's own entries.
    const more = topic(
      proposeOutcome(
        [fig('sales', 20_000, 30_000), fig('revenue', 20_000, 30_000)],
        DEFAULT_OUTCOME_SETTINGS,
        'year',
        {
          sales: given(
            1_000_000,
            by('STK-ICT', '3000', 1_040_000, { sv: 'ICT', fi: 'ICT', en: 'ICT' }, 'area'),
          ),
        },
      ),
      'revenue',
    );
    expect(more.text.sv).toMatch(
      / Merintäkten kom främst från konto 3000 vid ansvarsområde STK-ICT ICT \(104\u00a0%\)\.$/,
    );
    expect(more.text.fi).toMatch(
      / Ylitys syntyi pääosin tilillä 3000 vastuualueella STK-ICT ICT \(104\u00a0%\)\.$/,
    );
    expect(more.text.en).toMatch(
      / The extra revenue came mostly from account 3000 at area STK-ICT ICT \(104\u00a0%\)\.$/,
    );
    // Services 10 000 € over budget, a budget entered by line (no account) left unspent the other way.
    const over = topic(
      proposeOutcome(servicesOnly(-110_000), DEFAULT_OUTCOME_SETTINGS, 'year', {
        services: given(-1_000_000, by('120102', null, -700_000, NETWORKS)),
      }),
      'costs',
    );
    expect(over.text.sv).toMatch(
      / Överskridningen kom främst från kostnadsställe 120102 Nätverk och datatrafik \(70\u00a0%\)\.$/,
    );
    expect(over.text.fi).toMatch(
      / Ylitys syntyi pääosin kustannuspaikalla 120102 Verkot ja tietoliikenne \(70\u00a0%\)\.$/,
    );
    expect(over.text.en).toMatch(
      / The overrun came mostly from cost centre 120102 Networks and data traffic \(70\u00a0%\)\.$/,
    );
  });

  it('reads a line’s contributors from the drill-down’s entries', () => {
    const months = (euros: number): Cents[] =>
      Array.from({ length: 12 }, (_, i) => (i === 0 ? euros * 100 : 0) as Cents);
    const entry = (
      unitCode: string,
      account: string,
      budget: number,
      actual: number,
    ): DrillEntry => ({
      unitCode,
      account,
      line: 'services',
      budgetYear: (budget * 100) as Cents,
      budgetMonths: months(budget),
      actualMonths: months(actual),
      lineMonths: new Array<number>(12).fill(1),
    });
    const entries = [
      entry('120102', '4320', -50_000, -40_000),
      entry('120103', '4320', -30_000, -29_000),
      entry('120103', '4330', -20_000, -21_000),
      { ...entry('120102', '4000', -5_000, -1_000), line: 'personnel' as const },
    ];
    const units = new Map([
      ['120102', { kind: 'costcenter' as const, names: NETWORKS }],
      ['120103', { kind: 'costcenter' as const, names: LICENCES }],
    ]);
    expect(lineContributors(entries, 'services', units)).toEqual({
      deviation: 1_000_000,
      contributors: [
        {
          unitCode: '120102',
          unitKind: 'costcenter',
          unitNames: NETWORKS,
          account: '4320',
          deviation: 1_000_000,
        },
        {
          unitCode: '120103',
          unitKind: 'costcenter',
          unitNames: LICENCES,
          account: '4320',
          deviation: 100_000,
        },
      ],
    });
    // Costs add up the detail lines: personnel joins them.
    expect(lineContributors(entries, 'costs', units, 1)?.deviation).toBe(1_400_000);
    expect(lineContributors([], 'services', units)).toBeUndefined();
  });
  it('reads a line’s contributors from the drill-down’s explanation of it', () => {
    const unit = (code: string, names: typeof NETWORKS, kind: UnitKind = 'costcenter') => ({
      code,
      kind,
      names,
    });
    // The central's purchases of services as GET …/drill/explanation answers (cents).
    const explanation = {
      figure: { budget: -203_450_500, actual: -193_598_400, deviation: 9_852_100 },
      contributors: [
        { unit: unit('120102', NETWORKS), account: '4320', deviation: 8_219_391, share: 0.83 },
        { unit: unit('120103', LICENCES), account: '4320', deviation: 5_393_953, share: 0.55 },
        { unit: unit('STK', NETWORKS, 'central'), account: null, deviation: null, share: null },
      ],
    };
    const read = contributorsOfExplanation(explanation);
    expect(read).toEqual({
      deviation: 9_852_100,
      contributors: [
        by('120102', '4320', 8_219_391, NETWORKS),
        by('120103', '4320', 5_393_953, LICENCES),
      ],
    });
    // What proposeOutcome makes of it is what it makes of the same contributors given directly.
    const proposed = proposeOutcome(CENTRAL, DEFAULT_OUTCOME_SETTINGS, 'year', { services: read });
    expect(topic(proposed, 'costs').explained).toEqual([
      {
        line: 'services',
        contributors: [{ unitCode: '120102', account: '4320', deviation: 8_219_391, percent: 83 }],
      },
    ]);
    // A line without a deviation there: no contributors.
    expect(
      contributorsOfExplanation({
        ...explanation,
        figure: { ...explanation.figure, deviation: null },
      }),
    ).toBeUndefined();
    expect(contributorsOfExplanation({ ...explanation, contributors: [] })).toEqual({
      deviation: 9_852_100,
      contributors: [],
    });
  });
});
