/**
 * `utfall year start YEAR --from FROM` on the demo, in a PostgreSQL schema of its own (the
 * embedded engine would need a data folder's first start for the same): what was copied, in
 * the user's language; a second start, a year not after the source and a reader refused.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { fiscalYears, listUnits } from '../../src/db/units.js';
import { ensureDemoUsers, loadDemo } from '../../src/service/demo.js';
import { runCli } from '../support/cli.js';
import { POSTGRES_RUNS, POSTGRES_TEST_URL } from '../support/engines.js';

const schema = `utfall_cli_year_${process.pid}_${Date.now()}`;
let store: Store;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  store = await openStore({ url: POSTGRES_TEST_URL, schema });
  await loadDemo(store.db);
  await ensureDemoUsers(store.db);
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  env = { DATABASE_URL: url.toString(), UTFALL_LANG: 'en' };
});

afterAll(async () => {
  await sql.raw(`drop schema if exists ${schema} cascade`).execute(store.db);
  await store.close();
});

// On the PostgreSQL server only: skipped with the others when it does not answer (engines.ts).
describe.skipIf(!POSTGRES_RUNS)('utfall year start', () => {
  it('copies the structure of 2023 into 2024 and says what it copied', async () => {
    const units = (await listUnits(store.db, 'lovisa', 2023)).length;
    const run = await utfall('year', 'start', '2024', '--from', '2023');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines[0]).toBe('Year 2024 started from 2023 (lovisa). Copied:');
    expect(lines[1]).toMatch(new RegExp(`^ +${units} {2}units$`));
    expect(lines.slice(1, 7).map((l) => l.replace(/^ *\d+ {2}/, ''))).toEqual([
      'units',
      'binding levels',
      'account ranges of the mapping',
      'strategy themes',
      'key goals (without outcome texts, indicator values or status)',
      'budget profiles',
    ]);
    expect(lines[7]).toMatch(/^Not copied: budgets, actuals/);
    expect(await listUnits(store.db, 'lovisa', 2024)).toEqual(
      await listUnits(store.db, 'lovisa', 2023),
    );
  });

  it('refuses a second start with a clear message, and changes nothing', async () => {
    const years = await fiscalYears(store.db, 'lovisa');
    const run = await utfall('year', 'start', '2024', '--from', '2023');
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('The year 2024 has been started already');
    expect(run.err).toContain('utfall units --year 2024');
    const before = await runCli(['year', 'start', '2023', '--from', '2023'], {
      ...env,
      UTFALL_LANG: 'sv',
    });
    expect(before.code).toBe(2);
    expect(before.err).toContain('2023 kommer inte efter 2023');
    const missing = await utfall('year', 'start', '2025');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--from');
    expect(await fiscalYears(store.db, 'lovisa')).toEqual(years);
  });

  it('refuses a reader (as UTFALL_USER), and prints JSON and Finnish for finance', async () => {
    const reader = await runCli(['year', 'start', '2025', '--from', '2024'], {
      ...env,
      UTFALL_USER: 'reader',
    });
    expect(reader.code).toBe(2);
    expect(reader.err).toContain('needs finance');
    const json = await runCli(['year', 'start', '2025', '--from', '2024', '--json'], {
      ...env,
      UTFALL_USER: 'finance',
    });
    expect(json.code).toBe(0);
    const started = JSON.parse(json.out) as { year: number; from: number; copied: object };
    expect(started).toMatchObject({ year: 2025, from: 2024 });
    expect(Object.keys(started.copied)).toEqual([
      'units',
      'bindings',
      'accountRanges',
      'themes',
      'goals',
      'profiles',
    ]);
    const fi = await runCli(['year', 'start', '2026', '--from', '2025'], {
      ...env,
      UTFALL_LANG: 'fi',
    });
    expect(fi.code).toBe(0);
    expect(fi.out).toContain('Vuosi 2026 aloitettu vuodesta 2025 (lovisa). Kopioitu:');
  });
});
