/**
 * `npm run build` (scripts/build.mjs, issue 14) builds only what changed: the script runs on a
 * copy of its own in a small tree whose tsc and vite are stand-ins that record each call and
 * write the step's output. A fresh tree builds every step, a second run none; a change under
 * src/ rebuilds the server, one under src/domain or web/ the web application and its renderer;
 * a missing output is built again; a failed step is built again next time; --force builds all.
 * And bin/utfall.js without a build says how to make one.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let tree: string;

/** A stand-in for a build tool: records its arguments, fails when FAIL is there, writes OUTPUT. */
function standIn(output: string): string {
  return `import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
const args = process.argv.slice(2);
appendFileSync('calls.log', args.join(' ') + '\\n');
if (existsSync('FAIL')) process.exit(2);
const output = ${output};
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, 'built');
`;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

/** Runs the build; its one line, exit code, and which steps the stand-ins saw. */
function build(...args: string[]): { code: number | null; line: string; steps: string[] } {
  rmSync(join(tree, 'calls.log'), { force: true });
  const run = spawnSync(process.execPath, [join(tree, 'scripts', 'build.mjs'), ...args], {
    cwd: tree,
    encoding: 'utf8',
  });
  let calls = '';
  try {
    calls = readFileSync(join(tree, 'calls.log'), 'utf8');
  } catch {
    // No step ran.
  }
  const steps = calls
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((call) =>
      call.startsWith('-p') ? 'server' : call.includes('--ssr') ? 'web renderer' : 'web',
    );
  return { code: run.status, line: run.stderr.trim().replace(/\d+\.\d s/, 'N s'), steps };
}

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'utfall-build-'));
  cpSync(join(root, 'scripts', 'build.mjs'), join(tree, 'scripts', 'build.mjs'));
  write('package.json', '{"name":"utfall","version":"0.0.0"}');
  write('package-lock.json', '{}');
  write('tsconfig.json', '{}');
  write('tsconfig.build.json', '{}');
  write('src/domain/money.ts', 'export const cents = 1;');
  write('src/api/pages.ts', 'export {};');
  write('src/service/report.ts', 'export {};');
  write('web/src/app.tsx', 'export {};');
  write('node_modules/typescript/bin/tsc', standIn("'dist/cli/main.js'"));
  write(
    'node_modules/vite/bin/vite.js',
    standIn("args.includes('--ssr') ? 'dist/web-server/entry-server.js' : 'dist/web/index.html'"),
  );
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe('the build', () => {
  it('builds every step in a fresh tree, and none when nothing changed', () => {
    expect(build()).toEqual({
      code: 0,
      line: 'build: built server, web, web renderer in N s',
      steps: ['server', 'web', 'web renderer'],
    });
    expect(build()).toEqual({ code: 0, line: 'build: up to date (N s)', steps: [] });
  });

  it('rebuilds the steps whose inputs changed', () => {
    write('src/service/report.ts', 'export const changed = true;');
    expect(build()).toEqual({
      code: 0,
      line: 'build: built server in N s (web, web renderer up to date)',
      steps: ['server'],
    });
    write('web/src/app.tsx', 'export const changed = true;');
    expect(build().steps).toEqual(['web', 'web renderer']);
    write('src/domain/money.ts', 'export const cents = 100;');
    expect(build().steps).toEqual(['server', 'web', 'web renderer']);
    write('src/api/new-schema.ts', 'export {};');
    expect(build().steps).toEqual(['server', 'web', 'web renderer']);
    write('package-lock.json', '{"lockfileVersion":3}');
    expect(build().steps).toEqual(['server', 'web', 'web renderer']);
    expect(build().steps).toEqual([]);
  });

  it('builds a missing output again', () => {
    rmSync(join(tree, 'dist', 'web'), { recursive: true });
    expect(build().steps).toEqual(['web']);
  });

  it('stops at a failed step and builds it again next time', () => {
    write('src/service/report.ts', 'export const broken = true;');
    write('web/src/app.tsx', 'export const broken = true;');
    write('FAIL', '');
    const failed = build();
    expect(failed.code).toBe(2);
    expect(failed.steps).toEqual(['server']);
    expect(failed.line).toBe('build: server failed; nothing after it was built');
    rmSync(join(tree, 'FAIL'));
    expect(build().steps).toEqual(['server', 'web', 'web renderer']);
  });

  it('builds everything with --force', () => {
    expect(build('--force').steps).toEqual(['server', 'web', 'web renderer']);
  });
});

describe('bin/utfall.js without a build', () => {
  it('says to build instead of failing on a missing module', () => {
    cpSync(join(root, 'bin', 'utfall.js'), join(tree, 'bin', 'utfall.js'));
    write('package.json', '{"name":"utfall","version":"0.0.0","type":"module"}');
    rmSync(join(tree, 'dist'), { recursive: true, force: true });
    const run = spawnSync(process.execPath, [join(tree, 'bin', 'utfall.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe(
      'Utfall is not built: run `npm run build` first (npm install does it).\n',
    );
    expect(run.status).toBe(1);
  });
});
