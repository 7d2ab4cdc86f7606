/**
 * The embedded database's data folder is opened by one process at a time (issue 12): a CLI import
 * while the server runs on the same folder is refused, naming the server, and writes nothing; the
 * same import succeeds once the server has stopped; a lock left by a process that is gone is
 * taken over, and of several processes taking one over at once exactly one wins.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'utfall.js');
const ledger = join(root, 'fixtures', 'import', 'good', 'ledger.csv');
let dataDir: string;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);
const lockFile = () => join(dataDir, 'utfall.lock');

/** Runs the built CLI as a process of its own, as a second user in another terminal would. */
function utfallProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (e, out, err) =>
      resolve({ code: e ? Number(e.code) : 0, out, err }),
    );
  });
}

/** A pid that no process has: one of a process that has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', '']);
  return run.pid;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'utfall-lock-'));
  env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
  expect((await utfall('demo')).code).toBe(0);
  const org = join(root, 'fixtures', 'import', 'good', 'org.csv');
  expect((await utfall('import', 'org', org, '--year', '2023')).code).toBe(0);
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the data folder while the server runs on it', () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('refuses a CLI import naming the server, writes nothing, and imports once it stopped', async () => {
    const figures = (await utfall('report', '--unit', 'STK', '--format', 'json')).out;
    const imports = (await utfall('imports', '--json')).out;
    expect(existsSync(lockFile())).toBe(false);

    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--no-log'], {
      env: { ...process.env, ...env },
    });
    server = child;
    const address = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const match = /(http:\/\/\S+)/.exec(err);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({
      pid: child.pid,
      hostname: hostname(),
      command: expect.stringContaining('utfall serve') as string,
    });

    const refused = await utfallProcess('import', 'actuals', ledger, '--append');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`The data folder ${dataDir} is in use by "utfall serve`);
    expect(refused.err).toContain(`(pid ${child.pid} on ${hostname()}) since 20`);
    expect(refused.err).toContain('stop that process first');
    expect(refused.err).toContain('DATABASE_URL');
    // In process too, as every command opens the store: the same refusal.
    const inProcess = await utfall('imports', '--json');
    expect(inProcess.code).toBe(2);
    expect(inProcess.err).toContain(`(pid ${child.pid} on`);
    // The server still serves, and still holds the folder.
    expect(await (await fetch(`${address}/api/health`)).json()).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: child.pid });

    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    server = undefined;
    expect(existsSync(lockFile())).toBe(false);
    // Nothing was written by the refused import.
    expect((await utfall('report', '--unit', 'STK', '--format', 'json')).out).toBe(figures);
    expect((await utfall('imports', '--json')).out).toBe(imports);

    const imported = await utfallProcess('import', 'actuals', ledger, '--append');
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const log = JSON.parse((await utfall('imports', '--json')).out) as { fileName: string }[];
    expect(log).toHaveLength((JSON.parse(imports) as unknown[]).length + 1);
    expect(log.at(-1)!.fileName).toBe(ledger);
    expect(existsSync(lockFile())).toBe(false);
  });
});

describe('a lock left behind', () => {
  it('by a process that is gone is taken over, and released after', async () => {
    const stale = {
      pid: deadPid(),
      hostname: hostname(),
      command: 'utfall import actuals killed.csv',
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    writeFileSync(lockFile(), JSON.stringify(stale));
    const run = await utfall('units', '--json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('by a live process is not', async () => {
    // The test runner's parent is alive and is not this process.
    const held = { pid: process.ppid, hostname: hostname(), command: 'x', startedAt: 'then' };
    writeFileSync(lockFile(), JSON.stringify(held));
    const run = await utfall('units', '--json');
    expect(run.code).toBe(2);
    expect(run.err).toContain(`"x" (pid ${process.ppid} on ${hostname()}) since then`);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(held);
    rmSync(lockFile());
  });

  it('by a process that is gone goes to exactly one of several takers at once', async () => {
    writeFileSync(
      lockFile(),
      JSON.stringify({ pid: deadPid(), hostname: hostname(), command: 'gone', startedAt: 'then' }),
    );
    const start = Date.now() + 700;
    const script = `
      import { lockDataFolder } from ${JSON.stringify(join(root, 'dist', 'db', 'open.js'))};
      while (Date.now() < ${start});
      try {
        const release = lockDataFolder(${JSON.stringify(dataDir)});
        console.log('won');
        setTimeout(release, 1500);
      } catch (error) {
        console.log(error.code);
      }`;
    const takers = Array.from(
      { length: 4 },
      () =>
        new Promise<string>((resolve) => {
          execFile(process.execPath, ['--input-type=module', '-e', script], (_, out) =>
            resolve(out.trim()),
          );
        }),
    );
    const outcomes = (await Promise.all(takers)).sort();
    expect(outcomes).toEqual(['data.locked', 'data.locked', 'data.locked', 'won']);
    expect(existsSync(lockFile())).toBe(false);
    expect(existsSync(`${lockFile()}.takeover`)).toBe(false);
  });
});
