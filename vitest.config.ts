import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two workers on the two cores CI has: the suite's files are isolated (PGlite in memory, a
    // PostgreSQL schema each, servers on free ports), and most wait on a database or Chromium.
    maxWorkers: 2,
    // Asks the PostgreSQL server once: without one its half of the database tests is skipped
    // and named after the summary, or the run fails when UTFALL_REQUIRE_POSTGRES=1 (CI).
    globalSetup: ['test/support/postgres-setup.ts'],
    reporters: ['default', './test/support/postgres-notice.ts'],
  },
});
