/**
 * What the findings say, in sv, fi and en (issue 14): every message of the checks, the text
 * checks, the rendered report's checks and verify-table reads as a sentence in the user's
 * language — no rule ids, keys, enum values or comparison dumps, amounts grouped with the minus
 * sign and the euro sign — and a count of one is singular. Every rule on a made-up finding, and
 * every kind the demo produces (with a goal assessed against its indicators, a stale figure and
 * a broken placeholder added) for the year and for the interim period 1–8.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { CHECK_RULES, type CheckFinding, type MissingText } from '../../src/domain/checks.js';
import { GOAL_STATUSES, indicatorStatus } from '../../src/domain/goals.js';
import { LANGUAGES, type Language } from '../../src/domain/lines.js';
import { cents } from '../../src/domain/money.js';
import { TABLE_RULES, type TableFinding } from '../../src/domain/verify-table.js';
import {
  checkFindingText,
  formatCheckFinding,
  formatTableFinding,
  missingTextMessage,
  tableFindingText,
} from '../../src/i18n/findings.js';
import { translate } from '../../src/i18n/index.js';
import { checksFor } from '../../src/service/checks.js';
import { getNarratives, setNarrative } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { goals, updateGoal } from '../../src/service/goals.js';
import { ENGINES } from '../support/engines.js';

/**
 * What a message must not contain, and why. Names the message gives as they are — unit codes
 * (`130105` is a cost centre), account numbers, file names — and what it quotes of a user's own
 * text (in quotation marks) are left out first.
 */
function problems(text: string, lang: Language, names: readonly string[]): string[] {
  let message = text.replace(/[”“][^”]*”/g, '“…”');
  for (const name of [...names].sort((a, b) => b.length - a.length))
    message = message.split(name).join('NAME');
  const found: string[] = [];
  // A rule id (`data.sign`, `table.missing-cell`), an i18n key or an object path.
  const dotted = /\b[a-z]+\.[a-zA-Z][\w-]*\b/.exec(message);
  if (dotted) found.push(`rule id or key ${dotted[0]}`);
  if (/\b(?:goal|narrative):/.test(message)) found.push('a goal: / narrative: key');
  // Goal statuses and contradiction reasons as stored; in English "achieved" and "postponed"
  // are words of the sentence, so only the camelCase values count there.
  const enums = [...GOAL_STATUSES, 'achievedButIndicatorNotMet', 'notAchievedButAllIndicatorsMet'];
  for (const value of enums) {
    if (lang === 'en' && !/[A-Z]/.test(value)) continue;
    if (new RegExp(`\\b${value}\\b`).test(message)) found.push(`enum value ${value}`);
  }
  if (/>=|<=/.test(message)) found.push('a raw comparison >= / <=');
  const digits = /\d{5,}/.exec(message);
  if (digits) found.push(`ungrouped number ${digits[0]}`);
  if (/(?:^|[^\d\u00a0])-\d/.test(message)) found.push('a hyphen for a minus sign');
  if (/\(s\)/.test(message)) found.push('a "(s)" plural');
  return found;
}

function expectReadable(
  messages: readonly string[],
  lang: Language,
  names: readonly string[],
): void {
  const bad = messages
    .map((message) => ({ message, problems: problems(message, lang, names) }))
    .filter((m) => m.problems.length > 0);
  expect(bad).toEqual([]);
}

const base = {
  severity: 'warning' as const,
  unitCode: 'STK',
  line: null,
  account: null,
  column: null,
  expected: null,
  found: null,
  source: null,
};

const goalRef = {
  theme: 4,
  title: {
    sv: 'Budgeten hålls i balans',
    fi: 'Talousarvio pysyy tasapainossa',
    en: 'A balanced budget',
  },
};

/** One finding of every rule of the checks on stored data. */
const everyCheck: Record<(typeof CHECK_RULES)[number], CheckFinding> = {
  'data.unmapped-account': {
    ...base,
    rule: 'data.unmapped-account',
    unitCode: '130105',
    account: '4320',
    source: 'actual',
  },
  'data.unknown-unit': { ...base, rule: 'data.unknown-unit', unitCode: '999999' },
  'data.sign': {
    ...base,
    rule: 'data.sign',
    unitCode: '130105',
    line: 'fees',
    column: 'actual',
    found: cents(-67_500),
    source: 'actual',
  },
  'binding.breach': {
    ...base,
    rule: 'binding.breach',
    line: 'margin',
    column: 'actual',
    expected: cents(-413_645_800),
    found: cents(-450_000_000),
  },
  'binding.forecast-exceeded': {
    ...base,
    rule: 'binding.forecast-exceeded',
    line: 'margin',
    expected: cents(-413_645_800),
    found: cents(-424_730_000),
    period: 8,
  },
  'goal.contradiction': {
    ...base,
    rule: 'goal.contradiction',
    severity: 'error',
    goalId: 12,
    goal: goalRef,
    contradiction: {
      reason: 'achievedButIndicatorNotMet',
      status: 'achieved',
      indicators: [
        {
          name: { sv: 'Verksamhetsbidrag', fi: 'Toimintakate', en: 'Operating margin' },
          operator: '>=',
          target: '-4136458',
          actual: '-4500000',
          measureUnit: '€',
        },
      ],
    },
  },
  'text.stale-figure': {
    ...base,
    rule: 'text.stale-figure',
    section: 'goal 12 indicator 1',
    goal: goalRef,
    quote: '−3 890 507',
  },
  'text.contradiction': {
    ...base,
    rule: 'text.contradiction',
    section: 'goal 12 outcome (fi)',
    goal: goalRef,
    found: cents(-500_000),
    quote: 'Talousarviota ei muutettu vuoden aikana.',
  },
  'text.bad-figure-ref': {
    ...base,
    rule: 'text.bad-figure-ref',
    section: 'events (en)',
    quote: '{{figure STK-XYZ margin actual}}',
    reason: 'unknownUnit',
  },
  'snapshot.differs': {
    ...base,
    rule: 'snapshot.differs',
    line: 'personnel',
    column: 'actual',
    expected: cents(-120_000_000),
    found: cents(-120_100_000),
    period: 12,
    count: 1,
    damaged: true,
    detail: '1–12: 1, SHA-256 ≠',
  },
  'snapshot.missing': { ...base, rule: 'snapshot.missing' },
};

/** One finding of every rule of verify-table, with the domain's derivation as detail. */
const everyTable: TableFinding[] = TABLE_RULES.map((rule) => ({
  rule,
  severity: 'error',
  unitCode: 'STK-ICT',
  line: 'margin',
  column: 'actual',
  expected: cents(-90_212_900),
  found: rule === 'table.missing-cell' ? null : cents(-90_512_900),
  file: 'stk-ict.csv',
  row: 5,
  detail:
    rule === 'table.areas'
      ? 'STK-ADM -117078 + STK-ICT -106288 + STK-EKP -96155'
      : rule === 'table.data'
        ? 'computed 3005.80'
        : 'revenue 27495 + costs -929624; deviation 254459 + revised -1156588',
}));

const missing: MissingText[] = [
  { unitCode: 'STK', item: 'narrative:events', section: 'events', lang: 'en', shownIn: 'sv' },
  { unitCode: 'STK', item: 'goal:4:10', goal: goalRef, lang: 'en', shownIn: 'sv' },
];

describe('the words of every finding', () => {
  it.each(LANGUAGES)('reads as sentences in %s, with the rule named in words', (lang) => {
    const t = translate(lang);
    const messages = [
      ...Object.values(everyCheck).flatMap((f) => [
        checkFindingText(f, t, lang),
        formatCheckFinding(f, t, lang),
      ]),
      ...everyTable.flatMap((f) => [tableFindingText(f, t, lang), formatTableFinding(f, t, lang)]),
      ...missing.map((m) => missingTextMessage(m, t, lang)),
    ];
    expectReadable(messages, lang, ['130105', '999999', '4320', 'stk-ict.csv', 'STK-ICT']);
    // Nothing left untranslated: a missing key would print the key itself.
    for (const message of messages) expect(message).not.toMatch(/verify:|cli:|report:/);
  });

  it('prints amounts, targets and languages as the reports do', () => {
    const say = (lang: Language, finding: CheckFinding) =>
      checkFindingText(finding, translate(lang), lang);
    expect(say('sv', everyCheck['goal.contradiction'])).toBe(
      'STK: nyckelmålet ”Budgeten hålls i balans” (tema 4) anges som uppnått, men indikatorn ' +
        '”Verksamhetsbidrag” (målvärde ≥\u00a0−4\u00a0136\u00a0458\u00a0€, utfall ' +
        '−4\u00a0500\u00a0000\u00a0€) når inte sitt målvärde',
    );
    expect(say('fi', everyCheck['goal.contradiction'])).toContain(
      'avaintavoite ”Talousarvio pysyy tasapainossa” (teema 4) on arvioitu saavutetuksi, mutta mittari ”Toimintakate”',
    );
    expect(say('en', everyCheck['data.sign'])).toContain('Fee revenue, actual: −675\u00a0€');
    expect(say('en', everyCheck['binding.breach'])).toContain('(deviation −363\u00a0542\u00a0€)');
    const t = translate('fi');
    expect(missingTextMessage(missing[0]!, t, 'fi')).toBe(
      'STK: teksti ”Toimintaan vaikuttaneet tapahtumat” puuttuu englanniksi; raportti näyttää sen ruotsiksi',
    );
    expect(missingTextMessage(missing[1]!, translate('en'), 'en')).toBe(
      'STK: texts of the key goal “A balanced budget” (theme 4) are missing in English; the report shows them in Swedish',
    );
    expect(tableFindingText(everyTable[0]!, translate('sv'), 'sv')).toContain(
      '(Verksamhetens intäkter 27\u00a0495\u00a0€ + Verksamhetens kostnader −929\u00a0624\u00a0€; ' +
        'avvikelse 254\u00a0459\u00a0€ + budget efter förändringar −1\u00a0156\u00a0588\u00a0€)',
    );
  });

  it('counts one in the singular and more in the plural', () => {
    const one = {
      sv: ['1 fel, 1 varning', '1 avrundningsdifferens'],
      fi: ['1 virhe, 1 varoitus', '1 pyöristysero'],
      en: ['1 error, 1 warning', '1 rounding difference'],
    };
    const many = {
      sv: ['2 fel, 29 varningar', '15 avrundningsdifferenser'],
      fi: ['2 virhettä, 29 varoitusta', '15 pyöristyseroa'],
      en: ['2 errors, 29 warnings', '15 rounding differences'],
    };
    for (const lang of LANGUAGES) {
      const t = translate(lang);
      expect(t('cli:check.summary', { errors: 1, warnings: 1 })).toBe(one[lang][0]);
      expect(t('cli:check.summary', { errors: 2, warnings: 29 })).toBe(many[lang][0]);
      expect(t('cli:verify.summary', { errors: 1, rounding: 1 })).toContain(one[lang][1]);
      expect(t('cli:check.report', { lang: 'sv', rounding: 1 })).toContain(one[lang][1]);
      expect(t('cli:check.report', { lang: 'sv', rounding: 15 })).toContain(many[lang][1]);
      expect(t('cli:check.report', { lang: 'en', rounding: 1 })).not.toMatch(/\(en\)/);
    }
    const two = {
      ...everyCheck['goal.contradiction'],
      contradiction: {
        ...everyCheck['goal.contradiction'].contradiction!,
        indicators: [
          ...everyCheck['goal.contradiction'].contradiction!.indicators,
          ...everyCheck['goal.contradiction'].contradiction!.indicators,
        ],
      },
    };
    expect(checkFindingText(two, translate('en'), 'en')).toContain('the indicators “');
    expect(checkFindingText(everyCheck['goal.contradiction'], translate('en'), 'en')).toContain(
      'the indicator “',
    );
    expect(checkFindingText(everyCheck['snapshot.differs'], translate('en'), 'en')).toContain(
      'in 1 detail,',
    );
    expect(
      checkFindingText({ ...everyCheck['snapshot.differs'], count: 3 }, translate('sv'), 'sv'),
    ).toContain('på 3 punkter,');
  });
});

describe.each(ENGINES)('the words of the demo’s findings on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
    const actor = systemActor('test');
    const scope = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };
    // A goal assessed against what its indicators say (the "achieved … >= -4136458").
    const assessed = (await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).find(
      (g) => g.unitCode === 'STK' && g.indicators.some((i) => indicatorStatus(i) !== 'unknown'),
    )!;
    const met = assessed.indicators.every((i) => indicatorStatus(i) === 'met');
    await updateGoal(
      store.db,
      scope,
      assessed.id,
      {
        status: met ? 'notAchieved' : 'achieved',
        indicators: assessed.indicators.map((i, index) => ({
          index,
          actual: i.actual === null ? null : met ? i.actual : '-4500000',
        })),
      },
      actor,
    );
    // A typed figure no figure of the unit has, and a placeholder naming no unit.
    const unit = { ...scope, unitCode: 'STK-ICT' };
    const before = (await getNarratives(store.db, unit)).find(
      (n) => n.section === 'events' && n.lang === 'fi',
    );
    await setNarrative(
      store.db,
      unit,
      {
        section: 'events',
        lang: 'fi',
        body: 'Toimintakate oli 1234567 euroa, ks. {{figure STK-XYZ margin actual}}.',
        baseVersion: before?.version ?? null,
      },
      actor,
    );
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it.each(LANGUAGES)(
    'words every finding in %s for the year and for 1–8/2023',
    async (lang) => {
      const t = translate(lang);
      const rules = new Set<string>();
      const messages: string[] = [];
      const names = new Set<string>();
      for (const toMonth of [12, 8]) {
        const checks = await checksFor(
          store.db,
          systemActor('test'),
          DEMO_MUNICIPALITY,
          DEMO_YEAR,
          {
            lang: 'en',
            reports: true,
            additive: false,
            toMonth,
          },
        );
        for (const code of checks.unitCodes) names.add(code);
        for (const f of checks.findings) {
          rules.add(f.rule);
          messages.push(checkFindingText(f, t, lang), formatCheckFinding(f, t, lang));
        }
        for (const f of checks.reports!.tables) {
          rules.add(f.rule);
          names.add(f.file);
          messages.push(tableFindingText(f, t, lang), formatTableFinding(f, t, lang));
        }
        for (const m of checks.reports!.missing) {
          rules.add(m.goal ? 'missing goal' : 'missing narrative');
          messages.push(missingTextMessage(m, t, lang));
        }
      }
      expect([...rules].sort()).toEqual(
        expect.arrayContaining([
          'binding.forecast-exceeded',
          'data.sign',
          'goal.contradiction',
          'missing goal',
          'missing narrative',
          'table.total',
          'text.bad-figure-ref',
          'text.stale-figure',
        ]),
      );
      expectReadable(messages, lang, [...names]);
    },
    60_000,
  );
});
