/**
 * What the unit page lets one do that once took a file (issue 14), on the demo and on both
 * engines: edit a risk of a unit's register and add a key goal to a unit, through the service
 * and the HTTP API — audited, refused for other units and for readers, refused while an
 * approval (the year's or an interim one) froze them, a binding goal only by finance — and the
 * comments naming their author by display name. On PostgreSQL two edits of one risk at once
 * and two goals added at once, forced to overlap behind a held lock.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, CommentView, GoalView, RiskView, UnitPage } from '../../src/api/pages.js';
import { openStore } from '../../src/db/open.js';
import { lockUnit, lockYear, lockYearShared } from '../../src/db/units.js';
import type { Actor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { auditLog, changeState } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY as M, DEMO_YEAR as YEAR } from '../../src/service/demo.js';
import {
  addGoal,
  importGoals,
  importRisks,
  storedRisks,
  updateRisk,
} from '../../src/service/goals.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import { allWaiting, hold } from '../support/hold.js';
import { demoServer, type DemoServer } from './pages-support.js';

const base = `/api/m/${M}/${YEAR}`;

function member(name: string, role: 'reader' | 'editor' | 'finance', units: string[] = []): Actor {
  return { name, system: false, memberships: { [M]: { role, units } }, everywhere: null };
}
const editor = member('editor', 'editor', ['STK-ICT']);
const reader = member('reader', 'reader');
const finance = member('finance', 'finance');

/** The code of a refusal, or 'none' when the promise fulfils. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof UtfallError) return error.code;
    throw error;
  }
}

describe.each(ENGINES)('editing risks and adding key goals on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  const risksOf = async (unitCode: string) =>
    storedRisks(server.store.db, M, YEAR, unitCode).then((risks) => risks.map((r) => ({ ...r })));
  const page = async (unitCode: string, role: 'reader' | 'editor' | 'finance' = 'reader') =>
    (await server.as(role, { url: `${base}/units/${unitCode}` })).json<UnitPage>();

  it('lets the editor of STK-ICT edit its risk through the API: texts by language, scale, measures; audited and on the page', async () => {
    const [risk] = await risksOf('STK-ICT');
    const response = await server.as('editor', {
      method: 'PATCH',
      url: `${base}/risks/${risk!.id}`,
      payload: {
        risk: { sv: '  Cyberangreppen ökar ytterligare.  ' },
        measures: { fi: 'Tietoturvakoulutus koko henkilöstölle.' },
        likelihood: 5,
        status: 'mitigated',
        version: risk!.version,
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const edited = response.json<RiskView>();
    expect(edited).toMatchObject({
      id: risk!.id,
      unitCode: 'STK-ICT',
      likelihood: 5,
      impact: risk!.impact,
      status: 'mitigated',
      version: risk!.version + 1,
    });
    // The language edited changes, trimmed; the others keep their texts.
    expect(edited.risk).toEqual({ ...risk!.risk, sv: 'Cyberangreppen ökar ytterligare.' });
    expect(edited.measures).toEqual({
      ...risk!.measures,
      fi: 'Tietoturvakoulutus koko henkilöstölle.',
    });
    expect((await page('STK-ICT')).risks.find((r) => r.id === risk!.id)).toEqual(edited);

    const audit = (
      await server.as('reader', {
        url: `/api/m/${M}/audit?entity=risk&unit=STK-ICT`,
      })
    ).json<AuditPage>();
    expect(audit.entries[0]).toMatchObject({
      actor: 'editor',
      action: 'update',
      entity: 'risk',
      key: `${YEAR}/STK-ICT/${risk!.id}`,
      unit: 'STK-ICT',
      before: { likelihood: risk!.likelihood, status: risk!.status },
      after: { likelihood: 5, status: 'mitigated' },
    });

    // An edit based on the version before is refused, and nothing is written.
    const stale = await server.as('finance', {
      method: 'PATCH',
      url: `${base}/risks/${risk!.id}`,
      payload: { likelihood: 1, version: risk!.version },
      lang: 'sv',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: string; message: string }>()).toMatchObject({
      error: 'risk.stale',
      message: expect.stringContaining('Inte sparat: risken har ändrats under tiden') as string,
    });
    expect((await risksOf('STK-ICT'))[0]!.likelihood).toBe(5);
  });

  it('refuses a risk of another unit, readers, an unknown risk, a value off the scale and a risk left without text', async () => {
    const [adm] = await risksOf('STK-ADM');
    const [ict] = await risksOf('STK-ICT');
    const patch = (role: 'editor' | 'reader' | 'finance', id: number, payload: object) =>
      server.as(role, {
        method: 'PATCH',
        url: `${base}/risks/${id}`,
        payload: { version: (id === adm!.id ? adm! : ict!).version, ...payload },
        lang: 'fi',
      });
    expect((await patch('editor', adm!.id, { likelihood: 1 })).statusCode).toBe(403);
    expect((await patch('reader', ict!.id, { likelihood: 1 })).statusCode).toBe(403);
    expect((await patch('finance', 99_999, { likelihood: 1 })).statusCode).toBe(404);
    expect((await patch('finance', ict!.id, { likelihood: 6 })).statusCode).toBe(400);
    expect((await patch('finance', ict!.id, { category: 'weather' })).statusCode).toBe(400);
    // An edit must name the version it was based on.
    expect(
      (
        await server.as('finance', {
          method: 'PATCH',
          url: `${base}/risks/${ict!.id}`,
          payload: { likelihood: 2 },
        })
      ).statusCode,
    ).toBe(400);
    const empty = await patch('finance', ict!.id, { risk: { sv: '', fi: ' ', en: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: string; message: string }>()).toEqual({
      error: 'risk.noText',
      message: 'Riskillä on oltava kuvaus ainakin yhdellä kielellä.',
    });
    expect(await risksOf('STK-ADM')).toContainEqual(adm);
    // The service refuses the same, whoever calls it.
    expect(
      await refusal(
        updateRisk(
          server.store.db,
          { municipalityId: M, year: YEAR },
          ict!.id,
          { impact: 1 },
          reader,
        ),
      ),
    ).toBe('forbidden');
    expect(
      await refusal(
        updateRisk(
          server.store.db,
          { municipalityId: M, year: YEAR },
          adm!.id,
          { impact: 1 },
          editor,
        ),
      ),
    ).toBe('forbidden');
    expect(
      await refusal(
        updateRisk(
          server.store.db,
          { municipalityId: M, year: YEAR },
          ict!.id,
          { impact: 0 },
          finance,
        ),
      ),
    ).toBe('risk.badScale');
  });

  it('lets the editor add a key goal to STK-ICT with indicators, not binding; finance may mark one binding', async () => {
    const before = await page('STK-ICT', 'editor');
    expect(before.goalBinding).toBe(false);
    expect((await page('STK-ICT', 'finance')).goalBinding).toBe(true);
    const theme = before.themes[0]!.number;
    const response = await server.as('editor', {
      method: 'POST',
      url: `${base}/units/STK-ICT/goals`,
      payload: {
        theme,
        goal: {
          sv: 'Alla anställda går datasäkerhetsutbildningen.',
          fi: 'Koko henkilöstö suorittaa tietoturvakoulutuksen.',
        },
        responsible: 'dataförvaltningschefen',
        indicators: [
          {
            name: { sv: 'Andel som gått utbildningen', fi: 'Koulutuksen suorittaneiden osuus' },
            measureUnit: '%',
            target: '90,5',
            baseline: '40',
          },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const added = response.json<GoalView>();
    expect(added).toMatchObject({
      unitCode: 'STK-ICT',
      theme,
      binding: false,
      status: 'notAssessed',
      outcome: {},
      responsible: 'dataförvaltningschefen',
      version: 1,
      indicators: [
        {
          name: { sv: 'Andel som gått utbildningen', fi: 'Koulutuksen suorittaneiden osuus' },
          measureUnit: '%',
          operator: '>=',
          target: '90.5',
          baseline: '40',
          actual: null,
        },
      ],
    });
    const after = await page('STK-ICT');
    expect(after.goals.map((g) => g.id)).toEqual([...before.goals.map((g) => g.id), added.id]);
    const [entry] = await auditLog(server.store.db, M, {
      entity: 'goal',
      key: `${YEAR}/STK-ICT/${added.id}`,
    });
    expect(entry).toMatchObject({ actor: 'editor', action: 'create', before: null });

    const binding = await server.as('editor', {
      method: 'POST',
      url: `${base}/units/STK-ICT/goals`,
      payload: { theme, goal: { sv: 'Bindande.' }, binding: true },
      lang: 'sv',
    });
    expect(binding.statusCode).toBe(403);
    expect(binding.json<{ error: string }>().error).toBe('goal.bindingForbidden');
    const byFinance = await server.as('finance', {
      method: 'POST',
      url: `${base}/units/STK-ICT/goals`,
      payload: { theme, goal: { fi: 'Sitova tavoite.' }, binding: true },
    });
    expect(byFinance.statusCode, byFinance.body).toBe(201);
    expect(byFinance.json<GoalView>().binding).toBe(true);
  });

  it('refuses a goal for another unit, from a reader, under an unknown theme, without text or with a bad indicator', async () => {
    const post = (role: 'editor' | 'reader' | 'finance', unit: string, payload: object) =>
      server.as(role, { method: 'POST', url: `${base}/units/${unit}/goals`, payload, lang: 'sv' });
    const goal = { theme: 1, goal: { sv: 'Ett mål.' } };
    expect((await post('editor', 'STK-ADM', goal)).statusCode).toBe(403);
    expect((await post('reader', 'STK-ICT', goal)).statusCode).toBe(403);
    expect((await post('finance', 'NOSUCH', goal)).statusCode).toBe(404);
    const theme = await post('finance', 'STK-ICT', { ...goal, theme: 42 });
    expect(theme.statusCode).toBe(400);
    expect(theme.json<{ error: string; message: string }>().message).toMatch(
      /^Stadsstrategin 2023 har inget tema nummer 42 \(teman: 1, /,
    );
    const noText = await post('finance', 'STK-ICT', { theme: 1, goal: { sv: ' ' } });
    expect(noText.json<{ error: string }>().error).toBe('goal.noText');
    const badTarget = await post('finance', 'STK-ICT', {
      ...goal,
      indicators: [{ name: { sv: 'Mätare' }, target: 'many' }],
    });
    expect(badTarget.statusCode).toBe(400);
    const noName = await post('finance', 'STK-ICT', {
      ...goal,
      indicators: [{ name: { sv: '' }, target: '1' }],
    });
    expect(noName.json<{ error: string }>().error).toBe('goal.badIndicator');
  });

  it('refuses both while the year’s approval above the unit, or an interim approval of it, froze them', async () => {
    const scope = (unitCode: string, period?: number) => ({
      municipalityId: M,
      year: YEAR,
      unitCode,
      ...(period === undefined ? {} : { period }),
    });
    const [risk] = await risksOf('STK-ICT');
    const edit = () =>
      updateRisk(
        server.store.db,
        { municipalityId: M, year: YEAR },
        risk!.id,
        { impact: 2 },
        editor,
      );
    const add = () =>
      addGoal(server.store.db, scope('STK-ICT'), { theme: 1, goal: { sv: 'Fryst?' } }, editor);
    // The central's report for the year, approved, froze its units' content.
    await changeState(server.store.db, scope('STK'), 'submit', finance);
    await changeState(server.store.db, scope('STK'), 'approve', finance);
    expect(await refusal(edit())).toBe('content.notEditable');
    expect(await refusal(add())).toBe('content.notEditable');
    const refused = await server.as('editor', {
      method: 'PATCH',
      url: `${base}/risks/${risk!.id}`,
      payload: { impact: 2, version: risk!.version },
    });
    expect(refused.statusCode).toBe(409);
    await changeState(server.store.db, scope('STK'), 'reopen', finance, 'Riskerna ses över.');
    // An interim report's approval froze the goals and risks it printed too.
    await changeState(server.store.db, scope('STK-ICT', 8), 'submit', editor);
    await changeState(server.store.db, scope('STK-ICT', 8), 'approve', finance);
    expect(await refusal(edit())).toBe('content.notEditable');
    expect(await refusal(add())).toBe('content.notEditable');
    await changeState(server.store.db, scope('STK-ICT', 8), 'reopen', finance, 'Rättelse.');
    expect(await refusal(edit())).toBe('none');
    expect(await refusal(add())).toBe('none');
    expect((await risksOf('STK-ICT'))[0]!.impact).toBe(2);
  });

  it('shows who wrote a comment by display name, in the answer and on the page', async () => {
    const response = await server.as('editor', {
      method: 'POST',
      url: `${base}/units/STK-ICT/comments`,
      payload: { target: 'unit', body: 'Riskerna är uppdaterade.' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<CommentView>()).toMatchObject({
      author: 'editor',
      authorName: 'Eeva Redaktör',
    });
    const shown = (await page('STK-ICT')).comments.at(-1);
    expect(shown).toMatchObject({ authorName: 'Eeva Redaktör', body: 'Riskerna är uppdaterade.' });
  });

  it.runIf(engine.name === 'postgres')(
    'two edits of one risk at once both take effect, one after the other; two from one version: one is refused',
    async () => {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        server.store.db,
      );
      const other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
      try {
        const risk = (await risksOf('STK-EKP'))[0]!;
        const at = { municipalityId: M, year: YEAR };
        // Another writer holds the risk's row: both edits must wait for it, then run in turn.
        const holder = await hold(other.db, (trx) =>
          trx.selectFrom('risk').select('id').where('id', '=', risk.id).forUpdate().execute(),
        );
        const owner = updateRisk(
          server.store.db,
          at,
          risk.id,
          { owner: 'ekonomidirektören' },
          finance,
        );
        const scale = updateRisk(
          server.store.db,
          at,
          risk.id,
          { likelihood: 1, impact: 1 },
          finance,
        );
        expect(await allWaiting([owner, scale])).toBe(true);
        await holder.release();
        const versions = (await Promise.all([owner, scale])).map((r) => r.version).sort();
        expect(versions).toEqual([risk.version + 1, risk.version + 2]);
        const now = (await risksOf('STK-EKP'))[0]!;
        expect(now).toMatchObject({
          owner: 'ekonomidirektören',
          likelihood: 1,
          impact: 1,
          version: risk.version + 2,
        });

        // Two edits based on the same version: the one that gets the row first wins.
        const again = await hold(other.db, (trx) =>
          trx.selectFrom('risk').select('id').where('id', '=', risk.id).forUpdate().execute(),
        );
        const first = updateRisk(
          server.store.db,
          at,
          risk.id,
          { impact: 4, version: now.version },
          finance,
        );
        const second = updateRisk(
          server.store.db,
          at,
          risk.id,
          { impact: 5, version: now.version },
          finance,
        );
        const outcomes = Promise.allSettled([first, second]);
        expect(await allWaiting([first, second])).toBe(true);
        await again.release();
        const settled = await outcomes;
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        expect(settled.filter((s) => s.status === 'rejected')).toMatchObject([
          { reason: { code: 'risk.stale' } },
        ]);
        expect((await risksOf('STK-EKP'))[0]!.version).toBe(now.version + 1);
      } finally {
        await other.close();
      }
    },
  );

  it.runIf(engine.name === 'postgres')(
    'a goal added and a risk edited while an import or an approval holds the year wait for it',
    async () => {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        server.store.db,
      );
      const other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
      try {
        const scope = { municipalityId: M, year: YEAR, unitCode: 'STK-EKP' };
        const risk = (await storedRisks(server.store.db, M, YEAR, 'STK-ICT'))[0]!;
        // What a goals import (or an approval) holds while it replaces (or freezes) the year.
        const holder = await hold(other.db, (trx) => lockYear(trx, M, YEAR));
        const writes = [
          addGoal(server.store.db, scope, { theme: 1, goal: { sv: 'Under importen.' } }, finance),
          updateRisk(
            server.store.db,
            { municipalityId: M, year: YEAR },
            risk.id,
            { owner: 'Under importen', version: risk.version },
            finance,
          ),
        ];
        expect(await allWaiting(writes)).toBe(true);
        await holder.release();
        await Promise.all(writes);
      } finally {
        await other.close();
      }
    },
  );

  it.runIf(engine.name === 'postgres')(
    'a goals or risks import waits for a goal or risk edit in progress (it takes the year alone)',
    async () => {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        server.store.db,
      );
      const other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
      try {
        // What an add or an edit on the unit page holds while it writes.
        const holder = await hold(other.db, (trx) => lockYearShared(trx, M, YEAR));
        const request = { municipalityId: M, year: YEAR };
        const imports = [
          importGoals(
            server.store.db,
            { ...request, file: 'fixtures/lovisa-2023/goals.csv' },
            finance,
          ),
          importRisks(
            server.store.db,
            { ...request, file: 'fixtures/lovisa-2023/risks.csv' },
            finance,
          ),
        ];
        expect(await allWaiting(imports)).toBe(true);
        await holder.release();
        await Promise.all(imports);
      } finally {
        await other.close();
      }
    },
  );

  it.runIf(engine.name === 'postgres')(
    'two goals added to one unit at once both land, at two positions',
    async () => {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        server.store.db,
      );
      const other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
      try {
        const scope = { municipalityId: M, year: YEAR, unitCode: 'STK-EKP' };
        const before = (await page('STK-EKP')).goals.length;
        const holder = await hold(other.db, async (trx) => {
          await lockYearShared(trx, M, YEAR);
          await lockUnit(trx, scope);
        });
        const adds = ['Först.', 'Sedan.'].map((sv) =>
          addGoal(server.store.db, scope, { theme: 1, goal: { sv } }, finance),
        );
        expect(await allWaiting(adds)).toBe(true);
        await holder.release();
        const added = await Promise.all(adds);
        const positions = await sql<{ position: number }>`
          select position from key_goal where id in (${sql.join(added.map((g) => g.id))})
          order by position`.execute(server.store.db);
        expect(positions.rows.map((r) => r.position)).toEqual([before, before + 1]);
        expect((await page('STK-EKP')).goals).toHaveLength(before + 2);
      } finally {
        await other.close();
      }
    },
  );
});
