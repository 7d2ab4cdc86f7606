/**
 * Content through the API on the demo, on both engines: narrative saves and conflicts, an
 * editor's reach, the workflow refusing changes to approved content with a 409 (never a 403),
 * key goals with indicator values, comments, and the audit log with its filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNarratives } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import type {
  AuditPage,
  CommentView,
  ConflictView,
  GoalView,
  NarrativeView,
  UnitPage,
} from '../../src/api/pages.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;
const audit = `/api/m/${DEMO_MUNICIPALITY}/audit`;

describe.each(ENGINES)('content routes on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const narrativeUrl = (unit: string, section = 'events', lang = 'sv') =>
    `${base}/units/${unit}/narratives/${section}/${lang}`;
  const stored = async (unit: string, section = 'events', lang = 'sv') =>
    (
      await getNarratives(server.store.db, {
        municipalityId: DEMO_MUNICIPALITY,
        year: DEMO_YEAR,
        unitCode: unit,
      })
    ).find((n) => n.section === section && n.lang === lang);

  it('saves a narrative, and a save on an old version is a conflict that keeps both texts', async () => {
    const start = (await stored('STK-ICT'))!;
    const first = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT'),
      payload: { body: 'Första versionen.', version: start.version },
    });
    expect(first.statusCode, first.body).toBe(200);
    const saved = first.json<NarrativeView>();
    expect(saved).toMatchObject({
      section: 'events',
      lang: 'sv',
      body: 'Första versionen.',
      version: start.version + 1,
      updatedBy: 'editor',
    });
    expect(Date.parse(saved.updatedAt)).not.toBeNaN();

    // A second browser still holding the old version.
    const stale = await server.as('finance', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT'),
      payload: { body: 'Min parallella text.', version: start.version },
      lang: 'sv',
    });
    expect(stale.statusCode).toBe(409);
    const conflict = stale.json<ConflictView>();
    expect(conflict.error).toBe('conflict');
    expect(conflict.message).toContain('editor');
    expect(conflict.stored).toMatchObject({
      version: start.version + 1,
      body: 'Första versionen.',
      updatedBy: 'editor',
    });
    expect(conflict.attempted).toEqual({
      baseVersion: start.version,
      body: 'Min parallella text.',
    });
    expect((await stored('STK-ICT'))!.body).toBe('Första versionen.');

    // A new section starts from no version; saving it "new" again is a conflict too.
    const created = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('120101', 'costs', 'en'),
      payload: { body: 'Licences cost more.', version: null },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json<NarrativeView>().version).toBe(1);
    const again = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('120101', 'costs', 'en'),
      payload: { body: 'Other words.', version: null },
    });
    expect(again.statusCode).toBe(409);
  });

  it('lets an editor change their own units only, and readers nothing', async () => {
    const adm = (await stored('STK-ADM'))!;
    const other = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('STK-ADM'),
      payload: { body: 'Not mine.', version: adm.version },
    });
    expect(other.statusCode).toBe(403);
    const reader = await server.as('reader', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT'),
      payload: { body: 'Reader.', version: 99 },
    });
    expect(reader.statusCode).toBe(403);
    const noCsrf = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT'),
      payload: { body: 'No token.', version: 99 },
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await stored('STK-ADM'))!.body).toBe(adm.body);
    const unknownSection = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT', 'gossip'),
      payload: { body: 'x', version: null },
    });
    expect(unknownSection.statusCode).toBe(400);
  });

  it('adds comments that the unit page shows', async () => {
    const response = await server.as('editor', {
      method: 'POST',
      url: `${base}/units/STK-ICT/comments`,
      payload: { target: 'narrative:events', body: 'Kolla siffrorna.' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const comment = response.json<CommentView>();
    expect(comment).toMatchObject({ target: 'narrative:events', author: 'editor' });
    const page = (await server.as('reader', { url: `${base}/units/STK-ICT` })).json<UnitPage>();
    expect(page.comments).toEqual([comment]);
    const refused = await server.as('editor', {
      method: 'POST',
      url: `${base}/units/STK-ADM/comments`,
      payload: { target: 'narrative:events', body: 'x' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('runs the workflow: approved content refuses changes with 409 until finance reopens it', async () => {
    // Without a body, as a plain button does it; with one where there is a reason.
    const post = (role: 'editor' | 'finance', action: string, body?: { reason: string }) =>
      server.as(role, {
        method: 'POST',
        url: `${base}/units/STK-ICT/workflow/${action}`,
        ...(body ? { payload: body } : {}),
        lang: 'sv',
      });
    const submitted = await post('editor', 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toEqual({ state: 'submitted', reason: null });
    expect((await post('editor', 'approve')).statusCode).toBe(403);
    const twice = await post('editor', 'submit');
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ message: string }>().message).toBe(
      'Det går inte att lämna in rapporten för STK-ICT: den är inlämnad.',
    );
    expect((await post('finance', 'approve')).json()).toEqual({ state: 'approved', reason: null });

    const version = (await stored('STK-ICT'))!.version;
    const locked = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT'),
      payload: { body: 'Efter godkännandet.', version },
      lang: 'sv',
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json<{ error: string; message: string }>()).toEqual({
      error: 'content.notEditable',
      message:
        'Rapporten för STK-ICT är godkänd: innehållet kan inte längre ändras. Den kan öppnas igen med en motivering (en godkänd rapport av ekonomi, en låst av en administratör).',
    });
    const page = (await server.as('editor', { url: `${base}/units/STK-ICT` })).json<UnitPage>();
    expect(page.editable).toBe(false);
    expect(page.actions).toEqual([]);
    const financePage = (
      await server.as('finance', { url: `${base}/units/STK-ICT` })
    ).json<UnitPage>();
    expect(financePage.actions).toEqual(['lock', 'reopen']);

    const noReason = await post('finance', 'reopen');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ message: string }>().message).toBe(
      'Att öppna rapporten igen kräver en motivering.',
    );
    const reopened = await post('finance', 'reopen', { reason: 'Siffrorna rättas.' });
    expect(reopened.json()).toEqual({ state: 'draft', reason: 'Siffrorna rättas.' });
    const saved = await server.as('editor', {
      method: 'PUT',
      url: narrativeUrl('STK-ICT'),
      payload: { body: 'Efter återöppningen.', version },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('updates a key goal’s status, outcome and indicator values, by the goal’s unit', async () => {
    const page = (await server.as('reader', { url: `${base}/units/STK` })).json<UnitPage>();
    const goal = page.goals.find((g) => g.indicators.length > 0)!;
    const url = `${base}/goals/${goal.id}`;
    // The demo's goals are the central's: the editor of STK-ICT may not change them.
    const refused = await server.as('editor', {
      method: 'PATCH',
      url,
      payload: { status: 'achieved' },
    });
    expect(refused.statusCode).toBe(403);
    const response = await server.as('finance', {
      method: 'PATCH',
      url,
      payload: {
        status: 'partlyAchieved',
        outcome: { en: 'Half way there.' },
        indicators: [{ index: 0, actual: '64.4' }],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const updated = response.json<GoalView>();
    expect(updated.status).toBe('partlyAchieved');
    expect(updated.outcome).toEqual({ ...goal.outcome, en: 'Half way there.' });
    expect(updated.indicators[0]!.actual).toBe('64.4');
    expect(updated.indicators[0]!.target).toBe(goal.indicators[0]!.target);

    const badValue = await server.as('finance', {
      method: 'PATCH',
      url,
      payload: { indicators: [{ index: 0, actual: 'many' }] },
    });
    expect(badValue.statusCode).toBe(400);
    const noIndicator = await server.as('finance', {
      method: 'PATCH',
      url,
      payload: { indicators: [{ index: 49, actual: '1' }] },
      lang: 'fi',
    });
    expect(noIndicator.statusCode).toBe(400);
    expect(noIndicator.json<{ message: string }>().message).toContain('mittaria');
    const unknown = await server.as('finance', {
      method: 'PATCH',
      url: `${base}/goals/99999`,
      payload: { status: 'achieved' },
    });
    expect(unknown.statusCode).toBe(404);

    // With the version the change was based on: an older one is refused and nothing written.
    expect(updated.version).toBe(goal.version + 1);
    const stale = await server.as('finance', {
      method: 'PATCH',
      url,
      payload: { status: 'achieved', version: goal.version },
    });
    expect(stale.statusCode, stale.body).toBe(409);
    const refusal = stale.json<{ error: string; details: { stored: GoalView } }>();
    expect(refusal.error).toBe('goal.stale');
    expect(refusal.details.stored).toMatchObject({
      status: 'partlyAchieved',
      version: updated.version,
    });
  });

  it('gives the audit log newest first, filtered by actor, action, entity, unit and time', async () => {
    const get = async (query: string) => {
      const response = await server.as('reader', { url: `${audit}${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<AuditPage>();
    };
    const all = await get('');
    expect(all.total).toBeGreaterThan(10);
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.entries[0]).toMatchObject({ actor: 'finance', entity: 'goal', unit: 'STK' });

    const editor = await get('?actor=editor');
    expect(editor.entries.length).toBeGreaterThan(0);
    expect(editor.entries.every((e) => e.actor === 'editor')).toBe(true);
    const workflow = await get('?entity=workflow&unit=STK-ICT');
    expect(workflow.entries.map((e) => e.action)).toEqual(['reopen', 'approve', 'submit']);
    expect(workflow.entries[0]!.after).toEqual({
      state: 'draft',
      reason: 'Siffrorna rättas.',
      period: 12,
      released: [expect.any(Number)],
    });
    const approvals = await get('?action=approve');
    expect(approvals.entries.map((e) => e.actor)).toEqual(['finance']);
    const goals = await get('?entity=goal');
    expect(goals.entries).toHaveLength(1);
    expect(goals.entries[0]!.unit).toBe('STK');

    const page = await get('?limit=2&offset=1');
    expect(page.entries.map((e) => e.id)).toEqual(ids.slice(1, 3));
    expect(page).toMatchObject({ limit: 2, offset: 1, total: all.total });

    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`?from=${today}&to=${today}`)).total).toBe(all.total);
    expect((await get('?to=2000-01-01')).total).toBe(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await get(`?from=${encodeURIComponent(future)}`)).total).toBe(0);
    expect((await server.as('reader', { url: `${audit}?from=yesterday` })).statusCode).toBe(400);
    expect((await server.as('reader', { url: '/api/m/nowhere/audit' })).statusCode).toBe(404);
  });
});
