/**
 * The upload bomb through the API, against `utfall serve` run as a child process from the build
 * (bin/utfall.js) on a fresh embedded database holding the demo (`utfall start --no-serve`):
 * workbooks that inflate to 320 MB are refused by the preview with their reason, the server's
 * resident memory (read from /proc) stays under 300 MB at its peak, no upload file is left in
 * the child's own TMPDIR and /api/health is answered promptly while the bombs are processed.
 * The bomb is deflated here at run time while the server starts, never stored.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_LIMITS } from '../../src/import/zip.js';
import { bomb, frame, SHEET_HEAD, SHEET_TAIL, zip, type Part } from '../import/zip-writer.js';
import { multipart } from './multipart.js';

const root = join(import.meta.dirname, '..', '..');
const PEAK_LIMIT_MB = 300;
const SHEET_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1" t="inlineStr"><is><t>account</t></is></c>' +
  '<c r="C1" t="inlineStr"><is><t>unit</t></is></c><c r="D1" t="inlineStr"><is><t>amount</t></is></c></row>';

let work: string;
let childTmp: string;
let child: ChildProcessWithoutNullStreams;
let address: string;
let headers: Record<string, string>;
let sheet: Part;

/** VmRSS and VmHWM (the peak) of a process, in MB, from /proc/<pid>/status. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) / 1024;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

const leftovers = () => readdirSync(childTmp).filter((name) => name.startsWith('utfall-upload-'));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'utfall-upload-bomb-'));
  childTmp = mkdtempSync(join(tmpdir(), 'utfall-upload-bomb-tmp-'));
  const env = {
    ...process.env,
    UTFALL_DATA: join(work, 'data'),
    DATABASE_URL: '',
    UTFALL_LANG: 'en',
    TMPDIR: childTmp,
  };
  // As the bin's shebang runs it: a small young generation.
  const node = [process.execPath, '--max-semi-space-size=2', join(root, 'bin', 'utfall.js')];
  // The demo and its users are loaded by `start` in a process of its own, so that the server's
  // peak (VmHWM) is its own: loading the demo takes more than the bombs may.
  const started = spawnSync(node[0]!, [...node.slice(1), 'start', '--no-serve'], {
    env,
    encoding: 'utf8',
  });
  expect(started.status, started.stderr).toBe(0);
  child = spawn(node[0]!, [...node.slice(1), 'serve', '--port', '0', '--no-log'], { env });
  child.stdout.resume();
  const deflating = bomb(
    'xl/worksheets/sheet1.xml',
    SHEET_HEAD + SHEET_ROWS,
    XLSX_LIMITS.totalBytes / 2 ** 20 + 64,
    SHEET_TAIL,
  );
  address = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /(http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  sheet = await deflating;
  const login = await fetch(`${address}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'finance', password: 'demo-finance-2023' }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('utfall_session='))!;
  headers = {
    cookie: cookie.split(';')[0]!,
    'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
    'accept-language': 'en',
  };
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exit = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exit;
  }
  rmSync(work, { recursive: true, force: true });
  rmSync(childTmp, { recursive: true, force: true });
});

/**
 * Previews `parts` as an actuals workbook while /api/health is asked every 50 ms and the
 * child's memory read every 20 ms; returns the answer, the health latencies and the peak RSS.
 */
async function previewWhileWatched(name: string, parts: Part[]) {
  const path = join(work, name);
  zip(path, parts);
  const body = multipart({ path }, { year: '2023' });
  let busy = true;
  let sampledPeak = memoryOf(child.pid!).rss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, memoryOf(child.pid!).rss);
  }, 20);
  const latencies: number[] = [];
  const health = (async () => {
    while (busy) {
      const started = performance.now();
      const answer = await fetch(`${address}/api/health`, { signal: AbortSignal.timeout(5000) });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const response = await fetch(`${address}/api/m/lovisa/imports/actuals/preview`, {
    method: 'POST',
    headers: { ...headers, ...body.headers },
    body: body.payload,
  });
  const answer = (await response.json()) as {
    ok?: boolean;
    written?: boolean;
    problems?: { code: string; message: string; params?: { reason?: string } }[];
  };
  const seconds = (performance.now() - started) / 1000;
  busy = false;
  await health;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, memoryOf(child.pid!).rss);
  return {
    status: response.status,
    answer,
    seconds,
    latencies,
    sampledPeak,
    wire: body.payload.length,
  };
}

describe('an upload bomb through the API', () => {
  it('refuses a sheet declared beyond 256 MB and one that inflates far beyond its declared size, in bounded memory, answering meanwhile', async () => {
    const before = memoryOf(child.pid!);
    // A sound, ordinary server: tens of MB, never zero.
    expect(before.hwm).toBeGreaterThan(30);
    expect(before.rss).toBeGreaterThan(30);

    const declared = await previewWhileWatched('declared.xlsx', [...frame(), sheet]);
    const lying = await previewWhileWatched('lying.xlsx', [
      ...frame(),
      { ...sheet, declared: 4096 },
    ]);
    const after = memoryOf(child.pid!);
    console.log(
      `upload bomb: ${(sheet.size / 2 ** 20).toFixed(0)} MB of XML in ${(declared.wire / 2 ** 10).toFixed(0)} kB; ` +
        `RSS ${before.rss.toFixed(0)} MB, VmHWM ${before.hwm.toFixed(0)} MB before, ${after.hwm.toFixed(0)} MB after ` +
        `(sampled RSS peak ${Math.max(declared.sampledPeak, lying.sampledPeak).toFixed(0)} MB); ` +
        `answered in ${declared.seconds.toFixed(2)} s and ${lying.seconds.toFixed(2)} s; ` +
        `health ${[...declared.latencies, ...lying.latencies].map((ms) => ms.toFixed(0)).join(', ')} ms`,
    );

    // A preview answers 200 with the problems; nothing is written.
    expect(declared.status).toBe(200);
    expect(declared.answer.ok).toBe(false);
    expect(declared.answer.written).toBe(false);
    expect(declared.answer.problems?.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', 'xl/worksheets/sheet1.xml expands beyond 256 MB'],
    ]);
    expect(declared.answer.problems?.[0]?.message).toContain('256 MB');

    expect(lying.status).toBe(200);
    expect(lying.answer.ok).toBe(false);
    expect(lying.answer.written).toBe(false);
    expect(lying.answer.problems?.map((p) => p.code)).toEqual(['file.damaged']);
    expect(lying.answer.problems?.[0]?.params?.reason).toMatch(/size mismatch/);

    // Resident memory while the bombs are handled (read every 20 ms) stays under the limit, and
    // the kernel's peak (VmHWM, which also catches what falls between two readings) grows by
    // little: the server's own start-up peak (PGlite's, ~270 MB here) is not the upload's.
    expect(Math.max(declared.sampledPeak, lying.sampledPeak)).toBeLessThan(PEAK_LIMIT_MB);
    expect(after.hwm).toBeGreaterThanOrEqual(before.hwm);
    expect(after.hwm - before.hwm).toBeLessThan(100);
    // And the bombs themselves add little to what the idle server holds.
    expect(Math.max(declared.sampledPeak, lying.sampledPeak) - before.rss).toBeLessThan(100);

    for (const run of [declared, lying]) {
      expect(run.seconds).toBeLessThan(10);
      expect(run.latencies.length).toBeGreaterThan(0);
      expect(Math.max(...run.latencies)).toBeLessThan(1000);
    }
    expect(leftovers()).toEqual([]);

    // The server is still sound after the bombs.
    const health = await fetch(`${address}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('stops cleanly on SIGTERM afterwards, leaving no upload behind', async () => {
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(leftovers()).toEqual([]);
  });
});
