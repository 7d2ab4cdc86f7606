/**
 * The CLI's answers to a bad argument (issue 14), on both engines: a year, a municipality, a
 * unit, a section that does not exist is refused with a message naming what does exist (never
 * an empty list), exit 2 and nothing on standard output; `workflow status` reports the state as
 * a state, with who moved the report there and when.
 */
import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { UtfallError } from '../../src/domain/errors.js';
import { errorMessage } from '../../src/i18n/errors.js';
import { translate } from '../../src/i18n/index.js';
import { runCli, type CliRun } from '../support/cli.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

/** The environment that points the CLI at a fresh database of the engine, and its removal. */
async function databaseFor(
  engine: 'pglite' | 'postgres',
): Promise<{ env: Record<string, string>; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'utfall-messages-'));
    return {
      env: { UTFALL_DATA: dataDir, DATABASE_URL: '' },
      close: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `utfall_cli_messages_${process.pid}_${Date.now()}`;
  // Creates the schema and its tables; the CLI then finds them through the search path.
  const store: Store = await openStore({ url: POSTGRES_TEST_URL, schema });
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString() },
    close: async () => {
      await sql.raw(`drop schema if exists ${schema} cascade`).execute(store.db);
      await store.close();
    },
  };
}

/** A refusal: exit 2, the message on standard error, nothing on standard output. */
function expectRefused(run: CliRun, message: string) {
  expect(run.err).toBe(message + '\n');
  expect(run.out).toBe('');
  expect(run.code).toBe(2);
}

describe.each(ENGINES.map((e) => e.name))('the CLI on a bad argument (%s)', (engine) => {
  let env: Record<string, string>;
  let close: () => Promise<void>;
  const utfall = (...args: string[]) => runCli(args, { ...env, UTFALL_LANG: 'en' });
  const utfallIn = (lang: string, ...args: string[]) => runCli(args, { ...env, UTFALL_LANG: lang });
  const utfallAs = (user: string, ...args: string[]) =>
    runCli(args, { ...env, UTFALL_LANG: 'en', UTFALL_USER: user });

  beforeAll(async () => {
    ({ env, close } = await databaseFor(engine));
    // Lovisa with the organisations of 2022 and 2023; Borgå created, its organisation not yet
    // imported, with its admin bo (who belongs to Borgå only).
    for (const year of ['2022', '2023']) {
      const org = join(fixtures, `lovisa-${year}`, 'org.csv');
      const run = await utfall('-m', 'lovisa', 'import', 'org', org, '--year', year);
      if (run.code !== 0) throw new Error(run.err);
    }
    const borga = await utfall(
      'municipality',
      'create',
      'borga',
      '--name',
      'Borgå',
      '--admin',
      'bo',
    );
    if (borga.code !== 0) throw new Error(borga.err);
  });
  afterAll(async () => {
    await close();
  });

  it('names the years a municipality holds when asked for another', async () => {
    for (const args of [
      ['report', '--year', '2030', '--unit', 'STK'],
      ['units', '--year', '2030'],
      ['goals', 'list', '--year', '2030'],
      ['risks', 'list', '--year', '2030'],
    ]) {
      expectRefused(
        await utfall('-m', 'lovisa', ...args),
        'lovisa has no fiscal year 2030 (its fiscal years: 2022, 2023).',
      );
    }
    expectRefused(
      await utfallIn('sv', '-m', 'lovisa', 'report', '--year', '2030', '--unit', 'STK'),
      'lovisa har inget räkenskapsår 2030 (dess räkenskapsår: 2022, 2023).',
    );
    expectRefused(
      await utfallIn('fi', '-m', 'lovisa', 'units', '--year', '2030'),
      'Kunnalla lovisa ei ole tilikautta 2030 (sen tilikaudet: 2022, 2023).',
    );
    // A municipality without any year says so, and how to make one (no empty list).
    expectRefused(
      await utfall('-m', 'borga', 'report', '--year', '2030', '--unit', 'STK'),
      'borga has no fiscal year 2030, nor any other yet: import the organisation first (utfall import org FILE --year 2030).',
    );
    expectRefused(
      await utfall('-m', 'borga', 'units'),
      'borga has no fiscal year yet: import the organisation first (utfall import org FILE --year YEAR).',
    );
  });

  it('names the municipalities the caller may choose when one is unknown, and no others', async () => {
    expectRefused(
      await utfall('-m', 'nope', 'units'),
      'There is no municipality nope; choose one of borga, lovisa (see utfall municipality list).',
    );
    expectRefused(
      await utfallIn('sv', '-m', 'nope', 'units'),
      'Det finns ingen kommun nope; välj en av borga, lovisa (se utfall municipality list).',
    );
    expectRefused(
      await utfallIn('fi', '-m', 'nope', 'narrative', 'get', '--unit', 'STK'),
      'Kuntaa nope ei ole; valitse jokin näistä: borga, lovisa (ks. utfall municipality list).',
    );
    // Borgå's admin: Lovisa is as unknown to them as a municipality that does not exist, and
    // neither message names it.
    for (const m of ['nope', 'lovisa'])
      expectRefused(
        await utfallAs('bo', '-m', m, 'units'),
        `There is no municipality ${m}; choose one of borga (see utfall municipality list).`,
      );
    // An import may name a new municipality: its organisation creates it.
    const org = join(fixtures, 'lovisa-2023', 'org.csv');
    const dryRun = await utfall(
      '-m',
      'newtown',
      'import',
      'org',
      org,
      '--year',
      '2023',
      '--dry-run',
    );
    expect(dryRun.err).toBe('');
    expect(dryRun.code).toBe(0);
  });

  it('words having none to choose from apart, never as an empty list', () => {
    const none = new UtfallError('municipality.unknown', {
      municipality: 'nope',
      known: '',
      count: 0,
    });
    expect(errorMessage(none, translate('en'), 'cli')).toBe(
      'There is no municipality nope, and no other to choose (see utfall municipality list).',
    );
    expect(errorMessage(none, translate('sv'), 'cli')).toBe(
      'Det finns ingen kommun nope, och ingen annan att välja (se utfall municipality list).',
    );
    // The API's message names none either way.
    expect(errorMessage(none, translate('en'), 'api')).toBe('There is no municipality nope.');
  });

  it('refuses unknown units for a user, in the service the API shares', async () => {
    expectRefused(
      await utfall(
        '-m',
        'lovisa',
        'user',
        'add',
        'anna',
        '--role',
        'editor',
        '--units',
        'STK-ICT,NOPE',
      ),
      'Unknown units: lovisa/NOPE (see utfall units).',
    );
    expectRefused(
      await utfallIn(
        'sv',
        '-m',
        'lovisa',
        'user',
        'add',
        'anna',
        '--role',
        'editor',
        '--units',
        'NOPE',
      ),
      'Okända enheter: lovisa/NOPE (se utfall units).',
    );
    // A municipality whose organisation is not imported knows no unit yet, and says so.
    expectRefused(
      await utfall('-m', 'borga', 'user', 'add', 'berit', '--role', 'editor', '--units', 'STK'),
      'borga has no units yet, so the units STK cannot be given: import the organisation first (utfall import org FILE --year YEAR), then give the units (utfall user set NAME --units …).',
    );
    const users = await utfall('user', 'list');
    expect(users.out).not.toMatch(/^(anna|berit)\t/m);
    const added = await utfall(
      '-m',
      'lovisa',
      'user',
      'add',
      'anna',
      '--role',
      'editor',
      '--units',
      'STK-ICT',
    );
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expectRefused(
      await utfall('-m', 'lovisa', 'user', 'set', 'anna', '--units', 'STK-ICT,NOPE'),
      'Unknown units: lovisa/NOPE (see utfall units).',
    );
  });

  it('refuses a narrative section that is none of the report’s, naming the sections', async () => {
    expectRefused(
      await utfall('-m', 'lovisa', 'narrative', 'get', '--unit', 'STK', '--section', 'nonsense'),
      '"nonsense" is not a section of the report: the sections are events, risks, revenue, costs, margin.',
    );
    expectRefused(
      await utfallIn(
        'fi',
        '-m',
        'lovisa',
        'narrative',
        'get',
        '--unit',
        'STK',
        '--section',
        'nonsense',
      ),
      '”nonsense” ei ole raportin osio: osiot ovat events, risks, revenue, costs, margin.',
    );
    const set = await utfall(
      '-m',
      'lovisa',
      'narrative',
      'set',
      '--unit',
      'STK',
      '--section',
      'nonsense',
      '--lang',
      'en',
      '--file',
      join(fixtures, 'lovisa-2023', 'narratives', 'STK', 'events.sv.md'),
    );
    expectRefused(
      set,
      '"nonsense" is not a section of the report: the sections are events, risks, revenue, costs, margin.',
    );
    const known = await utfall(
      '-m',
      'lovisa',
      'narrative',
      'get',
      '--unit',
      'STK',
      '--section',
      'events',
    );
    expect(known.code).toBe(0);
  });

  it('reports the workflow state as a state: who moved it there and when', async () => {
    const status = (lang = 'en') =>
      utfallIn(lang, '-m', 'lovisa', 'workflow', 'status', '--unit', 'STK-ICT');
    const never = await status();
    expect(never.out).toBe('The report of STK-ICT is a draft: it has not been submitted yet.\n');
    expect(never.code).toBe(0);
    expect((await status('sv')).out).toBe(
      'Rapporten för STK-ICT är ett utkast: den har inte lämnats in ännu.\n',
    );

    const submit = await utfall('-m', 'lovisa', 'workflow', 'submit', '--unit', 'STK-ICT');
    expect(submit.out).toBe('The report of STK-ICT is now submitted.\n');
    const submitted = await status();
    expect(submitted.out).toMatch(
      /^The report of STK-ICT is submitted \(by [^,]+, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d\)\.\n$/,
    );
    expect(submitted.out).not.toContain('now');
    expect((await status('fi')).out).toMatch(
      /^Yksikön STK-ICT raportti on jätetty \([^,]+, \d{1,2}\.\d{1,2}\.\d{4} \d\d\.\d\d\)\.\n$/,
    );

    const reopen = await utfallIn(
      'sv',
      '-m',
      'lovisa',
      'workflow',
      'reopen',
      '--unit',
      'STK-ICT',
      '--reason',
      'Fel siffror',
    );
    expect(reopen.out).toBe('Rapporten för STK-ICT är nu ett utkast.\n');
    expect((await status()).out).toMatch(
      /^The report of STK-ICT is a draft again: \S+ reopened it on \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d \(reason: Fel siffror\)\.\n$/,
    );
    // The central's approval freezes its areas' content too, and the area's status says so.
    for (const action of ['submit', 'approve'])
      expect((await utfall('-m', 'lovisa', 'workflow', action, '--unit', 'STK')).code).toBe(0);
    expect((await status()).out).toMatch(
      /\(reason: Fel siffror\)\.\nIts content cannot change: the report of STK above it is approved\.\n$/,
    );
  });
});
