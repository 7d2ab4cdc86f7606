/**
 * Users through the API on the demo, on both engines: the admin lists, creates and changes
 * accounts; refusals are worded; an admin cannot demote or disable themselves; a new password
 * ends the user's sessions; every change is in the audit log, never a password or its hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

interface UserView {
  username: string;
  displayName: string;
  role: string;
  units: Record<string, string[]>;
  disabled: boolean;
}

describe.each(ENGINES)('users through the API on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const create = (body: Record<string, unknown>, lang: 'sv' | 'fi' | 'en' = 'en') =>
    server.as('admin', { method: 'POST', url: '/api/users', payload: body, lang });
  const change = (username: string, body: Record<string, unknown>, lang: 'sv' | 'en' = 'en') =>
    server.as('admin', { method: 'PATCH', url: `/api/users/${username}`, payload: body, lang });
  const login = (username: string, password: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
      remoteAddress: '10.1.0.1',
    });

  it('lists the users with their roles and units, without passwords', async () => {
    const response = await server.as('admin', { method: 'GET', url: '/api/users' });
    expect(response.statusCode).toBe(200);
    const { users } = response.json<{ users: UserView[] }>();
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['editor', 'editor'],
      ['finance', 'finance'],
      ['reader', 'reader'],
    ]);
    expect(users.find((u) => u.username === 'editor')?.units).toEqual({
      [DEMO_MUNICIPALITY]: ['STK-ICT'],
    });
    expect(response.body).not.toMatch(/scrypt|password/i);
  });

  it('creates a user who can then log in', async () => {
    const response = await create({
      username: 'ellen',
      displayName: 'Ellen Editor',
      role: 'editor',
      password: 'ellen-password-2023',
      units: ['STK-EKP'],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      username: 'ellen',
      displayName: 'Ellen Editor',
      role: 'editor',
      units: { [DEMO_MUNICIPALITY]: ['STK-EKP'] },
      disabled: false,
      installationAdmin: false,
      memberships: { [DEMO_MUNICIPALITY]: { role: 'editor', units: ['STK-EKP'] } },
    });
    const session = await login('ellen', 'ellen-password-2023');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ user: { username: 'ellen', role: 'editor' } });
  });

  it('refuses a taken or bad user name, a short password and unknown units, in words', async () => {
    const base = { displayName: 'X', role: 'reader', password: 'long-enough-password' };
    const taken = await create({ ...base, username: 'ellen' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: 'user.exists' });
    const bad = await create({ ...base, username: 'Bad Name' }, 'sv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('"Bad Name" är inget giltigt');
    const short = await create({ ...base, username: 'shorty', password: 'short' }, 'fi');
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      error: 'user.password-short',
      message: 'Salasanassa on oltava vähintään 10 merkkiä.',
    });
    const units = await create({
      ...base,
      username: 'lost',
      role: 'editor',
      units: { [DEMO_MUNICIPALITY]: ['STK-ICT', 'NOPE'] },
    });
    expect(units.statusCode).toBe(400);
    expect(units.json<{ message: string }>().message).toContain(`${DEMO_MUNICIPALITY}/NOPE`);
    const role = await create({ ...base, username: 'kinglike', role: 'king' });
    expect(role.statusCode).toBe(400);
    expect((await server.as('admin', { method: 'GET', url: '/api/users' })).body).not.toMatch(
      /shorty|lost|kinglike/,
    );
  });

  it('changes role, units, name and password; a new password ends the user’s sessions', async () => {
    const first = await login('ellen', 'ellen-password-2023');
    const cookie = first.cookies.find((c) => c.name === 'utfall_session')!;
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    expect((await server.app.inject({ url: '/api/session', headers })).statusCode).toBe(200);

    const changed = await change('ellen', {
      displayName: 'Ellen Ekonom',
      role: 'finance',
      units: {},
      password: 'ellen-new-password-2023',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      displayName: 'Ellen Ekonom',
      role: 'finance',
      units: {},
    });
    expect((await server.app.inject({ url: '/api/session', headers })).statusCode).toBe(401);
    expect((await login('ellen', 'ellen-password-2023')).statusCode).toBe(401);
    const again = await login('ellen', 'ellen-new-password-2023');
    expect(again.json()).toMatchObject({ user: { role: 'finance' } });

    const unknown = await change('nobody', { displayName: 'Nobody' });
    expect(unknown.statusCode).toBe(404);
  });

  it('keeps an admin from demoting or disabling themselves', async () => {
    const demote = await change('admin', { role: 'finance' }, 'sv');
    expect(demote.statusCode).toBe(400);
    expect(demote.json()).toMatchObject({
      error: 'user.selfDemote',
      message:
        'Du kan inte ta bort din egen administratörsroll: låt en annan administratör göra det.',
    });
    const disable = await change('admin', { disabled: true });
    expect(disable.statusCode).toBe(400);
    expect(disable.json()).toMatchObject({ error: 'user.selfDisable' });
    const renamed = await change('admin', { displayName: 'Alva Administratör', role: 'admin' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ role: 'admin', disabled: false });
    // Another admin may be demoted.
    await create({
      username: 'second',
      displayName: 'Second Admin',
      role: 'admin',
      password: 'second-admin-2023',
    });
    expect((await change('second', { role: 'reader', disabled: true })).statusCode).toBe(200);
  });

  it('logs every change in the audit log, never a password or its hash', async () => {
    const entries = await auditLog(server.store.db, DEMO_MUNICIPALITY, { entity: 'user' });
    expect(entries.map((e) => [e.action, e.key, e.actor])).toEqual([
      ['create', 'ellen', 'admin'],
      ['update', 'ellen', 'admin'],
      ['update', 'admin', 'admin'],
      ['create', 'second', 'admin'],
      ['update', 'second', 'admin'],
    ]);
    const update = entries[1]!;
    expect(update.before).toMatchObject({ role: 'editor', displayName: 'Ellen Editor' });
    expect(update.after).toMatchObject({
      role: 'finance',
      displayName: 'Ellen Ekonom',
      passwordChanged: true,
    });
    const text = JSON.stringify(entries);
    expect(text).not.toMatch(/scrypt|password-2023|password_hash|passwordHash/);
    const api = await server.as('reader', {
      method: 'GET',
      url: `/api/m/${DEMO_MUNICIPALITY}/audit?entity=user`,
    });
    expect(api.statusCode).toBe(200);
    expect(api.body).toContain('ellen');
  });
});
