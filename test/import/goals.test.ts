/** The key-goal reader, the Lovisa 2023 goals, risks and narratives, and the goal translations. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GOAL_STATUSES,
  goalContradiction,
  INDICATOR_OPERATORS,
  missingLanguages,
} from '../../src/domain/goals.js';
import { LANGUAGES } from '../../src/domain/lines.js';
import { translate } from '../../src/i18n/index.js';
import {
  bindingOf,
  decimalOf,
  GOAL_HEADERS,
  GOAL_PROBLEM_CODES,
  goalStatusOf,
  operatorOf,
  parseGoals,
  type GoalRecord,
} from '../../src/import/goals.js';
import {
  formatProblem,
  normaliseHeader,
  openTable,
  type ImportProblem,
} from '../../src/import/index.js';
import { BAD, context } from './context.js';

const DEMO = 'fixtures/lovisa-2023';
const work = mkdtempSync(join(tmpdir(), 'utfall-goals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** [code, row, column, value] of each problem. */
function summary(problems: readonly ImportProblem[]) {
  return problems.map((p) => [p.code, p.row, p.column, p.value]);
}

function byGoal(records: readonly GoalRecord[], start: string): GoalRecord {
  const found = records.find((r) => r.goal.sv?.startsWith(start));
  if (!found) throw new Error(`no goal starting "${start}"`);
  return found;
}

describe('the Lovisa 2023 goal file', () => {
  it('reads every goal of the central without problems', async () => {
    const result = await parseGoals(`${DEMO}/goals.csv`, context());
    expect(summary(result.problems)).toEqual([]);
    expect(result.problemCount).toBe(0);
    expect(result.records).toHaveLength(16);
    expect(result.source.rows).toBe(16);
    for (const goal of result.records) {
      expect(goal.unitCode).toBe('STK');
      expect(goal.binding).toBe(true);
      // Swedish and Finnish are required for the demo; English is partial.
      expect(missingLanguages(goal, ['sv', 'fi'])).toEqual([]);
      expect(Object.keys(goal.cityGoal)).toEqual(expect.arrayContaining(['sv', 'fi']));
      expect(goal.responsible).not.toBe('');
    }
    expect(missingLanguages(result.records[0]!, LANGUAGES)).toEqual([]);
    expect(missingLanguages(result.records[1]!, LANGUAGES)).toEqual(['en']);
  });

  it('has the themes of the seed, numbered as there, with one name each', async () => {
    const { records } = await parseGoals(`${DEMO}/goals.csv`, context());
    const themes = new Map(records.map((r) => [r.theme, r.themeName]));
    expect([...themes.keys()]).toEqual([1, 2, 4, 5]);
    expect(themes.get(1)).toEqual({
      sv: 'Livskraftig stad',
      fi: 'Elinvoimainen kaupunki',
      en: 'A vibrant city',
    });
    expect(themes.get(4)?.fi).toBe('Sujuva päätöksenteko');
    expect(records[0]?.cityGoal.sv).toContain('15 000 invånare');
  });

  it('takes statuses and indicators from the outcomes', async () => {
    const { records } = await parseGoals(`${DEMO}/goals.csv`, context());
    const count = (status: string) => records.filter((r) => r.status === status).length;
    expect(GOAL_STATUSES.map(count)).toEqual([10, 4, 1, 1, 0]);

    const time = byGoal(records, 'Minst 80 % av personalen');
    expect(time.status).toBe('notAchieved');
    expect(time.indicators).toEqual([
      {
        name: {
          sv: 'Andel som hinner utföra sina arbetsuppgifter',
          fi: 'Työtehtävänsä ehtivien osuus',
        },
        measureUnit: '%',
        operator: '>=',
        target: '80',
        baseline: '50',
        actual: '40',
      },
    ]);
    expect(goalContradiction(time)).toBeNull();

    const knowledge = byGoal(records, 'Minst 80 % upplever');
    expect(knowledge.status).toBe('achieved');
    expect(knowledge.indicators[0]).toMatchObject({ operator: '>=', baseline: '90', actual: '90' });
    const influence = byGoal(records, 'Minst 80 % anser');
    expect(influence.indicators[0]).toMatchObject({ target: '80', baseline: '80', actual: '81' });

    const budget = byGoal(records, 'Budgeten hålls i balans');
    expect(budget.indicators[0]).toMatchObject({
      measureUnit: '€',
      target: '-4136458',
      baseline: null,
      actual: '-3890507',
    });
    expect(byGoal(records, 'Ärendena till stadsfullmäktige').status).toBe('partlyAchieved');
    expect(byGoal(records, 'Lovisa blir mer känt').outcome.sv).toContain('2024');

    // The statuses agree with the indicators throughout.
    expect(records.map(goalContradiction).filter((c) => c !== null)).toEqual([]);
  });

  it('finds the contradiction when the time goal is marked achieved', async () => {
    const { records } = await parseGoals(`${DEMO}/goals.csv`, context());
    const time = byGoal(records, 'Minst 80 % av personalen');
    expect(goalContradiction({ ...time, status: 'achieved' })).toEqual({
      reason: 'achievedButIndicatorNotMet',
      indicators: [0],
    });
  });
});

describe('bad goal files', () => {
  it('goals-bad-cells.csv: every bad cell, by row and column, and the good row', async () => {
    const file = `${BAD}/goals-bad-cells.csv`;
    const result = await parseGoals(file, context());
    expect(summary(result.problems)).toEqual([
      ['unit.unknown', 2, 'unit', 'STK-XXX'],
      ['goal.status', 3, 'status', 'klart'],
      ['goal.number', 4, 'indicator1_actual', '4O'],
      ['goal.operator', 5, 'indicator1_operator', '>>'],
      ['goal.theme', 6, 'theme', '1a'],
      ['goal.binding', 6, 'binding', 'kanske'],
      ['goal.number', 6, 'indicator1_baseline', 'ca 50'],
    ]);
    expect(result.problemCount).toBe(7);
    for (const found of result.problems) {
      expect(found.file).toBe(file);
      expect(found.expected.length).toBeGreaterThan(0);
    }
    expect(result.records.map((r) => [r.row, r.theme, r.status, r.binding])).toEqual([
      [7, 4, 'partlyAchieved', true],
    ]);
  });

  it('goals-missing-column.csv: no goal text column', async () => {
    const result = await parseGoals(`${BAD}/goals-missing-column.csv`, context());
    expect(summary(result.problems)).toEqual([['header.missing', 1, null, null]]);
    expect(result.problems[0]?.expected).toContain('"goal_sv"');
    expect(result.problems[0]?.expected).toContain('"tavoite_fi"');
    expect(result.records).toEqual([]);
  });

  it('goals-indicator-incomplete.csv: Finnish headers, incomplete indicator, theme renamed, no goal', async () => {
    const result = await parseGoals(`${BAD}/goals-indicator-incomplete.csv`, context());
    expect(summary(result.problems)).toEqual([
      ['goal.indicatorName', 2, 'mittari1_nimi_fi', ''],
      ['cell.empty', 2, 'mittari1_operaattori', ''],
      ['cell.empty', 2, 'mittari1_tavoite', ''],
      ['goal.themeName', 3, 'teema_fi', 'Arvostettu työyhteisö'],
      ['goal.text', 4, 'tavoite_sv', ''],
    ]);
    expect(result.problems[3]?.expected).toBe(
      'one name per theme and language (row 2 names theme 5 "Arvostettu henkilöstö")',
    );
    expect(result.records).toEqual([]);
  });

  it('file-level failures come from the table reader', async () => {
    const result = await parseGoals(`${BAD}/empty.csv`, context());
    expect(summary(result.problems)).toEqual([['file.empty', null, null, null]]);
  });
});

describe('goal files as people write them', () => {
  function write(name: string, text: string): string {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  }

  it('Swedish headers, status words, decimal commas, defaults for binding and status', async () => {
    const path = write(
      'sv.csv',
      [
        'Enhet;Tema;Tema SV;Mål SV;Nyckelmål FI;Bindande;Status;Utfall SV;' +
          'Indikator1 namn SV;Indikator1 enhet;Indikator1 jämförelse;Indikator1 målvärde;' +
          'Indikator1 utgångsläge;Indikator1 utfall;Indikator 2 namn SV;Indikator 2 jämförelse;' +
          'Indikator 2 mål;Indikator 2 utfall',
        'STK-ADM;2;Välmående;Svarsprocent;Vastausprosentti;nej;Delvis uppnått;64,4 %;' +
          'Svarsprocent;%;≥;65;64,3;64,4;Sjukfrånvaro;≤;5,5;1 234,5',
        'STK-EKP;2;Välmående;Utan status;;;;;;;;;;;;;;',
      ].join('\r\n'),
    );
    const result = await parseGoals(path, context());
    expect(summary(result.problems)).toEqual([]);
    const [first, second] = result.records;
    expect(first).toMatchObject({
      row: 2,
      unitCode: 'STK-ADM',
      theme: 2,
      themeName: { sv: 'Välmående' },
      goal: { sv: 'Svarsprocent', fi: 'Vastausprosentti' },
      binding: false,
      status: 'partlyAchieved',
      outcome: { sv: '64,4 %' },
    });
    expect(first?.indicators).toEqual([
      {
        name: { sv: 'Svarsprocent' },
        measureUnit: '%',
        operator: '>=',
        target: '65',
        baseline: '64.3',
        actual: '64.4',
      },
      {
        name: { sv: 'Sjukfrånvaro' },
        measureUnit: '',
        operator: '<=',
        target: '5.5',
        baseline: null,
        actual: '1234.5',
      },
    ]);
    expect(first && goalContradiction({ ...first, status: 'achieved' })).toEqual({
      reason: 'achievedButIndicatorNotMet',
      indicators: [0, 1],
    });
    expect(second).toMatchObject({ binding: true, status: 'notAssessed', indicators: [] });
  });

  it('Finnish status words and every binding word', async () => {
    const statuses = [
      'saavutettu',
      'osittain saavutettu',
      'ei saavutettu',
      'siirretty',
      'ei arvioitu',
    ];
    const bindings = ['kyllä', 'ei', 'ja', 'true', '0'];
    const path = write(
      'fi.csv',
      [
        'yksikkö,teema,tavoite_fi,sitova,tila',
        ...statuses.map((status, i) => `STK,1,Tavoite ${i},${bindings[i]},${status}`),
      ].join('\n'),
    );
    const result = await parseGoals(path, context());
    expect(summary(result.problems)).toEqual([]);
    expect(result.records.map((r) => r.status)).toEqual([...GOAL_STATUSES]);
    expect(result.records.map((r) => r.binding)).toEqual([true, false, true, true, false]);
  });
});

describe('cell words', () => {
  it('statuses: codes and English, Swedish and Finnish words, any case', () => {
    expect(goalStatusOf('partlyAchieved')).toBe('partlyAchieved');
    expect(goalStatusOf('Partly achieved')).toBe('partlyAchieved');
    expect(goalStatusOf('UPPNÅTT')).toBe('achieved');
    expect(goalStatusOf('inte uppnått')).toBe('notAchieved');
    expect(goalStatusOf('uppskjutet')).toBe('postponed');
    expect(goalStatusOf('inte bedömt')).toBe('notAssessed');
    expect(goalStatusOf('Osittain saavutettu')).toBe('partlyAchieved');
    expect(goalStatusOf('klart')).toBeUndefined();
  });

  it('binding, operators and numbers', () => {
    expect(['yes', 'JA', 'Kyllä', 'true', '1'].map(bindingOf)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['no', 'Nej', 'EI', 'false', '0'].map(bindingOf)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(bindingOf('kanske')).toBeUndefined();
    expect(['>=', '≥', ' > = ', '<=', '≤', '='].map(operatorOf)).toEqual([
      '>=',
      '>=',
      '>=',
      '<=',
      '<=',
      '=',
    ]);
    expect(['=>', '>', '==', ''].map(operatorOf)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(decimalOf('64,4')).toBe('64.4');
    expect(decimalOf('64.4')).toBe('64.4');
    expect(decimalOf('−4 136 458')).toBe('-4136458');
    expect(decimalOf('+1\u00a0250,75')).toBe('1250.75');
    expect(decimalOf('80')).toBe('80');
    for (const bad of ['4O', '80 %', '1,2,3', '12 34', '', '.5', '5,']) {
      expect(decimalOf(bad), bad).toBeUndefined();
    }
  });

  it('no header name belongs to two columns', () => {
    const seen = new Map<string, string>();
    for (const [field, names] of Object.entries(GOAL_HEADERS)) {
      for (const name of names) {
        const key = normaliseHeader(name);
        expect(seen.get(key) ?? field, `${name} (${field})`).toBe(field);
        seen.set(key, field);
      }
    }
  });
});

type Json = { [key: string]: Json | string };

function lookup(tree: Json, dotted: string[]): unknown {
  let node: Json | string | undefined = tree;
  for (const part of dotted) node = typeof node === 'object' ? node[part] : undefined;
  return node;
}

describe('goal translations', () => {
  it.each(LANGUAGES)('%s names every problem, status, operator and finding', (lang) => {
    const json = JSON.parse(readFileSync(`src/i18n/locales/${lang}/goals.json`, 'utf8')) as Json;
    const keys = [
      ...GOAL_PROBLEM_CODES.flatMap((code) => [
        ['problem', ...code.split('.')],
        ['expected', ...code.split('.')],
      ]),
      ...GOAL_STATUSES.map((status) => ['status', status]),
      ...INDICATOR_OPERATORS.map((operator) => ['operator', operator]),
      ...['met', 'notMet', 'unknown'].map((status) => ['indicator', status]),
      ['contradiction', 'achievedButIndicatorNotMet'],
      ['contradiction', 'notAchievedButAllIndicatorsMet'],
    ];
    for (const key of keys) {
      expect(typeof lookup(json, key), `${lang} ${key.join('.')}`).toBe('string');
    }
  });

  it('formats goal problems in the goals namespace and others as import problems', async () => {
    const result = await parseGoals(`${BAD}/goals-bad-cells.csv`, context());
    const sv = translate('sv');
    const [unit, status] = result.problems;
    expect(formatProblem(status!, sv)).toBe(
      `${BAD}/goals-bad-cells.csv, rad 3, kolumn "status": "klart" är inte en målstatus ` +
        '(väntat: uppnått, delvis uppnått, inte uppnått, uppskjutet eller inte bedömt)',
    );
    expect(formatProblem(unit!, sv)).toContain('okänd enhet "STK-XXX"');
    expect(formatProblem(status!, translate('fi'))).toContain('"klart" ei ole tavoitteen tila');
    expect(translate('en')('goals:operator.>=')).toBe('at least');
    expect(translate('fi')('goals:status.partlyAchieved')).toBe('osittain saavutettu');
  });
});

describe('Lovisa 2023 risks and narratives', () => {
  it('risks.csv: known units, categories, scales and statuses, texts in Swedish and Finnish', async () => {
    const table = await openTable(`${DEMO}/risks.csv`);
    expect(table.problems).toEqual([]);
    expect(table.header).toEqual([
      'unit',
      'risk_sv',
      'risk_fi',
      'category',
      'likelihood',
      'impact',
      'measures_sv',
      'measures_fi',
      'owner',
      'status',
    ]);
    const units = new Set<string>();
    let rows = 0;
    for await (const { cells } of table.rows) {
      rows++;
      const [unit, riskSv, riskFi, category, likelihood, impact, measuresSv, measuresFi, owner] =
        cells;
      units.add(unit ?? '');
      expect(['STK-ADM', 'STK-ICT', 'STK-EKP']).toContain(unit);
      expect(['financial', 'personnel', 'ictSecurity', 'continuity', 'other']).toContain(category);
      expect(['1', '2', '3', '4', '5']).toContain(likelihood);
      expect(['1', '2', '3', '4', '5']).toContain(impact);
      expect(['open', 'mitigated', 'closed']).toContain(cells[9]);
      for (const text of [riskSv, riskFi, measuresSv, measuresFi, owner]) {
        expect(text?.trim().length).toBeGreaterThan(0);
      }
    }
    expect(rows).toBeGreaterThanOrEqual(6);
    expect(rows).toBeLessThanOrEqual(10);
    expect(units.size).toBe(3);
  });

  const sections: [string, string[]][] = [
    ['STK', ['events', 'risks', 'revenue', 'costs', 'margin']],
    ['STK-ADM', ['events', 'risks']],
    ['STK-ICT', ['events', 'risks']],
    ['STK-EKP', ['events', 'risks']],
  ];
  const files = sections.flatMap(([unit, names]) =>
    names.flatMap((section) => ['sv', 'fi'].map((lang) => `${unit}/${section}.${lang}.md`)),
  );

  it.each(files)('narratives/%s is short Markdown', (name) => {
    const text = readFileSync(`${DEMO}/narratives/${name}`, 'utf8');
    const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
    expect(words).toBeGreaterThanOrEqual(80);
    expect(words).toBeLessThanOrEqual(200);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('some narratives use a list or bold', () => {
    const texts = files.map((name) => readFileSync(`${DEMO}/narratives/${name}`, 'utf8'));
    expect(texts.filter((text) => /^- /m.test(text)).length).toBeGreaterThan(5);
    expect(texts.filter((text) => text.includes('**')).length).toBeGreaterThan(5);
  });
});
