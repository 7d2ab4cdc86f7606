/**
 * The Lovisa 2023 demo: the City Chancellery Central with its areas, budget and ledger, and the
 * same for 2022, the previous year, so that reports can print last year's actual beside 2023's.
 */
import { addUser, findUser, type NewUser } from './users.js';
import type { Kysely } from 'kysely';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/schema.js';
import { systemActor } from '../domain/access.js';
import { setMunicipalityName } from '../db/units.js';
import { isLanguage } from '../i18n/index.js';
import { getNarratives, setNarrative } from './content.js';
import { importGoals, importRisks } from './goals.js';
import { runImport, type ImportOutcome } from './imports.js';
import { setForecast } from './forecasts.js';
import { setProfile } from './profiles.js';
import { parseAmount } from '../domain/amount.js';
import { interimByUnit } from '../domain/interim.js';
import { DEFAULT_OUTCOME_SETTINGS, forecastLines, proposeOutcome } from '../domain/outcome.js';
import { reportData } from '../report/data.js';

/** The demo is loaded by the system, under a name of its own in the logs. */
const DEMO_ACTOR = systemActor('demo');

export const DEMO_MUNICIPALITY = 'lovisa';
export const DEMO_YEAR = 2023;
/** The year before the demo's: organisation, original budget and ledger only (no content). */
export const DEMO_PREVIOUS_YEAR = 2022;
export const DEMO_CENTRAL = 'STK';

/** fixtures/lovisa-2023 (or another year's), found from src/service or dist/service alike. */
export function demoDir(year: number = DEMO_YEAR): string {
  const dir = resolve(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'fixtures',
    `lovisa-${year}`,
  );
  if (!existsSync(dir)) throw new Error(`demo data not found in ${dir}`);
  return dir;
}

/**
 * How the demo spreads its budget over the months: salaries carry the holiday bonus in June (as
 * the ledger books them), and depreciation, internal and imputed items are booked at the year's
 * end, so an interim report's budget to date holds none of them.
 */
const YEAR_END = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
export const DEMO_PROFILES = [
  {
    name: 'personnel',
    line: 'personnel',
    weights: [100, 100, 100, 100, 100, 135, 100, 100, 100, 100, 100, 100],
  },
  { name: 'year-end-depreciation', line: 'depreciation', weights: YEAR_END },
  { name: 'year-end-internal', line: 'internal', weights: YEAR_END },
  { name: 'year-end-imputed', line: 'imputed', weights: YEAR_END },
] as const;

export interface DemoStep {
  year: number;
  file: string;
  outcome: ImportOutcome;
}

/**
 * Loads the demo through the same imports a user runs, so the demo proves them: the previous
 * year first, then the demo's year with its goals, risks and narratives. Loading it again
 * replaces each year's original budget and the ledger's months: it never doubles.
 */
export async function loadDemo(
  db: Kysely<Database>,
  onStep: (step: DemoStep) => void = () => {},
): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  for (const year of [DEMO_PREVIOUS_YEAR, DEMO_YEAR]) {
    const dir = demoDir(year);
    const common = { municipalityId: DEMO_MUNICIPALITY, year };
    const plan = [
      { kind: 'org', file: 'org.csv' },
      { kind: 'budget', file: 'budget.csv', stage: 'original' },
      { kind: 'actuals', file: `ledger-${year}.csv`, sign: 'accounting' },
    ] as const;
    for (const step of plan) {
      // The profiles that spread the budget over its months, before the budget is imported.
      if (step.kind === 'budget')
        for (const profile of DEMO_PROFILES)
          await setProfile(db, DEMO_ACTOR, DEMO_MUNICIPALITY, year, profile);
      const file = join(dir, step.file);
      const outcome = await runImport(db, { ...common, ...step, file }, DEMO_ACTOR);
      if (!outcome.ok) {
        throw new Error(
          `demo file ${file} did not import: ${outcome.problems.map((p) => `${p.row}:${p.column} ${p.code}`).join('; ')}`,
        );
      }
      steps.push({ year, file, outcome });
      onStep({ year, file, outcome });
    }
  }
  // Imports name a new municipality by its id; the demo's has a proper name.
  await setMunicipalityName(db, DEMO_MUNICIPALITY, 'Lovisa');
  await loadDemoContent(db, demoDir());
  await loadDemoInterim(db, demoDir());
  return steps;
}

/**
 * The demo's key goals, risk register and narratives (sv and fi, the project's own words):
 * fixtures/lovisa-2023/goals.csv, risks.csv and narratives/<unit>/<section>.<lang>.md.
 */
async function loadDemoContent(db: Kysely<Database>, dir: string): Promise<void> {
  const common = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };
  const goals = await importGoals(db, { ...common, file: join(dir, 'goals.csv') }, DEMO_ACTOR);
  if (!goals.ok)
    throw new Error(`demo goals did not import: ${JSON.stringify(goals.problems.slice(0, 3))}`);
  const risks = await importRisks(db, { ...common, file: join(dir, 'risks.csv') }, DEMO_ACTOR);
  if (!risks.ok)
    throw new Error(`demo risks did not import: ${JSON.stringify(risks.problems.slice(0, 3))}`);
  const narratives = join(dir, 'narratives');
  for (const unitCode of readdirSync(narratives)) {
    const scope = { ...common, unitCode };
    const stored = await getNarratives(db, scope);
    for (const file of readdirSync(join(narratives, unitCode))) {
      const match = /^([a-zA-Z]+)\.([a-z]{2})\.md$/.exec(file);
      if (!match || !isLanguage(match[2]!)) continue;
      const [, section, lang] = match as unknown as [string, string, 'sv' | 'fi' | 'en'];
      const body = readFileSync(join(narratives, unitCode, file), 'utf8');
      const current = stored.find((n) => n.section === section && n.lang === lang);
      // Loading the demo again leaves texts that are already as shipped untouched.
      if (current?.body === body) continue;
      await setNarrative(
        db,
        scope,
        { section, lang, body, baseVersion: current?.version ?? null },
        DEMO_ACTOR,
      );
    }
  }
}

/** The demo's interim report: January–August 2023. */
export const DEMO_INTERIM_PERIOD = 8;

/**
 * The demo's interim report 1–8/2023: the areas' forecasts for the year (the project's own
 * figures, fixtures/lovisa-2023/forecasts-2023-08.csv: unit, line, euros in report sign), and its
 * outcome texts in sv and fi — Utfall's proposed forecast sentences, accepted as a controller
 * would accept them.
 */
async function loadDemoInterim(db: Kysely<Database>, dir: string): Promise<void> {
  const common = {
    municipalityId: DEMO_MUNICIPALITY,
    year: DEMO_YEAR,
    period: DEMO_INTERIM_PERIOD,
  };
  const rows = readFileSync(join(dir, `forecasts-${DEMO_YEAR}-08.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  for (const [unitCode, line, euros] of rows) {
    const amount = parseAmount(euros ?? '');
    if (!unitCode || !line || amount === null)
      throw new Error(`demo forecast row ${String(euros)}`);
    await setForecast(db, { ...common, unitCode }, { line, amount }, DEMO_ACTOR);
  }
  const { data } = await reportData(db, DEMO_MUNICIPALITY, DEMO_YEAR, DEMO_INTERIM_PERIOD, {
    figuresOnly: true,
  });
  const interim = interimByUnit(data.units, data.leaves, data.forecasts ?? []);
  for (const unitCode of [DEMO_CENTRAL, 'STK-ADM', 'STK-ICT', 'STK-EKP']) {
    const scope = { ...common, unitCode };
    const stored = await getNarratives(db, scope);
    const proposals = proposeOutcome(
      forecastLines(interim.get(unitCode) ?? []),
      DEFAULT_OUTCOME_SETTINGS,
      'forecast',
    );
    for (const proposal of proposals) {
      for (const lang of ['sv', 'fi'] as const) {
        const body = proposal.text[lang];
        const current = stored.find((n) => n.section === proposal.topic && n.lang === lang);
        if (current?.body === body) continue;
        await setNarrative(
          db,
          scope,
          { section: proposal.topic, lang, body, baseVersion: current?.version ?? null },
          DEMO_ACTOR,
        );
      }
    }
  }
}

/**
 * The demo's users, one of each role. Their passwords are public (npm start prints them): the
 * demo is for trying Utfall on one's own machine, never for a server others can reach.
 */
export const DEMO_USERS = [
  { username: 'admin', displayName: 'Alva Admin', role: 'admin', password: 'demo-admin-2023' },
  {
    username: 'finance',
    displayName: 'Fredrik Ekonom',
    role: 'finance',
    password: 'demo-finance-2023',
  },
  {
    username: 'editor',
    displayName: 'Eeva Redaktör',
    role: 'editor',
    password: 'demo-editor-2023',
    units: { [DEMO_MUNICIPALITY]: ['STK-ICT'] },
  },
  {
    username: 'reader',
    displayName: 'Rasmus Läsare',
    role: 'reader',
    password: 'demo-reader-2023',
  },
] as const satisfies readonly NewUser[];

/**
 * Creates the demo users that don't exist yet, each a member of the demo municipality only (the
 * admin is its admin, not an installation administrator); returns those created.
 */
export async function ensureDemoUsers(db: Kysely<Database>): Promise<NewUser[]> {
  const created: NewUser[] = [];
  for (const user of DEMO_USERS) {
    if (await findUser(db, user.username)) continue;
    const units: readonly string[] =
      'units' in user ? user.units[DEMO_MUNICIPALITY] : ([] as string[]);
    await addUser(db, {
      ...user,
      memberships: { [DEMO_MUNICIPALITY]: { role: user.role, units: [...units] } },
    });
    created.push(user);
  }
  return created;
}
