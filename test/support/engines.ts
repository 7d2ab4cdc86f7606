/**
 * Database tests run on every engine: embedded PGlite (in memory) and the PostgreSQL server
 * (DATABASE_TEST_URL, default the local test database), each test file in a schema of its own.
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

export const ENGINES: EngineUnderTest[] = [
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
