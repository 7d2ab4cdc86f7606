/**
 * `utfall user add`, `list` and `set`, and `utfall municipality create`, on a PostgreSQL schema of their own (the embedded engine
 * would need a data folder's first start, seven seconds, for the same).
 */
import { sql } from 'kysely';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { login } from '../../src/service/users.js';
import { runCli } from '../support/cli.js';
import { POSTGRES_RUNS, POSTGRES_TEST_URL } from '../support/engines.js';

const schema = `utfall_cli_users_${process.pid}_${Date.now()}`;
let store: Store;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);
/** As the user UTFALL_USER names: with their memberships. */
const utfallAs = (user: string, ...args: string[]) => runCli(args, { ...env, UTFALL_USER: user });

beforeAll(async () => {
  // Creates the schema and its tables; the CLI then finds them through the search path.
  store = await openStore({ url: POSTGRES_TEST_URL, schema });
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  env = { DATABASE_URL: url.toString(), UTFALL_LANG: 'en' };
});

afterAll(async () => {
  await sql.raw(`drop schema if exists ${schema} cascade`).execute(store.db);
  await store.close();
});

// On the PostgreSQL server only: skipped with the others when it does not answer (engines.ts).
describe.skipIf(!POSTGRES_RUNS)('utfall user', () => {
  it('adds a user with a generated password that logs in', async () => {
    // An editor's units are the organisation's: it is imported first (the default municipality).
    const org = join(import.meta.dirname, '..', '..', 'fixtures', 'lovisa-2023', 'org.csv');
    expect((await utfall('import', 'org', org, '--year', '2023')).code).toBe(0);
    const run = await utfall(
      'user',
      'add',
      'anna',
      '--role',
      'editor',
      '--name',
      'Anna Andersson',
      '--units',
      'STK-ICT,STK-EKP',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('Created anna (editor).');
    const password = /Password: (\S+)/.exec(run.out)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(16);
    const result = await login(store.db, 'anna', password!, '10.2.0.1');
    expect(result.ok).toBe(true);
    const first = await utfall('user', 'add', 'root');
    expect(first.out).toContain('Created root (admin).');
  });

  it('lists the users, as text and as JSON', async () => {
    const text = await utfall('user', 'list');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')).toEqual(
      expect.arrayContaining([
        'anna\teditor\tAnna Andersson\tdefault:editor\tSTK-EKP,STK-ICT',
        'root\tadmin\troot\tdefault:admin',
      ]),
    );
    const json = await utfall('user', 'list', '--json');
    const users = JSON.parse(json.out) as { username: string; role: string; disabled: boolean }[];
    expect(users.map((u) => [u.username, u.role, u.disabled])).toEqual([
      ['anna', 'editor', false],
      ['root', 'admin', false],
    ]);
    expect(json.out).not.toMatch(/scrypt|password/i);
  });

  it('refuses a taken name, and disables a user', async () => {
    const again = await utfall('user', 'add', 'anna');
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('The user anna exists already.');
    const set = await utfall('user', 'set', 'anna', '--disable');
    expect(set.code).toBe(0);
    expect((await utfall('user', 'list')).out).toContain(
      'anna\teditor\tAnna Andersson\tdefault:editor\tSTK-EKP,STK-ICT\t-',
    );
  });

  it('creates a municipality with its first admin, and keeps each user to their municipalities', async () => {
    const org = join(import.meta.dirname, '..', '..', 'fixtures', 'lovisa-2023', 'org.csv');
    const refused = await utfallAs('root', 'municipality', 'create', 'borga', '--name', 'Borgå');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('Only an installation administrator may do this.');
    const made = await utfall(
      'municipality',
      'create',
      'borga',
      '--name',
      'Borgå',
      '--admin',
      'bo',
    );
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain('Created the municipality borga (Borgå).');
    const password = /Password: (\S+)/.exec(made.out)?.[1];
    expect((await login(store.db, 'bo', password!, '10.2.0.2')).ok).toBe(true);
    expect((await utfall('-m', 'borga', 'import', 'org', org, '--year', '2023')).code).toBe(0);

    // Borgå's admin reads Borgå (their only municipality, without --municipality too)…
    const own = await utfallAs('bo', 'units');
    expect(own.code, own.err).toBe(0);
    expect(own.out).toContain('STK-ICT');
    expect((await utfallAs('bo', 'municipality', 'list')).out).toBe('borga\tBorgå\t2023\n');
    // …and a user of another municipality cannot, as if it did not exist.
    for (const args of [
      ['-m', 'borga', 'units'],
      ['-m', 'borga', 'imports'],
      ['-m', 'borga', 'audit'],
    ]) {
      const other = await utfallAs('root', ...args);
      expect(other.code, args.join(' ')).not.toBe(0);
      // Named with the municipalities root may choose instead: Borgå is not one of them.
      expect(other.err).toContain(
        'There is no municipality borga; choose one of default (see utfall municipality list).',
      );
    }
    // Borgå's admin manages Borgå's users only.
    expect((await utfallAs('bo', 'user', 'list')).out).toBe('bo\tadmin\tbo\tborga:admin\n');
    const theirs = await utfallAs('bo', 'user', 'set', 'anna', '--role', 'reader');
    expect(theirs.err).toContain('There is no user anna.');
    const added = await utfallAs('bo', 'user', 'add', 'britt', '--role', 'finance');
    expect(added.code, added.err).toBe(0);
    expect((await utfall('user', 'list')).out).toContain('britt\tfinance\tbritt\tborga:finance\n');
    // Loading the demo rewrites Lovisa's figures: not for a municipality's admin.
    const demo = await utfallAs('bo', 'demo');
    expect(demo.code).not.toBe(0);
  });
});
