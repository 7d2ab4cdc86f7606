/**
 * The key-goal file: one row per goal of a unit under a theme of the city strategy, with the
 * city-level goal, the board-level goal, action plan, responsible, binding flag, outcome, status
 * and up to two indicators (target, baseline and actual as exact decimals). Texts are given per
 * language in columns ending `_sv`, `_fi` and `_en`; every bad cell of the file is a problem.
 */
import {
  type GoalStatus,
  type Indicator,
  type IndicatorOperator,
  type KeyGoal,
  type Texts,
} from '../domain/goals.js';
import { LANGUAGES, type Language } from '../domain/lines.js';
import { normaliseHeader, type HeaderSpec } from './headers.js';
import { problemOf, type ProblemLog } from './problems.js';
import { allProblems, cellAt, drain, openWithHeader } from './read.js';
import type { ImportContext, ImportProblem, ParseResult } from './types.js';

/** A key goal as read, with its row and the name of its theme as the file gives it. */
export type GoalRecord = KeyGoal & { row: number; themeName: Texts };

/** `goal_sv`, `mål_sv`, `tavoite_sv`, … for each word. */
function perLanguage(words: readonly string[], lang: Language): string[] {
  return words.map((word) => `${word}_${lang}`);
}

const INDICATOR_PREFIXES = ['indicator', 'indikator', 'mätare', 'mittari'];

/** `indicator1_target`, `indicator_1_target`, `indikator1_mål`, … for each word. */
function indicatorWords(n: 1 | 2, words: readonly string[], lang?: Language): string[] {
  const suffix = lang === undefined ? '' : `_${lang}`;
  return INDICATOR_PREFIXES.flatMap((prefix) =>
    words.flatMap((word) => [`${prefix}${n}_${word}${suffix}`, `${prefix}_${n}_${word}${suffix}`]),
  );
}

const THEME_NAME_WORDS = ['theme', 'theme_name', 'tema', 'temanamn', 'teema', 'teeman_nimi'];
const CITY_GOAL_WORDS = [
  'city_goal',
  'stadens_mål',
  'stadsmål',
  'strategiskt_mål',
  'kaupungin_tavoite',
  'strateginen_tavoite',
];
const GOAL_WORDS = [
  'goal',
  'key_goal',
  'mål',
  'nyckelmål',
  'centralens_nyckelmål',
  'tavoite',
  'avaintavoite',
  'keskuksen_avaintavoite',
];
const BOARD_GOAL_WORDS = [
  'board_goal',
  'nämndmål',
  'nämndens_mål',
  'nämndens_nyckelmål',
  'lautakunnan_tavoite',
  'toimielimen_tavoite',
];
const ACTION_PLAN_WORDS = [
  'action_plan',
  'actions',
  'åtgärdsplan',
  'åtgärder',
  'tillvägagångssätt',
  'toimenpidesuunnitelma',
  'toimenpiteet',
  'toimintatapa',
];
const OUTCOME_WORDS = ['outcome', 'result', 'utfall', 'resultat', 'toteuma', 'toteutuminen'];
const NAME_WORDS = ['name', 'namn', 'nimi'];
const MEASURE_UNIT_WORDS = [
  'unit',
  'measure_unit',
  'enhet',
  'måttenhet',
  'yksikkö',
  'mittayksikkö',
];
const OPERATOR_WORDS = ['operator', 'jämförelse', 'operaattori', 'vertailu'];
const TARGET_WORDS = ['target', 'target_value', 'mål', 'målvärde', 'tavoite', 'tavoitearvo'];
const BASELINE_WORDS = ['baseline', 'utgångsläge', 'utgångsvärde', 'lähtötaso', 'lähtöarvo'];
const ACTUAL_WORDS = ['actual', 'utfall', 'toteuma', 'toteutunut'];

/** Column names of the goal file, in English, Swedish and Finnish. */
export const GOAL_HEADERS = {
  unit: ['unit', 'unit_code', 'enhet', 'enhetskod', 'yksikkö', 'yksikkökoodi'],
  theme: [
    'theme',
    'theme_no',
    'theme_number',
    'tema',
    'tema_nr',
    'temanummer',
    'teema',
    'teema_nro',
    'teeman_numero',
  ],
  theme_sv: perLanguage(THEME_NAME_WORDS, 'sv'),
  theme_fi: perLanguage(THEME_NAME_WORDS, 'fi'),
  theme_en: perLanguage(THEME_NAME_WORDS, 'en'),
  city_goal_sv: perLanguage(CITY_GOAL_WORDS, 'sv'),
  city_goal_fi: perLanguage(CITY_GOAL_WORDS, 'fi'),
  city_goal_en: perLanguage(CITY_GOAL_WORDS, 'en'),
  goal_sv: perLanguage(GOAL_WORDS, 'sv'),
  goal_fi: perLanguage(GOAL_WORDS, 'fi'),
  goal_en: perLanguage(GOAL_WORDS, 'en'),
  board_goal_sv: perLanguage(BOARD_GOAL_WORDS, 'sv'),
  board_goal_fi: perLanguage(BOARD_GOAL_WORDS, 'fi'),
  board_goal_en: perLanguage(BOARD_GOAL_WORDS, 'en'),
  action_plan_sv: perLanguage(ACTION_PLAN_WORDS, 'sv'),
  action_plan_fi: perLanguage(ACTION_PLAN_WORDS, 'fi'),
  action_plan_en: perLanguage(ACTION_PLAN_WORDS, 'en'),
  responsible: [
    'responsible',
    'ansvarig',
    'ansvarsperson',
    'ansvarig_nämnd',
    'vastuuhenkilö',
    'vastuutaho',
    'vastuullinen',
  ],
  binding: ['binding', 'bindande', 'sitova'],
  outcome_sv: perLanguage(OUTCOME_WORDS, 'sv'),
  outcome_fi: perLanguage(OUTCOME_WORDS, 'fi'),
  outcome_en: perLanguage(OUTCOME_WORDS, 'en'),
  status: ['status', 'läge', 'bedömning', 'tila', 'arvio', 'arviointi'],
  indicator1_name_sv: indicatorWords(1, NAME_WORDS, 'sv'),
  indicator1_name_fi: indicatorWords(1, NAME_WORDS, 'fi'),
  indicator1_name_en: indicatorWords(1, NAME_WORDS, 'en'),
  indicator1_unit: indicatorWords(1, MEASURE_UNIT_WORDS),
  indicator1_operator: indicatorWords(1, OPERATOR_WORDS),
  indicator1_target: indicatorWords(1, TARGET_WORDS),
  indicator1_baseline: indicatorWords(1, BASELINE_WORDS),
  indicator1_actual: indicatorWords(1, ACTUAL_WORDS),
  indicator2_name_sv: indicatorWords(2, NAME_WORDS, 'sv'),
  indicator2_name_fi: indicatorWords(2, NAME_WORDS, 'fi'),
  indicator2_name_en: indicatorWords(2, NAME_WORDS, 'en'),
  indicator2_unit: indicatorWords(2, MEASURE_UNIT_WORDS),
  indicator2_operator: indicatorWords(2, OPERATOR_WORDS),
  indicator2_target: indicatorWords(2, TARGET_WORDS),
  indicator2_baseline: indicatorWords(2, BASELINE_WORDS),
  indicator2_actual: indicatorWords(2, ACTUAL_WORDS),
} as const satisfies HeaderSpec<string>;

type GoalField = keyof typeof GOAL_HEADERS;
type TextField = 'theme' | 'city_goal' | 'goal' | 'board_goal' | 'action_plan' | 'outcome';

/** What each goal-specific problem expected, in English; the others are import problems. */
export const GOAL_EXPECTED = {
  'goal.theme': 'a theme number of the city strategy: a whole number from 1 to 99',
  'goal.themeName':
    'one name per theme and language (row {{first}} names theme {{theme}} "{{name}}")',
  'goal.text': 'the goal in at least one language',
  'goal.binding': 'yes or no (ja/nej, kyllä/ei, true/false, 1/0)',
  'goal.status':
    'achieved, partly achieved, not achieved, postponed or not assessed (also in Swedish or Finnish)',
  'goal.number': 'a number like 80, 64,4 or 64.4',
  'goal.operator': '>=, ≥, <=, ≤ or =',
  'goal.indicatorName': 'a name of indicator {{indicator}} in at least one language',
} as const;

export type GoalProblemCode = keyof typeof GOAL_EXPECTED;

/** Every goal-specific problem code, for checking that each is translated. */
export const GOAL_PROBLEM_CODES = Object.keys(GOAL_EXPECTED) as GoalProblemCode[];

export function isGoalProblemCode(code: string): code is GoalProblemCode {
  return Object.hasOwn(GOAL_EXPECTED, code);
}

type Params = Record<string, string | number>;

/** Builds one goal problem with its English expectation. */
export function goalProblem(
  file: string,
  row: number | null,
  column: string | null,
  value: string | null,
  code: GoalProblemCode,
  params?: Params,
): ImportProblem {
  return problemOf(GOAL_EXPECTED, file, row, column, value, code, params);
}

function wordIndex<K extends string>(words: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(words) as K[]) {
    for (const word of words[key]) map.set(normaliseHeader(word), key);
  }
  return map;
}

const STATUS_WORDS: Record<GoalStatus, readonly string[]> = {
  achieved: ['achieved', 'uppnått', 'uppnådd', 'saavutettu'],
  partlyAchieved: [
    'partlyAchieved',
    'partly achieved',
    'partially achieved',
    'delvis uppnått',
    'delvis uppnådd',
    'osittain saavutettu',
  ],
  notAchieved: [
    'notAchieved',
    'not achieved',
    'inte uppnått',
    'inte uppnådd',
    'ej uppnått',
    'ei saavutettu',
  ],
  postponed: ['postponed', 'uppskjutet', 'uppskjuten', 'siirretty', 'lykätty'],
  notAssessed: ['notAssessed', 'not assessed', 'inte bedömt', 'ej bedömt', 'ei arvioitu'],
};
const statuses = wordIndex(STATUS_WORDS);

/** The status named by a cell: a code, or the words in English, Swedish or Finnish. */
export function goalStatusOf(text: string): GoalStatus | undefined {
  return statuses.get(normaliseHeader(text));
}

const BINDING_WORDS: Record<'yes' | 'no', readonly string[]> = {
  yes: ['yes', 'ja', 'kyllä', 'true', '1'],
  no: ['no', 'nej', 'ei', 'false', '0'],
};
const bindings = wordIndex(BINDING_WORDS);

/** true for yes/ja/kyllä/true/1, false for no/nej/ei/false/0, undefined otherwise. */
export function bindingOf(text: string): boolean | undefined {
  const word = bindings.get(normaliseHeader(text));
  return word === undefined ? undefined : word === 'yes';
}

const OPERATORS: Record<string, IndicatorOperator> = {
  '>=': '>=',
  '≥': '>=',
  '<=': '<=',
  '≤': '<=',
  '=': '=',
};

/** The indicator operator of a cell (`>=`, `≥`, `<=`, `≤`, `=`; spaces ignored). */
export function operatorOf(text: string): IndicatorOperator | undefined {
  return OPERATORS[text.replace(/\s+/g, '')];
}

/** Digits in groups of three (separated by spaces) or ungrouped, then a decimal part. */
const NUMBER = /^([+\-\u2212]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?$/;

/**
 * A number as typed (`80`, `64,4`, `64.4`, `1 250`, `−2`) as the plain decimal the domain
 * compares (`64.4`, `1250`, `-2`); undefined when it is not one.
 */
export function decimalOf(text: string): string | undefined {
  const match = NUMBER.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction] = match;
  const digits = whole.replace(/[ \u00a0\u202f]/g, '');
  const minus = sign === '' || sign === '+' ? '' : '-';
  return `${minus}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

const MAX_THEME = 99;
const THEME = /^\d{1,2}$/;

/** Reads a key-goal file into goal records; every bad cell is a problem. */
export async function parseGoals(
  path: string,
  ctx: ImportContext,
): Promise<ParseResult<GoalRecord>> {
  const { table, log, columns, usable } = await openWithHeader(
    path,
    GOAL_HEADERS,
    LANGUAGES.map((lang) => ['unit', 'theme', 'status', `goal_${lang}`] as const),
  );
  const records: GoalRecord[] = [];
  if (!usable) {
    await drain(table);
    return { source: table.source, records, ...allProblems(table, log) };
  }
  /** The header as written, or the English name when the column is absent. */
  const name = (field: GoalField) =>
    columns[field] >= 0 ? table.columnName(columns[field]) : field;
  const add = (
    row: number,
    field: GoalField | null,
    value: string | null,
    code: GoalProblemCode,
    params?: Params,
  ) => addGoalProblem(log, row, field === null ? null : name(field), value, code, params);
  /** Names of each theme as first given: number → language → [name, row]. */
  const themeNames = new Map<number, Map<Language, [string, number]>>();

  for await (const { row, cells } of table.rows) {
    let ok = true;
    const cell = (field: GoalField) => cellAt(cells, columns[field]);
    const texts = (field: TextField): Texts => {
      const given: Texts = {};
      for (const lang of LANGUAGES) {
        const text = cell(`${field}_${lang}`);
        if (text !== '') given[lang] = text;
      }
      return given;
    };

    const unit = cell('unit');
    if (unit === '') {
      log.add(row, name('unit'), '', 'cell.empty');
      ok = false;
    } else if (!ctx.units.has(unit)) {
      log.add(row, name('unit'), unit, 'unit.unknown');
      ok = false;
    }

    const themeText = cell('theme');
    let theme = 0;
    if (themeText === '') {
      log.add(row, name('theme'), '', 'cell.empty');
      ok = false;
    } else if (!THEME.test(themeText) || Number(themeText) < 1 || Number(themeText) > MAX_THEME) {
      add(row, 'theme', themeText, 'goal.theme');
      ok = false;
    } else theme = Number(themeText);

    const themeName = texts('theme');
    if (theme > 0) {
      const known = themeNames.get(theme) ?? new Map<Language, [string, number]>();
      themeNames.set(theme, known);
      for (const lang of LANGUAGES) {
        const given = themeName[lang];
        if (given === undefined) continue;
        const first = known.get(lang);
        if (first === undefined) known.set(lang, [given, row]);
        else if (first[0] !== given) {
          add(row, `theme_${lang}`, given, 'goal.themeName', {
            theme,
            first: first[1],
            name: first[0],
          });
          ok = false;
        }
      }
    }

    const goal = texts('goal');
    if (Object.keys(goal).length === 0) {
      const column = LANGUAGES.map((lang) => `goal_${lang}` as const).find(
        (field) => columns[field] >= 0,
      );
      add(row, column ?? null, '', 'goal.text');
      ok = false;
    }

    // Key goals in the budget bind towards the council unless the file says otherwise.
    const bindingText = cell('binding');
    let binding: boolean | undefined = true;
    if (bindingText !== '') {
      binding = bindingOf(bindingText);
      if (binding === undefined) {
        add(row, 'binding', bindingText, 'goal.binding');
        ok = false;
      }
    }

    // A goal without a status has not been assessed yet.
    const statusText = cell('status');
    let status: GoalStatus | undefined = 'notAssessed';
    if (statusText !== '') {
      status = goalStatusOf(statusText);
      if (status === undefined) {
        add(row, 'status', statusText, 'goal.status');
        ok = false;
      }
    }

    const indicators: Indicator[] = [];
    for (const n of [1, 2] as const) {
      const field = <S extends string>(suffix: S) => `indicator${n}_${suffix}` as const;
      const names: Texts = {};
      for (const lang of LANGUAGES) {
        const text = cell(field(`name_${lang}`));
        if (text !== '') names[lang] = text;
      }
      const measureUnit = cell(field('unit'));
      const operatorText = cell(field('operator'));
      const targetText = cell(field('target'));
      const baselineText = cell(field('baseline'));
      const actualText = cell(field('actual'));
      const given = [measureUnit, operatorText, targetText, baselineText, actualText];
      if (Object.keys(names).length === 0 && given.every((text) => text === '')) continue;

      let complete = true;
      if (Object.keys(names).length === 0) {
        const column = LANGUAGES.map((lang) => field(`name_${lang}`)).find((f) => columns[f] >= 0);
        add(row, column ?? field('name_sv'), '', 'goal.indicatorName', { indicator: n });
        complete = false;
      }
      let operator: IndicatorOperator | undefined;
      if (operatorText === '') {
        log.add(row, name(field('operator')), '', 'cell.empty');
        complete = false;
      } else {
        operator = operatorOf(operatorText);
        if (operator === undefined) {
          add(row, field('operator'), operatorText, 'goal.operator');
          complete = false;
        }
      }
      const number = (
        suffix: 'target' | 'baseline' | 'actual',
        text: string,
        required: boolean,
      ) => {
        if (text === '') {
          if (required) {
            log.add(row, name(field(suffix)), '', 'cell.empty');
            complete = false;
          }
          return null;
        }
        const value = decimalOf(text);
        if (value === undefined) {
          add(row, field(suffix), text, 'goal.number');
          complete = false;
          return null;
        }
        return value;
      };
      const target = number('target', targetText, true);
      const baseline = number('baseline', baselineText, false);
      const actual = number('actual', actualText, false);
      if (!complete || operator === undefined || target === null) {
        ok = false;
        continue;
      }
      indicators.push({ name: names, measureUnit, target, operator, baseline, actual });
    }

    if (!ok || binding === undefined || status === undefined) continue;
    records.push({
      row,
      unitCode: unit,
      theme,
      themeName,
      cityGoal: texts('city_goal'),
      goal,
      boardGoal: texts('board_goal'),
      actionPlan: texts('action_plan'),
      responsible: cell('responsible'),
      binding,
      outcome: texts('outcome'),
      status,
      indicators,
    });
  }
  return { source: table.source, records, ...allProblems(table, log) };
}

function addGoalProblem(
  log: ProblemLog,
  row: number,
  column: string | null,
  value: string | null,
  code: GoalProblemCode,
  params?: Params,
): void {
  log.addAll([goalProblem(log.file, row, column, value, code, params)]);
}
