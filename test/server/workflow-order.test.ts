/**
 * The workflow as documented, on both engines: draft → submitted → approved → locked. Locking
 * is refused from a draft and from a submitted report, in the service and through the API, with a
 * message that names the unit, the action and the state in words; the refusal writes nothing.
 * Locked is approved and closed: finance may not reopen it, an admin may, always with a reason.
 * (The CLI's `utfall workflow lock` is in test/cli/cli.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitPage } from '../../src/api/pages.js';
import type { Actor } from '../../src/domain/access.js';
import { auditLog, changeState, reportState } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoRole, type DemoServer } from './pages-support.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;

const actorWith = (name: string, role: 'finance' | 'admin'): Actor => ({
  name,
  system: false,
  memberships: {},
  everywhere: { role, units: [] },
});

describe.each(ENGINES)('the workflow as documented on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (
    role: DemoRole,
    unit: string,
    action: string,
    lang: 'sv' | 'fi' | 'en',
    body?: { reason: string },
  ) =>
    server.as(role, {
      method: 'POST',
      url: `${base}/units/${unit}/workflow/${action}`,
      ...(body ? { payload: body } : {}),
      lang,
    });
  const page = async (role: DemoRole, unit: string) =>
    (await server.as(role, { url: `${base}/units/${unit}` })).json<UnitPage>();
  const workflowLog = async (unit: string) =>
    (await auditLog(server.store.db, DEMO_MUNICIPALITY, { key: `${DEMO_YEAR}/${unit}` }))
      .filter((e) => e.entity === 'workflow')
      // The state after, with the reason where there is one (an approval's entry carries more:
      // its snapshot).
      .map((e) => {
        const after = e.after as string | { state: string; reason?: string };
        return [
          e.action,
          e.actor,
          e.before,
          typeof after === 'string' || after.reason === undefined
            ? typeof after === 'string'
              ? after
              : after.state
            : { state: after.state, reason: after.reason },
        ];
      });

  it('API: lock only from approved, refused from draft and submitted naming the state', async () => {
    const unit = 'STK-ADM';
    expect((await page('finance', unit)).actions).toEqual(['submit']);
    const fromDraft = {
      sv: 'Det går inte att låsa rapporten för STK-ADM: den är ett utkast.',
      fi: 'Yksikön STK-ADM raporttia ei voi lukita: se on luonnos.',
      en: 'Cannot lock the report of STK-ADM: it is a draft.',
    } as const;
    for (const [lang, message] of Object.entries(fromDraft) as ['sv' | 'fi' | 'en', string][]) {
      for (const role of ['finance', 'admin'] as const) {
        const refused = await post(role, unit, 'lock', lang);
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.json()).toEqual({ error: 'workflow.notAllowed', message });
      }
    }
    expect((await post('finance', unit, 'submit', 'en')).statusCode).toBe(200);
    expect((await page('finance', unit)).actions).toEqual(['approve', 'reopen']);
    const fromSubmitted = await post('finance', unit, 'lock', 'sv');
    expect(fromSubmitted.statusCode).toBe(409);
    expect(fromSubmitted.json<{ message: string }>().message).toBe(
      'Det går inte att låsa rapporten för STK-ADM: den är inlämnad.',
    );
    expect((await post('admin', unit, 'lock', 'fi')).json<{ message: string }>().message).toBe(
      'Yksikön STK-ADM raporttia ei voi lukita: se on jätetty.',
    );
    expect((await reportState(server.store.db, scopeOf(unit))).state).toBe('submitted');

    expect((await post('finance', unit, 'approve', 'en')).statusCode).toBe(200);
    expect((await page('finance', unit)).actions).toEqual(['lock', 'reopen']);
    const locked = await post('finance', unit, 'lock', 'en');
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json()).toEqual({ state: 'locked', reason: null });

    // Locked is approved and closed: only the admin is offered and allowed the reopening.
    expect((await page('finance', unit)).actions).toEqual([]);
    expect((await page('admin', unit)).actions).toEqual(['reopen']);
    const byFinance = await post('finance', unit, 'reopen', 'sv', { reason: 'Rättelse' });
    expect(byFinance.statusCode).toBe(403);
    expect(byFinance.json()).toEqual({
      error: 'workflow.adminReopens',
      message:
        'Endast en administratör kan öppna rapporten för STK-ADM igen: den är låst, det vill säga godkänd och stängd.',
    });
    const noReason = await post('admin', unit, 'reopen', 'en');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ error: string }>().error).toBe('workflow.reasonMissing');
    const blank = await post('admin', unit, 'reopen', 'en', { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect((await reportState(server.store.db, scopeOf(unit))).state).toBe('locked');
    const reopened = await post('admin', unit, 'reopen', 'en', { reason: 'Rättelse' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toEqual({ state: 'draft', reason: 'Rättelse' });

    // Only the transitions taken are in the audit log; the refusals wrote nothing.
    expect(await workflowLog(unit)).toEqual([
      ['submit', 'finance', 'draft', 'submitted'],
      ['approve', 'finance', 'submitted', 'approved'],
      ['lock', 'finance', 'approved', 'locked'],
      ['reopen', 'admin', 'locked', { state: 'draft', reason: 'Rättelse' }],
    ]);
  });

  it('service: changeState refuses lock from draft and submitted, and a locked report to finance', async () => {
    const scope = scopeOf('STK-EKP');
    const finance = actorWith('fredrik', 'finance');
    const admin = actorWith('alva', 'admin');
    await expect(changeState(server.store.db, scope, 'lock', admin)).rejects.toMatchObject({
      code: 'workflow.notAllowed',
      params: { action: 'lock', state: 'draft', unit: 'STK-EKP' },
    });
    await changeState(server.store.db, scope, 'submit', finance);
    await expect(changeState(server.store.db, scope, 'lock', finance)).rejects.toMatchObject({
      code: 'workflow.notAllowed',
      params: { action: 'lock', state: 'submitted', unit: 'STK-EKP' },
    });
    await changeState(server.store.db, scope, 'approve', finance);
    await changeState(server.store.db, scope, 'lock', finance);
    await expect(
      changeState(server.store.db, scope, 'reopen', finance, 'Fel belopp'),
    ).rejects.toMatchObject({ code: 'workflow.adminReopens', params: { unit: 'STK-EKP' } });
    await expect(changeState(server.store.db, scope, 'reopen', admin)).rejects.toMatchObject({
      code: 'workflow.reasonMissing',
    });
    expect(await reportState(server.store.db, scope)).toEqual({ state: 'locked', reason: null });
    // Finance reopens what is approved but not yet closed; an admin a locked report.
    expect(await changeState(server.store.db, scope, 'reopen', admin, 'Fel belopp')).toEqual({
      state: 'draft',
      reason: 'Fel belopp',
    });
    await changeState(server.store.db, scope, 'submit', finance);
    await changeState(server.store.db, scope, 'approve', finance);
    expect(await changeState(server.store.db, scope, 'reopen', finance, 'Ny siffra')).toEqual({
      state: 'draft',
      reason: 'Ny siffra',
    });
    expect(
      (await workflowLog('STK-EKP')).map(([action, actor]) => [action, actor].join(' ')),
    ).toEqual([
      'submit fredrik',
      'approve fredrik',
      'lock fredrik',
      'reopen alva',
      'submit fredrik',
      'approve fredrik',
      'reopen fredrik',
    ]);
  });
});

function scopeOf(unitCode: string) {
  return { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR, unitCode };
}
