/**
 * The request log of `utfall serve` (issue 14): readable lines by default — one per request,
 * `17:02:11 GET /api/health 200 3 ms`, errors with their stack — and Fastify's JSON lines with
 * `--log-format json` (or UTFALL_LOG_FORMAT=json), cookies never in them; an unknown format is
 * refused. In process on PGlite in memory, and through bin/utfall.js (the build).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { readableLine, requestLogger, type LogFormat } from '../../src/cli/request-log.js';
import { buildServer } from '../../src/server/app.js';
import { runCli } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const LINE = /^\d\d:\d\d:\d\d GET \/api\/health 200 \d+ ms$/;

describe('readable lines', () => {
  const at = new Date(2023, 4, 17, 9, 5, 7).getTime();

  it('make one line of a finished request, with its error when it failed', () => {
    const res = { statusCode: 201, method: 'POST', url: '/api/m/lovisa/imports?dry=1' };
    expect(
      readableLine(
        JSON.stringify({ level: 30, time: at, msg: 'request completed', res, responseTime: 12.6 }),
      ),
    ).toBe('09:05:07 POST /api/m/lovisa/imports?dry=1 201 13 ms');
    expect(
      readableLine(
        JSON.stringify({
          level: 50,
          time: at,
          msg: 'request errored',
          res: { ...res, statusCode: 500 },
          responseTime: 3,
          err: { message: 'socket hang up' },
        }),
      ),
    ).toBe('09:05:07 POST /api/m/lovisa/imports?dry=1 500 3 ms socket hang up');
  });

  it("leave out a request's start and Fastify's own listening line", () => {
    expect(
      readableLine(JSON.stringify({ level: 30, time: at, msg: 'incoming request' })),
    ).toBeNull();
    expect(
      readableLine(
        JSON.stringify({ level: 30, time: at, msg: 'Server listening at http://127.0.0.1:3000' }),
      ),
    ).toBeNull();
  });

  it('name warnings and errors, with the stack indented below', () => {
    expect(readableLine(JSON.stringify({ level: 40, time: at, msg: 'slow' }))).toBe(
      '09:05:07 WARN slow',
    );
    expect(
      readableLine(
        JSON.stringify({
          level: 50,
          time: at,
          msg: 'boom',
          err: { message: 'boom', stack: 'Error: boom\n    at render (web.ts:1:1)' },
        }),
      ),
    ).toBe('09:05:07 ERROR boom\n    Error: boom\n    at render (web.ts:1:1)');
    expect(readableLine('not json\n')).toBe('not json');
  });
});

describe('the request log of the server', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
  });
  afterAll(async () => {
    await store.close();
  });

  async function logOf(format: LogFormat): Promise<string> {
    let log = '';
    const app = await buildServer({
      store,
      logger: requestLogger(format, (text) => (log += text)),
      webRoot: null,
    });
    try {
      const health = await app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { cookie: 'utfall_session=secret' },
      });
      expect(health.statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/meta' })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
    return log;
  }

  it('is one readable line per request in text', async () => {
    const lines = (await logOf('text')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(LINE);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d GET \/api\/meta 401 \d+ ms$/);
  });

  it("is Fastify's JSON lines in json, without the session cookie", async () => {
    const log = await logOf('json');
    const entries = log
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { msg: string; req?: { url: string }; res?: { statusCode: number } },
      );
    expect(entries.map((e) => e.msg)).toEqual([
      'incoming request',
      'request completed',
      'incoming request',
      'request completed',
    ]);
    expect(entries[0]!.req!.url).toBe('/api/health');
    expect(entries[3]!.res).toEqual({ statusCode: 401 });
    expect(log).not.toContain('secret');
  });
});

/** `utfall serve` from the build on an in-memory database: its standard output after one request. */
async function served(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'utfall.js'), 'serve', '--port', '0', ...args],
    {
      env: { ...process.env, UTFALL_DATA: 'memory', DATABASE_URL: '', UTFALL_LANG: 'en', ...env },
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const match = /(http:\/\/\S+)/.exec(err);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    expect((await fetch(`${address}/api/health`)).status).toBe(200);
    // The line is written as the reply finishes; give the pipe a moment.
    const logged = () => LINE.test(out.trimEnd()) || out.includes('"msg":"request completed"');
    for (let i = 0; i < 100 && !logged(); i += 1) await new Promise((r) => setTimeout(r, 50));
    return out;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exit = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exit;
    }
  }
}

describe('utfall serve', () => {
  // Two embedded databases start at once, which on a busy machine takes longer than the default.
  it('logs readable lines by default and JSON lines with --log-format json', async () => {
    const [text, json] = await Promise.all([served([]), served(['--log-format', 'json'])]);
    expect(text.trimEnd().split('\n')).toEqual([expect.stringMatching(LINE)]);
    const completed = json
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; res?: { statusCode: number } })
      .find((entry) => entry.msg === 'request completed');
    expect(completed?.res).toEqual({ statusCode: 200 });
  }, 120_000);

  it('refuses an unknown log format, by option or by UTFALL_LOG_FORMAT', async () => {
    const env = { UTFALL_DATA: 'memory', DATABASE_URL: '' };
    const option = await runCli(['serve', '--log-format', 'xml'], env);
    expect(option.code).toBe(2);
    expect(option.err).toContain(
      "option '--log-format <format>' argument 'xml' is invalid. Allowed choices are text, json.",
    );
    const variable = await runCli(['serve'], { ...env, UTFALL_LOG_FORMAT: 'yaml' });
    expect(variable.code).toBe(2);
    expect(variable.err).toContain(
      "value 'yaml' from env 'UTFALL_LOG_FORMAT' is invalid. Allowed choices are text, json.",
    );
  });
});
