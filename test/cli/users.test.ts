/**
 * `utfall user add`, `list` and `set` on a PostgreSQL schema of their own (the embedded engine
 * would need a data folder's first start, seven seconds, for the same).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { login } from '../../src/service/users.js';
import { runCli } from '../support/cli.js';
import { POSTGRES_TEST_URL } from '../support/engines.js';

const schema = `utfall_cli_users_${process.pid}_${Date.now()}`;
let store: Store;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);

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

describe('utfall user', () => {
  it('adds a user with a generated password that logs in', async () => {
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
        'anna\teditor\tAnna Andersson\tSTK-EKP,STK-ICT',
        'root\tadmin\troot',
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
      'anna\teditor\tAnna Andersson\tSTK-EKP,STK-ICT\t-',
    );
  });
});
