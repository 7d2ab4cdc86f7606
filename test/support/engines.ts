/**
 * Database tests run on every engine: embedded PGlite (in memory) and the PostgreSQL server
 * (DATABASE_TEST_URL, default the local test database), each test file in a schema of its own.
 * UTFALL_ENGINES=pglite (or postgres, or pglite,postgres) runs only those; unset or empty, both.
 *
 * When the server does not answer (asked once per run by postgres-setup.ts), ENGINES leaves
 * PostgreSQL out and each file that imports this module carries one skipped test naming why;
 * postgres-notice.ts lists those files after the summary. UTFALL_REQUIRE_POSTGRES=1 (CI) fails
 * the run instead. Tests that open PostgreSQL themselves do so only when POSTGRES_RUNS.
 */
import { sql } from 'kysely';
import { inject, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import {
  engineNames,
  POSTGRES_TEST_URL,
  SKIPPED_ON_POSTGRES,
  type EngineName,
} from './postgres.js';

export { POSTGRES_TEST_URL };

export interface EngineUnderTest {
  name: EngineName;
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
  const wanted = engineNames(names);
  return ALL_ENGINES.filter((engine) => wanted.includes(engine.name));
}

/** Why PostgreSQL is left out of this run (the global setup's answer); null when it runs. */
export const POSTGRES_UNREACHABLE: string | null = inject('postgresUnreachable') ?? null;

export const ENGINES: EngineUnderTest[] = selectEngines().filter(
  (engine) => engine.name !== 'postgres' || POSTGRES_UNREACHABLE === null,
);

/** Whether this run's database tests include PostgreSQL. */
export const POSTGRES_RUNS = ENGINES.some((engine) => engine.name === 'postgres');

if (POSTGRES_UNREACHABLE !== null && selectEngines().some((e) => e.name === 'postgres')) {
  it.skip(`${SKIPPED_ON_POSTGRES} ${POSTGRES_UNREACHABLE}`);
}
