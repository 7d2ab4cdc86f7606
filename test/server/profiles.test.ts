/**
 * The budget profile routes and the `profile` field of a budget upload, on the embedded engine:
 * everyone reads the year's profiles, finance sets and removes them (a reader is refused), bad
 * weights and a line that has a profile already are refused with the service's errors, and an
 * upload spreads a year budget by the profile it names. The OpenAPI document has the routes.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafMonths } from '../../src/db/figures.js';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { buildServer } from '../../src/server/app.js';
import { runImport } from '../../src/service/imports.js';
import { addUser } from '../../src/service/users.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';

const M = 'profiler';
const Y = 2023;
const HOLIDAY_PAY = [8, 8, 8, 8, 8, 12, 12, 4, 8, 8, 8, 8];
const folder = mkdtempSync(join(tmpdir(), 'utfall-profile-api-'));

describe('budget profiles over the API', () => {
  let store: Store;
  let app: FastifyInstance;
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  const as = (who: 'finance' | 'reader', request: InjectOptions) => {
    const session = sessions.get(who)!;
    return app.inject({
      ...request,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        'accept-language': 'en',
        ...request.headers,
      },
    });
  };

  beforeAll(async () => {
    store = await ENGINES[0]!.open();
    const org = join(folder, 'org.csv');
    writeFileSync(org, 'code,parent,name_sv\nCITY,,Staden\nA,CITY,Enhet A\n');
    const outcome = await runImport(
      store.db,
      { kind: 'org', file: org, municipalityId: M, year: Y },
      systemActor('test'),
    );
    expect(outcome.ok).toBe(true);
    app = await buildServer({ store, webRoot: null });
    for (const role of ['finance', 'reader'] as const) {
      const password = `${role}-password-2023`;
      await addUser(store.db, {
        username: role,
        displayName: role,
        password,
        memberships: { [M]: { role, units: [] } },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: role, password },
      });
      const cookie = login.cookies.find((c) => c.name === 'utfall_session')!;
      sessions.set(role, {
        cookie: `${cookie.name}=${cookie.value}`,
        csrf: login.json<{ csrfToken: string }>().csrfToken,
      });
    }
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads, sets and removes profiles by the rules, with the service’s refusals', async () => {
    const url = `/api/m/${M}/${Y}/profiles`;
    const put = (who: 'finance' | 'reader', payload: unknown) =>
      as(who, { method: 'PUT', url, payload: payload as Record<string, unknown> });
    expect((await put('reader', { name: 'x', weights: HOLIDAY_PAY })).statusCode).toBe(403);
    const saved = await put('finance', {
      name: 'holiday-pay',
      weights: HOLIDAY_PAY,
      line: 'personnel',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      name: 'holiday-pay',
      line: 'personnel',
      weights: HOLIDAY_PAY,
      updatedBy: 'finance',
    });

    const bad = await put('finance', { name: 'x', weights: [1, 2, 3] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'profile.weights' });
    expect(bad.json<{ message: string }>().message).toContain('twelve weights');
    const taken = await put('finance', { name: 'other', weights: HOLIDAY_PAY, line: 'personnel' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<{ message: string }>().message).toContain('holiday-pay');

    const list = await as('reader', { url });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      year: Y,
      builtIn: ['even', 'previous-year'],
      profiles: [{ name: 'holiday-pay', line: 'personnel', weights: HOLIDAY_PAY }],
    });

    // An upload names the profile: services spread by holiday pay (to June: 52 %).
    const form = multipart(
      { name: 'budget.csv', bytes: 'unit;line;amount\nA;services;-1000\n' },
      { year: String(Y), profile: 'holiday-pay' },
    );
    const upload = await as('finance', {
      method: 'POST',
      url: `/api/m/${M}/imports/budget`,
      payload: form.payload,
      headers: form.headers,
    });
    expect(upload.statusCode).toBe(200);
    const june = (await leafMonths(store.db, M, Y, { toMonth: 6, byMonth: false })).leaves;
    expect(june.find((l) => l.unitCode === 'A')?.revisedToDate).toBe(-52000);
    const unknown = multipart(
      { name: 'budget.csv', bytes: 'unit;line;amount\nA;services;-1000\n' },
      { profile: 'nope' },
    );
    const refused = await as('finance', {
      method: 'POST',
      url: `/api/m/${M}/imports/budget/preview`,
      payload: unknown.payload,
      headers: unknown.headers,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ error: 'profile.unknown' });

    expect((await as('reader', { method: 'DELETE', url: `${url}/holiday-pay` })).statusCode).toBe(
      403,
    );
    expect((await as('finance', { method: 'DELETE', url: `${url}/holiday-pay` })).statusCode).toBe(
      204,
    );
    expect((await as('finance', { method: 'DELETE', url: `${url}/holiday-pay` })).statusCode).toBe(
      404,
    );

    const document = (await app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(Object.keys(document.paths['/api/m/{m}/{year}/profiles'] ?? {})).toEqual(['get', 'put']);
    expect(Object.keys(document.paths['/api/m/{m}/{year}/profiles/{name}'] ?? {})).toEqual([
      'delete',
    ]);
  });
});
