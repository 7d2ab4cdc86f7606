/**
 * The engines the database tests run on (test/support/engines.ts and postgres.ts): what
 * UTFALL_ENGINES selects, when PostgreSQL is required, the probe of the server, and a store on
 * each engine — migrated, and on PostgreSQL in a schema of its own that closing drops. Small on
 * purpose: test/setup/no-postgres.test.ts runs this file against a server that is not there.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import {
  engineNames,
  postgresRequired,
  probePostgres,
  shownUrl,
  unreachableReason,
} from '../support/postgres.js';

describe('the engines of a run', () => {
  it('are those UTFALL_ENGINES names, both when it is unset or empty; an unknown name throws', () => {
    expect(engineNames(undefined)).toEqual(['pglite', 'postgres']);
    expect(engineNames('')).toEqual(['pglite', 'postgres']);
    expect(engineNames(' postgres , ')).toEqual(['postgres']);
    expect(engineNames('postgres,pglite')).toEqual(['pglite', 'postgres']);
    expect(() => engineNames('pglite,mysql')).toThrow(
      'UTFALL_ENGINES names unknown engine(s) "mysql"; valid: pglite, postgres',
    );
  });

  it('require PostgreSQL when UTFALL_REQUIRE_POSTGRES=1 or UTFALL_ENGINES names it', () => {
    expect(postgresRequired({})).toBe(false);
    expect(postgresRequired({ UTFALL_ENGINES: 'pglite' })).toBe(false);
    expect(postgresRequired({ UTFALL_REQUIRE_POSTGRES: '0' })).toBe(false);
    expect(postgresRequired({ UTFALL_REQUIRE_POSTGRES: '1' })).toBe(true);
    expect(postgresRequired({ UTFALL_ENGINES: 'pglite, postgres' })).toBe(true);
  });

  it('name an unreachable server by its URL without the password, and why', async () => {
    const url = 'postgres://postgres:secret@127.0.0.1:1/test';
    expect(shownUrl(url)).toBe('postgres://postgres:***@127.0.0.1:1/test');
    const problem = await probePostgres(url, 2_000);
    expect(problem).toContain('ECONNREFUSED');
    expect(unreachableReason(url, problem!)).toBe(
      `PostgreSQL at postgres://postgres:***@127.0.0.1:1/test is not reachable (${problem})`,
    );
  });
});

describe.each(ENGINES)('a store on $name', (engine) => {
  it('is migrated; on PostgreSQL in a schema of its own that closing drops', async () => {
    const store = await engine.open();
    let schema: string;
    try {
      const { rows } = await sql<{
        migrations: number;
        schema: string;
      }>`select count(*)::int as migrations, current_schema() as schema from kysely_migration`.execute(
        store.db,
      );
      expect(rows[0]!.migrations).toBe(Object.keys(MIGRATIONS).length);
      schema = rows[0]!.schema;
    } finally {
      await store.close();
    }
    if (engine.name !== 'postgres') return;
    expect(schema).toMatch(/^utfall_test_\d+_\d+_\d+$/);
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      const left = await client.query(
        'select count(*)::int as n from information_schema.schemata where schema_name = $1',
        [schema],
      );
      expect(left.rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});
