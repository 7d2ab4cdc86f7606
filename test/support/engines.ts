/**
 * Database tests run on every engine: embedded PGlite (in memory) and the PostgreSQL server
 * (DATABASE_TEST_URL, default the local test database), each test file in a schema of its own.
 * UTFALL_ENGINES=pglite (or postgres, or pglite,postgres) runs only those; unset or empty, both.
 */
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/db/open.js';

export const POSTGRES_TEST_URL =
  process.env.DATABASE_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface EngineUnderTest {
  name: 'pglite' | 'postgres';
  open(): Promise<Store>;
}

let counter = 0;

const ALL_ENGINES: EngineUnderTest[] = [
  { name: 'pglite', open: () => openStore({ dataDir: 'memory' }) },
  {
    name: 'postgres',
    async open() {
      counter += 1;
      const schema = `utfall_test_${process.pid}_${Date.now()}_${counter}`;
      const store = await openStore({ url: POSTGRES_TEST_URL, schema });
      return {
        ...store,
        async close() {
          await sql.raw(`drop schema if exists ${schema} cascade`).execute(store.db);
          await store.close();
        },
      };
    },
  },
];

/** The engines named by UTFALL_ENGINES (comma-separated), all when unset; unknown names throw. */
export function selectEngines(
  names: string | undefined = process.env.UTFALL_ENGINES,
): EngineUnderTest[] {
  const wanted = (names ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (wanted.length === 0) return ALL_ENGINES;
  const valid = ALL_ENGINES.map((engine) => engine.name);
  const unknown = wanted.filter((name) => !valid.some((v) => v === name));
  if (unknown.length > 0) {
    throw new Error(
      `UTFALL_ENGINES names unknown engine(s) ${unknown.map((n) => `"${n}"`).join(', ')}; valid: ${valid.join(', ')}`,
    );
  }
  return ALL_ENGINES.filter((engine) => wanted.includes(engine.name));
}

export const ENGINES: EngineUnderTest[] = selectEngines();
