/**
 * Users scoped to municipalities (issue 12), on both engines: the demo's users are Lovisa's, the
 * installation administrator `root` creates Borgå and its first admin. An admin of one
 * municipality sees, creates and changes only that municipality's users; an account shared with
 * another municipality keeps its name and password the installation administrator's; only the
 * installation administrator creates municipalities and installation administrators; each
 * municipality's audit log names only its own users. On PostgreSQL, two simultaneous creations
 * of one user name give one user and a clean 409 `user.exists`, the interleaving forced by a held
 * transaction.
 */
import { sql } from 'kysely';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { buildServer } from '../../src/server/app.js';
import { actorOf } from '../../src/service/access.js';
import { auditLog } from '../../src/service/content.js';
import {
  addUser,
  changeUserAs,
  createMunicipalityAs,
  findUser,
  usersFor,
} from '../../src/service/users.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import { hold } from '../support/hold.js';
import { demoServer, type DemoServer } from './pages-support.js';

/** The built web application (npm run build), for its pages; without it, their test is skipped. */
const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
const ROOT = { username: 'root', password: 'installation-root-2023' };
const BORGA = { username: 'borga', password: 'borga-admin-2023' };

async function session(server: DemoServer, username: string, password: string) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
  });
  expect(response.statusCode, `login ${username}`).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'utfall_session')!;
  return {
    cookie: `${cookie.name}=${cookie.value}`,
    csrf: response.json<{ csrfToken: string }>().csrfToken,
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UtfallError) return error.code;
    throw error;
  }
  return 'allowed';
}

describe.each(ENGINES)('users scoped to municipalities on $name', (engine) => {
  let server: DemoServer;
  let borga: { cookie: string; csrf: string };
  const root = systemActor('root');

  beforeAll(async () => {
    server = await demoServer(engine, existsSync(webRoot) ? webRoot : null);
    await addUser(server.store.db, {
      username: ROOT.username,
      displayName: 'Installation Root',
      password: ROOT.password,
      memberships: {},
      installationAdmin: true,
    });
    const rootUser = (await findUser(server.store.db, ROOT.username))!;
    const created = await createMunicipalityAs(server.store.db, actorOf(rootUser), {
      id: 'borga',
      name: 'Borgå',
      admin: { username: BORGA.username, displayName: 'Birgitta', password: BORGA.password },
    });
    expect(created.admin?.memberships).toEqual({ borga: { role: 'admin', units: [] } });
    borga = await session(server, BORGA.username, BORGA.password);
  });
  afterAll(async () => {
    await server.close();
  });

  const asBorga = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: borga.cookie, 'x-csrf-token': borga.csrf, 'accept-language': 'en' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('lets the installation administrator create a municipality whose first admin sees only it', async () => {
    const meta = await asBorga('GET', '/api/meta');
    expect(meta.json<{ municipalities: { id: string; name: string }[] }>().municipalities).toEqual([
      { id: 'borga', name: 'Borgå', years: [] },
    ]);
    expect(Object.keys((await asBorga('GET', '/api/session')).json<{ may: object }>().may)).toEqual(
      ['borga'],
    );
    // Lovisa's admin is not the installation's: neither a municipality nor an installation admin.
    const lovisaAdmin = actorOf((await findUser(server.store.db, 'admin'))!);
    expect(
      await refusal(createMunicipalityAs(server.store.db, lovisaAdmin, { id: 'espoo', name: 'E' })),
    ).toBe('installation.adminOnly');
    const made = await server.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'sneaky',
        displayName: 'S',
        password: 'sneaky-password-1',
        installationAdmin: true,
        role: 'reader',
      },
    });
    expect([made.statusCode, made.json<{ error: string }>().error]).toEqual([
      403,
      'installation.adminOnly',
    ]);
    expect(
      await refusal(createMunicipalityAs(server.store.db, root, { id: 'borga', name: 'Again' })),
    ).toBe('municipality.exists');
    expect(
      await refusal(createMunicipalityAs(server.store.db, root, { id: 'Bad Id', name: 'X' })),
    ).toBe('municipality.badId');
  });

  it.skipIf(!existsSync(webRoot))(
    'answers the pages of another municipality 404, as those of none',
    async () => {
      const page = (url: string) => server.as('reader', { url, headers: { accept: 'text/html' } });
      expect((await page('/m/lovisa/2023')).statusCode).toBe(200);
      expect((await page('/m/lovisa/2023/checks')).statusCode).toBe(200);
      for (const url of ['/m/borga/2023', '/m/borga/2023/units/STK', '/m/borga/2023/checks']) {
        const [other, none] = [await page(url), await page(url.replace('borga', 'nowhere'))];
        expect([other.statusCode, none.statusCode], url).toEqual([404, 404]);
        expect(other.body.includes('Borgå'), url).toBe(false);
      }
      expect((await asBorga('GET', '/m/borga/2023')).statusCode).toBe(200);
    },
  );

  it('shows each admin only the users of their municipality, with their memberships there', async () => {
    const lovisa = (await server.as('admin', { method: 'GET', url: '/api/users' })).json<{
      users: { username: string; memberships: Record<string, unknown> }[];
    }>().users;
    expect(lovisa.map((u) => u.username)).not.toContain('borga');
    expect(lovisa.map((u) => u.username)).not.toContain('root');
    expect(lovisa.every((u) => Object.keys(u.memberships).join() === 'lovisa')).toBe(true);
    const own = (await asBorga('GET', '/api/users')).json<{ users: { username: string }[] }>();
    expect(own.users.map((u) => u.username)).toEqual(['borga']);
    // Readers and finance of Lovisa are no admins anywhere.
    expect((await server.as('finance', { method: 'GET', url: '/api/users' })).statusCode).toBe(403);
  });

  it('keeps the admin of Lovisa from creating or changing the users of Borgå', async () => {
    const inBorga = await server.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'intruder',
        displayName: 'I',
        password: 'intruder-password-1',
        memberships: { borga: { role: 'admin', units: [] } },
      },
    });
    expect([inBorga.statusCode, inBorga.json<{ error: string }>().error]).toEqual([
      404,
      'municipality.unknown',
    ]);
    expect(await findUser(server.store.db, 'intruder')).toBeUndefined();
    for (const payload of [{ displayName: 'Taken over' }, { password: 'taken-over-2023' }]) {
      const change = await server.as('admin', {
        method: 'PATCH',
        url: '/api/users/borga',
        payload,
      });
      expect([change.statusCode, change.json<{ error: string }>().error]).toEqual([
        404,
        'user.unknown',
      ]);
    }
    const promote = await server.as('admin', {
      method: 'PATCH',
      url: '/api/users/reader',
      payload: { memberships: { borga: { role: 'admin', units: [] } } },
    });
    expect(promote.statusCode).toBe(404);
    // Borgå's admin, the other way round.
    const theirs = await asBorga('PATCH', '/api/users/finance', { role: 'reader' });
    expect([theirs.statusCode, theirs.json<{ error: string }>().error]).toEqual([
      404,
      'user.unknown',
    ]);
    expect((await findUser(server.store.db, 'finance'))!.memberships).toEqual({
      lovisa: { role: 'finance', units: [] },
    });
    // A role alone is for the admin's own municipality.
    const created = await asBorga('POST', '/api/users', {
      username: 'bea',
      displayName: 'Bea',
      role: 'finance',
      password: 'bea-password-2023',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ memberships: unknown }>().memberships).toEqual({
      borga: { role: 'finance', units: [] },
    });
  });

  it('leaves the account of a user shared with another municipality to the installation administrator', async () => {
    await changeUserAs(server.store.db, root, 'editor', {
      memberships: { borga: { role: 'reader', units: [] } },
    });
    const password = await server.as('admin', {
      method: 'PATCH',
      url: '/api/users/editor',
      payload: { password: 'taken-over-2023' },
    });
    expect([password.statusCode, password.json<{ error: string }>().error]).toEqual([
      403,
      'user.sharedAccount',
    ]);
    // Lovisa's admin still changes what the user is in Lovisa, and sees only that.
    const role = await server.as('admin', {
      method: 'PATCH',
      url: '/api/users/editor',
      payload: { role: 'finance', units: [] },
    });
    expect(role.statusCode).toBe(200);
    expect(role.json<{ memberships: unknown }>().memberships).toEqual({
      lovisa: { role: 'finance', units: [] },
    });
    expect((await findUser(server.store.db, 'editor'))!.memberships).toEqual({
      lovisa: { role: 'finance', units: [] },
      borga: { role: 'reader', units: [] },
    });
    await changeUserAs(server.store.db, root, 'editor', {
      memberships: { borga: null, lovisa: { role: 'editor', units: ['STK-ICT'] } },
    });
    expect((await findUser(server.store.db, 'editor'))!.memberships).toEqual({
      lovisa: { role: 'editor', units: ['STK-ICT'] },
    });
    expect((await usersFor(server.store.db, root)).map((u) => u.username)).toContain('root');
  });

  it('records a change to a user in the audit log of their municipalities only', async () => {
    const borgaLog = await auditLog(server.store.db, 'borga', { entity: 'user' });
    expect(borgaLog.map((e) => e.key)).toContain('bea');
    expect(borgaLog.map((e) => e.key)).not.toContain('intruder');
    const lovisaLog = await auditLog(server.store.db, 'lovisa', { entity: 'user' });
    expect(lovisaLog.map((e) => e.key)).not.toContain('bea');
    expect(lovisaLog.map((e) => e.key)).not.toContain('borga');
    // The editor was shared with Borgå for a while: Lovisa's log never shows the role there.
    const editorInLovisa = lovisaLog.filter((e) => e.key === 'editor');
    expect(editorInLovisa.length).toBeGreaterThan(0);
    expect(JSON.stringify(editorInLovisa)).not.toContain('borga');
  });
});

describe.each(ENGINES.filter((e) => e.name === 'postgres'))(
  'simultaneous creations of one user on $name',
  (engine) => {
    let store: Store;
    let other: Store;
    beforeAll(async () => {
      store = await engine.open();
      const { rows } = await sql<{
        schema: string;
      }>`select current_schema() as schema`.execute(store.db);
      other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
      await addUser(store.db, {
        username: 'admin',
        displayName: 'Admin',
        password: 'admin-password-2023',
        role: 'admin',
      });
    });
    afterAll(async () => {
      await other?.close();
      await store?.close();
    });

    it('gives one user and a clean 409 user.exists, never a 500', async () => {
      const app = await buildServer({ store: other, webRoot: null });
      try {
        const login = await app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { username: 'admin', password: 'admin-password-2023' },
        });
        const cookie = login.cookies.find((c) => c.name === 'utfall_session')!;
        const headers = {
          cookie: `${cookie.name}=${cookie.value}`,
          'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
          'accept-language': 'en',
        };
        const body = {
          username: 'twin',
          displayName: 'Twin',
          role: 'reader' as const,
          password: 'twin-password-2023',
        };
        // The first creation has inserted the name and not yet committed…
        const first = await hold(store.db, (trx) => addUser(trx, { ...body }));
        // …so the second passes the existence check and waits on the name's key.
        const second = app.inject({ method: 'POST', url: '/api/users', headers, payload: body });
        let settled = false;
        void second.then(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(settled).toBe(false);
        await first.release();
        const answer = await second;
        expect([answer.statusCode, answer.json<{ error: string }>().error]).toEqual([
          409,
          'user.exists',
        ]);
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from app_user where username = 'twin'`.execute(store.db);
        expect(rows[0]!.n).toBe(1);
        expect((await findUser(store.db, 'twin'))!.memberships).toEqual({
          default: { role: 'reader', units: [] },
        });
      } finally {
        await app.close();
      }
    });
  },
);
