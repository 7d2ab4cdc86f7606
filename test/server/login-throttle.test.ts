/**
 * Login throttling on both engines: attempts are counted before the password is checked, so a
 * burst cannot check more passwords than the limit, and one person's typos do not lock out a
 * colleague behind the same address.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { buildServer } from '../../src/server/app.js';
import { addUser, THROTTLE } from '../../src/service/users.js';
import { ENGINES } from '../support/engines.js';

const PASSWORDS = { anna: 'anna-password-2023', bertil: 'bertil-password-2023' };

describe.each(ENGINES)('login throttling on $name', (engine) => {
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await engine.open();
    for (const username of ['anna', 'bertil'] as const) {
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

  function login(username: string, password: string, address: string) {
    return app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
      remoteAddress: address,
    });
  }

  it(`checks at most ${THROTTLE.failures} passwords of 100 simultaneous wrong logins, and the right one in the burst does not log in`, async () => {
    const burst = Array.from({ length: 100 }, (_, i) =>
      login('anna', `wrong-password-${i}`, `10.1.0.${i % 4}`),
    );
    burst.push(login('anna', PASSWORDS.anna, '10.1.0.9'));
    const answers = await Promise.all(burst);
    const statuses = answers.map((answer) => answer.statusCode);
    // Every 401 is a password checked and found wrong; a 429 was refused before the check.
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(THROTTLE.failures);
    expect(statuses.filter((status) => status === 429)).toHaveLength(101 - checked);
    expect(answers.at(-1)!.statusCode).toBe(429);
    expect(Number(answers.at(-1)!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('anna', PASSWORDS.anna, '10.1.0.10')).statusCode).toBe(429);
  });

  it('lets a colleague at the same address log in after another user’s typos', async () => {
    const townHall = '10.2.0.1';
    for (let i = 0; i < THROTTLE.failures; i++) {
      expect((await login('nobody-typing', `typo-${i}`, townHall)).statusCode).toBe(401);
    }
    expect((await login('nobody-typing', 'typo-again', townHall)).statusCode).toBe(429);
    expect((await login('bertil', PASSWORDS.bertil, townHall)).statusCode).toBe(200);
  });
});
