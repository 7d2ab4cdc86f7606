/**
 * Two writers at once, with the interleaving forced rather than left to chance: a transaction on
 * a second connection takes a row (or the lock the writers take) first and holds it, the writers
 * start and must be waiting, then it commits and the outcome is checked. On PostgreSQL the
 * writers really overlap; on PGlite (one connection) the held transaction queues them and the
 * same scenario just runs one after the other.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { replaceGoals } from '../../src/db/goals.js';
import { lockYear } from '../../src/db/units.js';
import { systemActor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import type { KeyGoal } from '../../src/domain/goals.js';
import type { Cents } from '../../src/domain/money.js';
import { listBudgetChanges, recordBudgetChange } from '../../src/service/budget-changes.js';
import {
  auditLog,
  changeState,
  ConflictError,
  getNarratives,
  setNarrative,
} from '../../src/service/content.js';
import { goals, updateGoal } from '../../src/service/goals.js';
import { frozenConflicts } from '../../src/service/freeze.js';
import { importForecasts } from '../../src/service/forecast-import.js';
import { setForecast } from '../../src/service/forecasts.js';
import { undoImport } from '../../src/service/import-undo.js';
import { importHistory, runImport } from '../../src/service/imports.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import { hold, allWaiting } from '../support/hold.js';

const YEAR = 2023;
const GOOD = join(import.meta.dirname, '..', '..', 'fixtures', 'import', 'good');
const actor = systemActor('tester');
/** The fixture's organisation under a city of its own (the fixture's parent is LOVISA). */
const folder = mkdtempSync(join(tmpdir(), 'utfall-race-'));
const ORG = join(folder, 'org.csv');
{
  const [header, ...rows] = readFileSync(join(GOOD, 'org.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(ORG, [header, 'LOVISA,,city,Lovisa,Loviisa,Lovisa,,,', ...rows].join('\n') + '\n');
}

const names = { sv: 'Mål', fi: 'Tavoite', en: 'Goal' };
const keyGoal: KeyGoal = {
  unitCode: 'STK-ICT',
  theme: 1,
  cityGoal: names,
  goal: names,
  boardGoal: names,
  actionPlan: names,
  responsible: 'IT',
  binding: true,
  outcome: {},
  status: 'notAssessed',
  indicators: [],
};

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(ENGINES)('concurrent writes on $name', (engine) => {
  let store: Store;
  /** A second connection to the same database (PGlite has one: the same store). */
  let other: Store;

  beforeAll(async () => {
    store = await engine.open();
    if (engine.name === 'postgres') {
      const { rows } = await sql<{
        schema: string;
      }>`select current_schema() as schema`.execute(store.db);
      other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
    } else {
      other = store;
    }
  });
  afterAll(async () => {
    if (other !== store) await other.close();
    await store.close();
  });

  /** A municipality of its own with the fixture's units in YEAR. */
  async function municipality(id: string): Promise<string> {
    const org = await runImport(
      store.db,
      { kind: 'org', file: ORG, municipalityId: id, year: YEAR },
      actor,
    );
    expect(org.problems).toEqual([]);
    expect(org.written).toBe(true);
    return id;
  }

  const importActuals = (municipalityId: string, append = false) =>
    runImport(
      store.db,
      { kind: 'actuals', file: join(GOOD, 'balances.csv'), municipalityId, year: YEAR, append },
      actor,
    );

  async function actualTotal(municipalityId: string): Promise<{ amount: string; lines: string }> {
    const { rows } = await sql<{ amount: string; lines: string }>`
      select coalesce(sum(a), 0)::text as amount, coalesce(sum(l), 0)::text as lines
      from actual, unnest(amounts, lines) as m(a, l)
      where municipality_id = ${municipalityId} and year = ${YEAR}
    `.execute(store.db);
    return rows[0]!;
  }

  it('two replace-imports of one file at once: written one after the other, figures once', async () => {
    const m = await municipality('race-replace');
    expect((await importActuals(m)).written).toBe(true);
    const once = await actualTotal(m);
    expect(once.amount).not.toBe('0');
    // Another writer holds the year's actual rows: both imports must wait for it.
    const holder = await hold(other.db, (trx) =>
      sql`select 1 from actual where municipality_id = ${m} and year = ${YEAR} for update`.execute(
        trx,
      ),
    );
    const imports = [importActuals(m), importActuals(m)];
    expect(await allWaiting(imports)).toBe(true);
    await holder.release();
    const outcomes = await Promise.all(imports);
    expect(outcomes.map((o) => o.written)).toEqual([true, true]);
    expect(await actualTotal(m)).toEqual(once);
    const logged = (await importHistory(store.db, m)).filter((i) => i.kind === 'actuals');
    expect(logged.map((i) => i.id).sort()).toEqual(
      [outcomes[0]!.importId, outcomes[1]!.importId, logged.at(-1)!.id].sort(),
    );
  });

  it('two appends at once: one after the other, both added, both logged', async () => {
    const m = await municipality('race-append');
    expect((await importActuals(m)).written).toBe(true);
    const once = await actualTotal(m);
    const holder = await hold(other.db, (trx) => lockYear(trx, m, YEAR));
    const appends = [importActuals(m, true), importActuals(m, true)];
    expect(await allWaiting(appends)).toBe(true);
    await holder.release();
    const outcomes = await Promise.all(appends);
    expect(outcomes.map((o) => o.written)).toEqual([true, true]);
    expect(await actualTotal(m)).toEqual({
      amount: String(3n * BigInt(once.amount)),
      lines: String(3 * Number(once.lines)),
    });
    const ids = (await importHistory(store.db, m))
      .filter((i) => i.kind === 'actuals')
      .map((i) => i.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual(expect.arrayContaining(outcomes.map((o) => o.importId)));
  });

  it('an import racing an approval: refused, or inside the snapshot, never half', async () => {
    const m = await municipality('race-approve-import');
    expect((await importActuals(m)).written).toBe(true);
    const scope = { municipalityId: m, year: YEAR, unitCode: 'STK-ICT' };
    await changeState(store.db, scope, 'submit', actor);
    const holder = await hold(other.db, (trx) => lockYear(trx, m, YEAR));
    const approve = changeState(store.db, scope, 'approve', actor);
    const append = importActuals(m, true);
    expect(await allWaiting([approve, append])).toBe(true);
    await holder.release();
    const [approved, imported] = await Promise.allSettled([approve, append]);
    expect(approved.status).toBe('fulfilled');
    if (imported.status === 'rejected') {
      expect(imported.reason).toMatchObject({ code: 'frozen.changed' });
    } else {
      expect(imported.value.written).toBe(true);
    }
    // Whichever went first, the snapshot and live data agree.
    expect(await frozenConflicts(store.db, m, YEAR, { figuresOnly: false })).toEqual([]);
  });

  it('a narrative saved while an approval runs: refused, or inside the snapshot, never half', async () => {
    const m = await municipality('race-approve-text');
    const scope = { municipalityId: m, year: YEAR, unitCode: 'STK-ICT' };
    await changeState(store.db, scope, 'submit', actor);
    const holder = await hold(other.db, (trx) => lockYear(trx, m, YEAR));
    const approve = changeState(store.db, scope, 'approve', actor);
    const save = setNarrative(
      store.db,
      scope,
      { section: 'events', lang: 'sv', body: 'Skrivet under godkännandet', baseVersion: null },
      actor,
    );
    expect(await allWaiting([approve, save])).toBe(true);
    await holder.release();
    const [approved, saved] = await Promise.allSettled([approve, save]);
    expect(approved.status).toBe('fulfilled');
    if (saved.status === 'rejected') {
      expect(saved.reason).toMatchObject({ code: 'content.notEditable' });
    }
    // Whichever went first, the snapshot holds exactly the texts that are stored.
    expect(await frozenConflicts(store.db, m, YEAR, { figuresOnly: false })).toEqual([]);
  });

  it('a forecast file imported while an interim approval runs: refused, or inside the snapshot', async () => {
    const m = await municipality('race-approve-forecasts');
    expect((await importActuals(m)).written).toBe(true);
    const scope = { municipalityId: m, year: YEAR, unitCode: 'STK-ICT', period: 8 };
    await changeState(store.db, scope, 'submit', actor);
    const holder = await hold(other.db, (trx) => lockYear(trx, m, YEAR));
    const approve = changeState(store.db, scope, 'approve', actor);
    const file = importForecasts(
      store.db,
      { municipalityId: m, year: YEAR, period: 8, file: join(GOOD, 'forecast.csv') },
      actor,
    );
    const save = setForecast(
      store.db,
      scope,
      { line: 'materials', amount: -1_000_000 as Cents },
      actor,
    );
    expect(await allWaiting([approve, file, save])).toBe(true);
    await holder.release();
    const [approved, imported, saved] = await Promise.allSettled([approve, file, save]);
    expect(approved.status).toBe('fulfilled');
    if (imported.status === 'rejected')
      expect(imported.reason).toMatchObject({ code: 'forecast.importFrozen' });
    if (saved.status === 'rejected')
      expect(saved.reason).toMatchObject({ code: 'content.notEditable' });
    // Whichever went first, the interim snapshot holds exactly the forecasts that are stored.
    expect(await frozenConflicts(store.db, m, YEAR, { figuresOnly: false })).toEqual([]);
  });

  it('two undos of one import at once: undone once, the other refused', async () => {
    const m = await municipality('race-undo');
    const imported = await importActuals(m);
    expect(imported.written).toBe(true);
    const before = await actualTotal(m);
    const holder = await hold(other.db, (trx) => lockYear(trx, m, YEAR));
    const undos = [
      undoImport(store.db, actor, { municipalityId: m, importId: imported.importId! }),
      undoImport(store.db, actor, { municipalityId: m, importId: imported.importId! }),
    ];
    expect(await allWaiting(undos)).toBe(true);
    await holder.release();
    const results = await Promise.allSettled(undos);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'import.alreadyUndone' });
    expect(await actualTotal(m)).toEqual({ amount: '0', lines: '0' });
    expect(before.amount).not.toBe('0');
  });

  it('two budget changes at once: one after the other, both recorded', async () => {
    const m = await municipality('race-change');
    const holder = await hold(other.db, (trx) => lockYear(trx, m, YEAR));
    const change = (decision: string, amount: number) =>
      recordBudgetChange(
        store.db,
        m,
        YEAR,
        { decision, date: '2023-05-02', amounts: [{ unit: 'STK-ICT', line: 'personnel', amount }] },
        actor,
      );
    const changes = [change('KF §1', -100_00), change('KF §2', -200_00)];
    expect(await allWaiting(changes)).toBe(true);
    await holder.release();
    const recorded = await Promise.all(changes);
    expect(new Set(recorded.map((c) => c.id)).size).toBe(2);
    const listed = await listBudgetChanges(store.db, actor, m, YEAR);
    expect(
      listed
        .map((c) => [c.decision, c.total])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['KF §1', -100_00],
      ['KF §2', -200_00],
    ]);
  });

  it('two saves of a narrative from one version: one is saved, the other is a conflict with both texts', async () => {
    const m = await municipality('race-narrative');
    const scope = { municipalityId: m, year: YEAR, unitCode: 'STK-ICT' };
    const first = await setNarrative(
      store.db,
      scope,
      { section: 'events', lang: 'sv', body: 'start', baseVersion: null },
      actor,
    );
    expect(first.version).toBe(1);
    const holder = await hold(other.db, (trx) =>
      sql`select 1 from narrative where municipality_id = ${m} and unit_code = 'STK-ICT'
              and section = 'events' and lang = 'sv' for update`.execute(trx),
    );
    const save = (body: string) =>
      setNarrative(store.db, scope, { section: 'events', lang: 'sv', body, baseVersion: 1 }, actor);
    const saves = [save('text A'), save('text B')];
    expect(await allWaiting(saves)).toBe(true);
    await holder.release();
    const results = await Promise.allSettled(saves);
    const saved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(saved).toHaveLength(1);
    expect(saved[0]!.version).toBe(2);
    expect(refused).toHaveLength(1);
    const conflict = refused[0];
    expect(conflict).toBeInstanceOf(ConflictError);
    const loser = saved[0]!.body === 'text A' ? 'text B' : 'text A';
    expect((conflict as ConflictError).stored).toMatchObject({ version: 2, body: saved[0]!.body });
    expect((conflict as ConflictError).attempted).toEqual({ baseVersion: 1, body: loser });
    const stored = (await getNarratives(store.db, scope)).find((n) => n.section === 'events');
    expect(stored).toMatchObject({ version: 2, body: saved[0]!.body });
    const audited = await auditLog(store.db, m, { entity: 'narrative' });
    expect(audited.filter((e) => e.action === 'update')).toHaveLength(1);
  });

  it('a new narrative section saved while another writer creates it: a conflict, not an overwrite', async () => {
    const m = await municipality('race-new-narrative');
    const scope = { municipalityId: m, year: YEAR, unitCode: 'STK-ICT' };
    const holder = await hold(other.db, (trx) =>
      sql`insert into narrative (municipality_id, year, unit_code, section, lang, body, version, updated_by, updated_at)
              values (${m}, ${YEAR}, 'STK-ICT', 'risks', 'fi', 'other', 1, 'other', now())`.execute(
        trx,
      ),
    );
    const save = setNarrative(
      store.db,
      scope,
      { section: 'risks', lang: 'fi', body: 'mine', baseVersion: null },
      actor,
    );
    expect(await allWaiting([save])).toBe(true);
    await holder.release();
    const error = await save.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).stored).toMatchObject({ version: 1, body: 'other' });
    expect((error as ConflictError).attempted).toEqual({ baseVersion: null, body: 'mine' });
    const stored = (await getNarratives(store.db, scope)).find((n) => n.section === 'risks');
    expect(stored).toMatchObject({ version: 1, body: 'other' });
  });

  it('two approvals at once: one approves, the other is refused', async () => {
    const m = await municipality('race-approve');
    const scope = { municipalityId: m, year: YEAR, unitCode: 'STK-ICT' };
    await changeState(store.db, scope, 'submit', actor);
    const holder = await hold(other.db, (trx) =>
      sql`select 1 from report_state where municipality_id = ${m} and unit_code = 'STK-ICT'
              for update`.execute(trx),
    );
    const approvals = [
      changeState(store.db, scope, 'approve', actor),
      changeState(store.db, scope, 'approve', actor),
    ];
    expect(await allWaiting(approvals)).toBe(true);
    await holder.release();
    const results = await Promise.allSettled(approvals);
    const approved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(approved.map((s) => s.state)).toEqual(['approved']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(UtfallError);
    expect((refused[0] as UtfallError).code).toBe('workflow.notAllowed');
    const audited = await auditLog(store.db, m, { entity: 'workflow' });
    expect(audited.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  async function goalOf(m: string) {
    await replaceGoals(store.db, m, YEAR, 'STK-ICT', [keyGoal]);
    const [goal] = await goals(store.db, m, YEAR, 'STK-ICT');
    return goal!;
  }

  const holdGoal = (m: string, id: number) =>
    hold(other.db, (trx) =>
      sql`select 1 from key_goal where municipality_id = ${m} and id = ${id} for update`.execute(
        trx,
      ),
    );

  it('two goal updates at once without a version: both take effect, one after the other', async () => {
    const m = await municipality('race-goal');
    const goal = await goalOf(m);
    expect(goal.version).toBe(1);
    const holder = await holdGoal(m, goal.id);
    const scope = { municipalityId: m, year: YEAR };
    const updates = [
      updateGoal(store.db, scope, goal.id, { status: 'achieved' }, actor),
      updateGoal(store.db, scope, goal.id, { outcome: { sv: 'Klart' } }, actor),
    ];
    expect(await allWaiting(updates)).toBe(true);
    await holder.release();
    const results = await Promise.all(updates);
    expect(results.map((g) => g.version).sort()).toEqual([2, 3]);
    const [stored] = await goals(store.db, m, YEAR, 'STK-ICT');
    expect(stored).toMatchObject({ status: 'achieved', outcome: { sv: 'Klart' }, version: 3 });
  });

  it('two goal updates from one version: one is written, the other refused as stale', async () => {
    const m = await municipality('race-goal-version');
    const goal = await goalOf(m);
    const holder = await holdGoal(m, goal.id);
    const scope = { municipalityId: m, year: YEAR };
    const updates = [
      updateGoal(store.db, scope, goal.id, { status: 'achieved', version: 1 }, actor),
      updateGoal(store.db, scope, goal.id, { status: 'notAchieved', version: 1 }, actor),
    ];
    expect(await allWaiting(updates)).toBe(true);
    await holder.release();
    const results = await Promise.allSettled(updates);
    const written = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(written.map((g) => g.version)).toEqual([2]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(UtfallError);
    expect((refused[0] as UtfallError).code).toBe('goal.stale');
    expect((refused[0] as UtfallError).kind).toBe('conflict');
    const [stored] = await goals(store.db, m, YEAR, 'STK-ICT');
    expect(stored).toMatchObject({ status: written[0]!.status, version: 2 });
  });
});
