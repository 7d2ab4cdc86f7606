/**
 * A machine without a PostgreSQL server (issue 14): Vitest run on one small database test file
 * with DATABASE_TEST_URL at a closed port passes, runs the PGlite half and says which file's
 * PostgreSQL half it skipped and why; with UTFALL_REQUIRE_POSTGRES=1, as CI sets it, the same
 * run fails before any test, saying why. The child runs test/setup/engines.test.ts only, never
 * this file.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const FILE = 'test/setup/engines.test.ts';
const CLOSED = 'postgres://postgres@127.0.0.1:1/test';

/** This process's environment without what Vitest and the engine choice put into it. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key.startsWith('UTFALL_') || key === 'NODE_ENV') continue;
    if (key === 'DATABASE_TEST_URL') continue;
    env[key] = value;
  }
  return env;
}

function runVitest(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', FILE], {
      cwd: root,
      env: { ...cleanEnv(), NO_COLOR: '1', DATABASE_TEST_URL: CLOSED, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: stripVTControlCharacters(output) }));
  });
}

describe('npm test without a PostgreSQL server', () => {
  it('passes on PGlite and names the file whose PostgreSQL half it skipped, and why', async () => {
    const run = await runVitest({});
    expect(run.output).toContain(
      'PostgreSQL at postgres://postgres@127.0.0.1:1/test is not reachable (connect ECONNREFUSED 127.0.0.1:1):\n' +
        'the PostgreSQL half of 1 database test file was skipped (the PGlite half ran):\n' +
        `  ${FILE}\n`,
    );
    expect(run.output).toMatch(/Tests +\d+ passed \| 1 skipped/);
    expect(run.output).not.toContain('failed');
    expect(run.code).toBe(0);
  });

  it('fails at once with UTFALL_REQUIRE_POSTGRES=1, as on CI, saying why', async () => {
    const run = await runVitest({ UTFALL_REQUIRE_POSTGRES: '1' });
    expect(run.output).toContain(
      'PostgreSQL at postgres://postgres@127.0.0.1:1/test is not reachable (connect ECONNREFUSED 127.0.0.1:1), ' +
        'and UTFALL_REQUIRE_POSTGRES=1 (as CI sets it) makes the PostgreSQL tests required: the run stops here.',
    );
    expect(run.output).not.toContain('passed');
    expect(run.code).toBe(1);
  });
});
