/**
 * Vitest's global setup: asks the PostgreSQL server of the database tests once, before any test
 * file starts, and tells the files whether their PostgreSQL variants run (engines.ts). A server
 * that does not answer skips them (postgres-notice.ts says which at the end), or, when
 * UTFALL_REQUIRE_POSTGRES=1 or UTFALL_ENGINES names postgres, fails the run here at once.
 */
import type { TestProject } from 'vitest/node';
import {
  engineNames,
  POSTGRES_TEST_URL,
  postgresRequired,
  probePostgres,
  REQUIRE_POSTGRES,
  unreachableReason,
  type EngineName,
} from './postgres.js';

/**
 * Ends the run before any file starts. Thrown from here, the error would follow Vitest's "No
 * test files found", which is not what happened.
 */
function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

export default async function setup(project: TestProject): Promise<void> {
  let engines: EngineName[] = [];
  try {
    engines = engineNames();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const required = postgresRequired();
  if (required && !engines.includes('postgres')) {
    fail(
      `${REQUIRE_POSTGRES}=1 asks for the PostgreSQL tests, but UTFALL_ENGINES=${process.env.UTFALL_ENGINES} leaves them out.`,
    );
  }
  let unreachable: string | null = null;
  if (engines.includes('postgres')) {
    const problem = await probePostgres(POSTGRES_TEST_URL);
    if (problem !== null) unreachable = unreachableReason(POSTGRES_TEST_URL, problem);
  }
  if (unreachable !== null && required) {
    const why =
      process.env[REQUIRE_POSTGRES] === '1'
        ? `${REQUIRE_POSTGRES}=1 (as CI sets it)`
        : `UTFALL_ENGINES=${process.env.UTFALL_ENGINES}`;
    fail(
      `${unreachable}, and ${why} makes the PostgreSQL tests required: the run stops here.\nStart the server, or set DATABASE_TEST_URL to one that answers.`,
    );
  }
  project.provide('postgresUnreachable', unreachable);
}
