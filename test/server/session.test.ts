/**
 * Sessions on both engines: the cookie, wrong passwords, throttling, logging out, CSRF, the
 * security headers, the body limit and disabled users.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { buildServer } from '../../src/server/app.js';
import { addUser, THROTTLE } from '../../src/service/users.js';
import { ENGINES } from '../support/engines.js';

const PASSWORDS = {
  admin: 'admin-password-2023',
  carla: 'carla-password-2023',
  tina: 'tina-password-2023',
  olle: 'olle-password-2023',
};

describe.each(ENGINES)('sessions on $name', (engine) => {
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await engine.open();
    await addUser(store.db, {
      username: 'admin',
      displayName: 'Admin',
      role: 'admin',
      password: PASSWORDS.admin,
    });
    for (const username of ['carla', 'tina', 'olle'] as const) {
      await addUser(store.db, {
        username,
        displayName: username,
        role: 'reader',
        password: PASSWORDS[username],
      });
    }
    app = await buildServer({ store, webRoot: null });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  /** Logs in from an address of the caller's own, so that throttling one test spares the others. */
  function login(username: string, password: string, address = '10.0.0.1') {
    return app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
      remoteAddress: address,
    });
  }

  function session(response: LightMyRequestResponse): { cookie: string; csrf: string } {
    const cookie = response.cookies.find((c) => c.name === 'utfall_session')!;
    return {
      cookie: `${cookie.name}=${cookie.value}`,
      csrf: response.json<{ csrfToken: string }>().csrfToken,
    };
  }

  it('sets an http-only, same-site strict session cookie and gives the CSRF token', async () => {
    const response = await login('olle', PASSWORDS.olle);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ user: { username: string; role: string }; csrfToken: string }>();
    expect(body.user).toMatchObject({ username: 'olle', role: 'reader' });
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
    const cookie = response.cookies.find((c) => c.name === 'utfall_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value.length).toBeGreaterThanOrEqual(32);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);

    const me = await app.inject({
      url: '/api/session',
      headers: { cookie: session(response).cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ csrfToken: string }>().csrfToken).toBe(body.csrfToken);
  });

  it('answers a wrong password or an unknown user with 401, in the asked language', async () => {
    const wrong = await login('olle', 'not-the-password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'credentials' });
    expect(wrong.cookies).toEqual([]);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'nobody', password: 'whatever-it-is' },
      headers: { 'accept-language': 'sv-FI,sv;q=0.9' },
      remoteAddress: '10.0.0.2',
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<{ message: string }>().message).toBe('Fel användarnamn eller lösenord.');
  });

  it(`throttles after ${THROTTLE.failures} failures: 429 with Retry-After, even with the right password`, async () => {
    const address = '10.0.0.3';
    for (let i = 0; i < THROTTLE.failures; i++) {
      expect((await login('tina', `wrong-password-${i}`, address)).statusCode).toBe(401);
    }
    const throttled = await login('tina', PASSWORDS.tina, address);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ error: 'throttled' });
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(THROTTLE.windowMs / 1000);
    // The user name is throttled from anywhere; another user at the address is not.
    expect((await login('tina', PASSWORDS.tina, '10.0.0.4')).statusCode).toBe(429);
    expect((await login('olle', PASSWORDS.olle, address)).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const { cookie, csrf } = session(await login('olle', PASSWORDS.olle, '10.0.0.5'));
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'utfall_session')?.value).toBe('');
    const after = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('refuses a change without the CSRF token or with a wrong one', async () => {
    const { cookie, csrf } = session(await login('olle', PASSWORDS.olle, '10.0.0.6'));
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'forged' }]) {
      const response = await app.inject({ method: 'DELETE', url: '/api/session', headers });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: 'csrf' });
    }
    // The session survived the refused logouts.
    const me = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    const other = session(await login('carla', PASSWORDS.carla, '10.0.0.6'));
    const crossed = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': other.csrf },
    });
    expect(crossed.statusCode).toBe(403);
    const right = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(right.statusCode).toBe(204);
  });

  it('refuses a login form posted from another site', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'olle', password: PASSWORDS.olle },
      headers: { origin: 'https://evil.example', host: 'localhost:3000' },
      remoteAddress: '10.0.0.7',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'csrf' });
  });

  it('sends the security headers', async () => {
    const response = await app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses a request body over the limit with 413, translated', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: JSON.stringify({ username: 'olle', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json', 'accept-language': 'fi' },
      remoteAddress: '10.0.0.8',
    });
    expect(response.statusCode).toBe(413);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe('tooLarge');
    expect(body.message.length).toBeGreaterThan(0);
    expect(body.message).not.toMatch(/body|FST_/i);
  });

  it('stops a disabled user’s session at once, and their login', async () => {
    const admin = session(await login('admin', PASSWORDS.admin, '10.0.0.9'));
    const carla = session(await login('carla', PASSWORDS.carla, '10.0.0.9'));
    expect(
      (await app.inject({ url: '/api/meta', headers: { cookie: carla.cookie } })).statusCode,
    ).toBe(200);
    const disabled = await app.inject({
      method: 'PATCH',
      url: '/api/users/carla',
      payload: { disabled: true },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ username: 'carla', disabled: true });
    const after = await app.inject({ url: '/api/meta', headers: { cookie: carla.cookie } });
    expect(after.statusCode).toBe(401);
    expect((await login('carla', PASSWORDS.carla, '10.0.0.10')).statusCode).toBe(401);
  });
});
