/**
 * Hardening on both engines: the idle timeout of sessions and no-store on the API's answers;
 * well-formed 4xx instead of 500 for NUL characters, unknown paths, wrong methods, preflights,
 * an opaque Origin and too many upload parts; and a connection closed after an early 413.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { buildServer } from '../../src/server/app.js';
import { addUser, SESSION_IDLE_MINUTES, SESSION_TOUCH_MS } from '../../src/service/users.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';

const PASSWORD = 'hardening-password-2023';
const MINUTE = 60 * 1000;

describe.each(ENGINES)('hardening on $name', (engine) => {
  let store: Store;
  let app: FastifyInstance;
  let admin: { cookie: string; csrf: string };

  beforeAll(async () => {
    store = await engine.open();
    await addUser(store.db, {
      username: 'admin',
      displayName: 'Admin',
      role: 'admin',
      password: PASSWORD,
    });
    app = await buildServer({ store, webRoot: null });
    admin = session(await login());
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  function login(address = '10.3.0.1') {
    return app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password: PASSWORD },
      remoteAddress: address,
    });
  }

  function session(response: LightMyRequestResponse): { cookie: string; csrf: string } {
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'utfall_session')!;
    return {
      cookie: `${cookie.name}=${cookie.value}`,
      csrf: response.json<{ csrfToken: string }>().csrfToken,
    };
  }

  /** Moves the last use of every session back by `ms`, as if no request had come since. */
  async function idle(ms: number): Promise<Date> {
    const at = new Date(Date.now() - ms);
    await store.db.updateTable('user_session').set({ last_seen_at: at }).execute();
    return at;
  }

  async function lastSeen(): Promise<Date[]> {
    const rows = await store.db.selectFrom('user_session').select('last_seen_at').execute();
    return rows.map((row) => new Date(row.last_seen_at));
  }

  describe('sessions', () => {
    it(`end after ${SESSION_IDLE_MINUTES} minutes without a request; a request refreshes the last use at most once a minute`, async () => {
      const mine = session(await login('10.3.0.2'));
      const me = () => app.inject({ url: '/api/session', headers: { cookie: mine.cookie } });

      // Within a minute of the last use nothing is written…
      const recent = await idle(SESSION_TOUCH_MS / 2);
      expect((await me()).statusCode).toBe(200);
      expect((await lastSeen()).every((at) => at.getTime() === recent.getTime())).toBe(true);
      // …after it, the use is stored, and the session lives on past the idle time of before.
      await idle(SESSION_IDLE_MINUTES * MINUTE - MINUTE);
      const before = Date.now();
      expect((await me()).statusCode).toBe(200);
      const seen = await lastSeen();
      expect(seen.some((at) => at.getTime() >= before - 1000)).toBe(true);

      const sessions = seen.length;
      await idle(SESSION_IDLE_MINUTES * MINUTE + MINUTE);
      const after = await me();
      expect(after.statusCode).toBe(401);
      expect(after.json()).toMatchObject({ error: 'unauthenticated' });
      // The idle session is gone from the database (the admin's, idle too, until it is asked).
      expect(await lastSeen()).toHaveLength(sessions - 1);
      admin = session(await login());
    });

    it('answers every /api request with Cache-Control: no-store, the session’s CSRF token included', async () => {
      const fresh = await login('10.3.0.3');
      expect(fresh.headers['cache-control']).toBe('no-store');
      admin = session(fresh);
      for (const url of ['/api/session', '/api/meta', '/api/users', '/api/nothing-here']) {
        const response = await app.inject({ url, headers: { cookie: admin.cookie } });
        expect(response.headers['cache-control'], url).toBe('no-store');
      }
      const refused = await app.inject({ url: '/api/session' });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['cache-control']).toBe('no-store');
    });
  });

  describe('well-formed 4xx', () => {
    it('refuses a NUL character with 400 in the login name, audit filters, the report’s unit and the municipality', async () => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'ad\u0000min', password: PASSWORD },
        remoteAddress: '10.3.0.4',
      });
      const headers = { cookie: admin.cookie };
      const answers = [
        login,
        await app.inject({ url: '/api/m/default/audit?actor=a%00b', headers }),
        await app.inject({ url: '/api/m/default/audit?unit=%00', headers }),
        await app.inject({ url: '/api/m/default/2023/report?unit=STK%00&format=json', headers }),
        await app.inject({ url: '/api/m/lo%00visa/2023/overview', headers }),
        await app.inject({ url: '/api/m/lo%00visa/audit', headers }),
      ];
      for (const answer of answers) {
        expect(answer.statusCode, answer.body).toBe(400);
        expect(answer.json()).toMatchObject({ error: 'request.nul' });
      }
    });

    it('answers an unknown /api path with 404 and a wrong method with 405 and Allow', async () => {
      const unknown = await app.inject({
        url: '/api/no/such/thing',
        headers: { cookie: admin.cookie },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: 'route.unknown' });
      expect((await app.inject({ method: 'POST', url: '/api/nothing' })).statusCode).toBe(404);

      const wrong = await app.inject({
        method: 'PUT',
        url: '/api/session',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'accept-language': 'sv' },
      });
      expect(wrong.statusCode).toBe(405);
      expect(wrong.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS, POST');
      const refusal = wrong.json<{ error: string; message: string }>();
      expect(refusal.error).toBe('route.method');
      expect(refusal.message).toContain('PUT');
      const withParams = await app.inject({ method: 'DELETE', url: '/api/m/lovisa/audit' });
      expect(withParams.statusCode).toBe(405);
      expect(withParams.headers.allow).toBe('GET, HEAD, OPTIONS');
    });

    it('answers an OPTIONS preflight with 204 and Allow, granting no other origin', async () => {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/session',
        headers: {
          origin: 'https://elsewhere.example',
          'access-control-request-method': 'POST',
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS, POST');
      expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual(
        [],
      );
      const unknown = await app.inject({ method: 'OPTIONS', url: '/api/nothing' });
      expect(unknown.statusCode).toBe(404);
    });

    it('refuses a login with Origin: null with 403', async () => {
      for (const origin of ['null', 'not a url']) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { username: 'admin', password: PASSWORD },
          headers: { origin, host: 'localhost:3000' },
          remoteAddress: '10.3.0.5',
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ error: 'csrf' });
      }
    });

    it('says an upload has too many parts, not that it is over the size limit', async () => {
      const fields = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'x']));
      const body = multipart({ name: 'budget.csv', bytes: 'a;b\n1;2\n' }, fields);
      const response = await app.inject({
        method: 'POST',
        url: '/api/m/default/imports/budget/preview',
        payload: body.payload,
        headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      expect(response.statusCode).toBe(413);
      const refusal = response.json<{ error: string; message: string }>();
      expect(refusal.error).toBe('tooManyParts');
      expect(refusal.message).toMatch(/20/);
      expect(refusal.message).not.toMatch(/MB/);
      expect(response.headers.connection).toBe('close');
    });
  });

  it('closes the connection after an upload refused early with 413, so the next request on the socket does not hang', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    try {
      let received = '';
      const ended = new Promise<void>((resolve, reject) => {
        socket.on('data', (chunk) => (received += chunk.toString('latin1')));
        // The server's end of the connection: it answers, then closes its side.
        socket.on('end', () => resolve());
        socket.on('error', reject);
        setTimeout(() => reject(new Error(`the socket hangs; got ${received}`)), 5_000).unref();
      });
      // Headers promising 1 MB and too many fields: refused before the rest of the body comes,
      // which never does; then the next request on the same keep-alive socket.
      const boundary = 'utfallboundary';
      const fields = Array.from(
        { length: 25 },
        (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`,
      ).join('');
      socket.write(
        `POST /api/m/default/imports/budget/preview HTTP/1.1\r\nHost: localhost\r\n` +
          `Cookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrf}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
          `Content-Length: ${1024 * 1024}\r\nConnection: keep-alive\r\n\r\n${fields}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await ended;
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
      expect(received.toLowerCase()).toContain('connection: close');
      expect(received).toContain('"error":"tooManyParts"');
    } finally {
      socket.destroy();
    }
  });
});
