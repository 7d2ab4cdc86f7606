/**
 * Narratives and the workflow per reporting period (issue 13), on both engines: an interim
 * report's texts (period 8) are its own, beside the year's; the interim report prints them and
 * the annual one the year's; approving the interim report freezes a snapshot of period 8 and
 * the period-8 texts of the unit and the units under it, not the year's, until it is reopened;
 * a key goal's outcome and status of an interim period are the period's own.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshots } from '../../src/db/snapshots.js';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { buildReport } from '../../src/report/build.js';
import {
  assertEditable,
  auditLog,
  changeState,
  getNarratives,
  reportState,
  setNarrative,
  type Scope,
} from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, demoDir, loadDemo } from '../../src/service/demo.js';
import { goals, importGoals, updateGoal } from '../../src/service/goals.js';
import { ENGINES } from '../support/engines.js';

const common = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };
const finance = systemActor('controller');
const writer = systemActor('writer');

describe.each(ENGINES)('reporting periods on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  const save = async (scope: Scope, body: string, section = 'events') => {
    const stored = (await getNarratives(store.db, scope)).find(
      (n) => n.section === section && n.lang === 'sv',
    );
    return setNarrative(
      store.db,
      scope,
      { section, lang: 'sv', body, baseVersion: stored?.version ?? null },
      writer,
    );
  };
  const reportText = async (toMonth: number) =>
    JSON.stringify(
      await buildReport(store.db, { ...common, unitCode: 'STK', toMonth, lang: 'sv' }),
    );

  it('keeps an interim narrative apart from the year’s, and each report prints its own', async () => {
    const year = { ...common, unitCode: 'STK' };
    const interim = { ...year, period: 8 };
    const yearBefore = await getNarratives(store.db, year);
    expect(yearBefore.length).toBeGreaterThan(0);
    // The demo's interim report has outcome texts (revenue, costs, margin), no events yet.
    const events = async (scope: Scope) =>
      (await getNarratives(store.db, scope)).filter((n) => n.section === 'events');
    expect(await events(interim)).toEqual([]);

    const saved = await save(interim, 'Delårstexten för januari–augusti.');
    expect(saved.version).toBe(1);
    expect(await events(interim)).toMatchObject([
      { section: 'events', lang: 'sv', body: 'Delårstexten för januari–augusti.', version: 1 },
    ]);
    expect(await getNarratives(store.db, year)).toEqual(yearBefore);
    await save(year, 'Årets text om händelserna.');
    expect(await getNarratives(store.db, { ...year, period: 12 })).toEqual(
      await getNarratives(store.db, year),
    );

    const interimReport = await reportText(8);
    expect(interimReport).toContain('Delårstexten för januari–augusti.');
    expect(interimReport).not.toContain('Årets text om händelserna.');
    const annualReport = await reportText(12);
    expect(annualReport).toContain('Årets text om händelserna.');
    expect(annualReport).not.toContain('Delårstexten för januari–augusti.');

    // The year's audit keys are as before; an interim text's name its period.
    const keys = (await auditLog(store.db, DEMO_MUNICIPALITY, { entity: 'narrative' })).map(
      (e) => e.key,
    );
    expect(keys).toContain(`${DEMO_YEAR}/STK/8/events/sv`);
    expect(keys).toContain(`${DEMO_YEAR}/STK/events/sv`);
  });

  it('approves the interim report with a period-8 snapshot that freezes the period’s texts, not the year’s, until reopened', async () => {
    const stk = { ...common, unitCode: 'STK', period: 8 };
    const ict = { ...common, unitCode: 'STK-ICT', period: 8 };
    await save(ict, 'IT under januari–augusti.');
    await changeState(store.db, stk, 'submit', writer);
    expect(await changeState(store.db, stk, 'approve', finance)).toEqual({
      state: 'approved',
      reason: null,
    });
    expect(await reportState(store.db, stk)).toEqual({ state: 'approved', reason: null });
    expect(await reportState(store.db, { ...common, unitCode: 'STK' })).toEqual({
      state: 'draft',
      reason: null,
    });
    const inForce = await snapshots(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, { unitCode: 'STK' });
    expect(inForce.map((s) => s.period)).toEqual([8]);
    expect(inForce[0]!.data).toContain('Delårstexten för januari–augusti.');

    // The period-8 texts of STK and of the units under it are frozen …
    for (const scope of [stk, ict])
      await expect(save(scope, 'Ändrat efter godkännandet.')).rejects.toMatchObject({
        code: 'content.notEditable',
        params: { unit: 'STK', state: 'approved' },
      });
    await expect(assertEditable(store.db, { ...ict, period: 8 })).rejects.toMatchObject({
      code: 'content.notEditable',
    });
    // … the year's are not.
    await expect(
      save({ ...common, unitCode: 'STK' }, 'Årets text, ändrad.'),
    ).resolves.toMatchObject({ body: 'Årets text, ändrad.' });
    await expect(save({ ...common, unitCode: 'STK-ICT' }, 'IT under året.')).resolves.toBeTruthy();
    // The approved interim report prints its snapshot, the annual report the live year's texts.
    expect(await reportText(8)).toContain('Delårstexten för januari–augusti.');
    expect(await reportText(12)).toContain('Årets text, ändrad.');

    const reopened = await changeState(store.db, stk, 'reopen', finance, 'Texten rättas.');
    expect(reopened).toEqual({ state: 'draft', reason: 'Texten rättas.' });
    const all = await snapshots(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, {
      unitCode: 'STK',
      all: true,
    });
    expect(all.map((s) => [s.period, s.released?.reason])).toEqual([[8, 'Texten rättas.']]);
    await expect(save(ict, 'IT under januari–augusti, rättad.')).resolves.toMatchObject({
      version: 2,
    });

    const workflow = (
      await auditLog(store.db, DEMO_MUNICIPALITY, { entity: 'workflow', key: `${DEMO_YEAR}/STK/8` })
    ).map((e) => [e.action, e.before, e.after]);
    expect(workflow).toEqual([
      ['submit', 'draft', 'submitted'],
      [
        'approve',
        'submitted',
        { state: 'approved', period: 8, snapshot: inForce[0]!.id, sha256: inForce[0]!.sha256 },
      ],
      [
        'reopen',
        'approved',
        { state: 'draft', reason: 'Texten rättas.', period: 8, released: [inForce[0]!.id] },
      ],
    ]);
  });

  it('keeps a key goal’s interim outcome and status apart from the year’s, frozen by the period’s approval', async () => {
    const [yearGoal] = await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK');
    const id = yearGoal!.id;
    const [fresh] = await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', 4);
    expect(fresh).toMatchObject({ id, outcome: {}, status: 'notAssessed', version: 0 });
    expect(fresh!.goal).toEqual(yearGoal!.goal);

    const interim = { ...common, period: 4 };
    const saved = await updateGoal(
      store.db,
      interim,
      id,
      { status: 'partlyAchieved', outcome: { sv: 'Delvis efter april.' } },
      writer,
    );
    expect(saved).toMatchObject({
      id,
      status: 'partlyAchieved',
      outcome: { sv: 'Delvis efter april.' },
      version: 1,
    });
    expect((await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', 4))[0]).toEqual(saved);
    expect((await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK'))[0]).toEqual(yearGoal);
    expect((await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', 8))[0]).toMatchObject({
      status: 'notAssessed',
      outcome: {},
    });
    await expect(
      updateGoal(store.db, interim, id, { outcome: { fi: 'Osittain.' }, version: 1 }, writer),
    ).resolves.toMatchObject({
      outcome: { sv: 'Delvis efter april.', fi: 'Osittain.' },
      version: 2,
    });
    await expect(
      updateGoal(store.db, interim, id, { status: 'achieved', version: 1 }, writer),
    ).rejects.toMatchObject({ code: 'goal.stale' });
    await expect(
      updateGoal(store.db, interim, id, { indicators: [{ index: 0, actual: '1' }] }, writer),
    ).rejects.toMatchObject({ code: 'goal.interimIndicators' });

    const stk = { ...common, unitCode: 'STK', period: 4 };
    await changeState(store.db, stk, 'submit', writer);
    await changeState(store.db, stk, 'approve', finance);
    await expect(
      updateGoal(store.db, interim, id, { status: 'achieved' }, writer),
    ).rejects.toMatchObject({ code: 'content.notEditable' });
    await expect(
      updateGoal(store.db, common, id, { outcome: { sv: 'Året.' } }, writer),
    ).resolves.toMatchObject({ outcome: { ...yearGoal!.outcome, sv: 'Året.' } });
    await changeState(store.db, stk, 'reopen', finance, 'Bedömningen ändras.');
    await expect(
      updateGoal(store.db, interim, id, { status: 'achieved' }, writer),
    ).resolves.toMatchObject({ status: 'achieved', version: 3 });
    const keys = (await auditLog(store.db, DEMO_MUNICIPALITY, { entity: 'goal' })).map(
      (e) => e.key,
    );
    expect(keys).toContain(`${DEMO_YEAR}/STK/4/${id}`);
    expect(keys).toContain(`${DEMO_YEAR}/STK/${id}`);
  });

  it('refuses a period that is not a month', async () => {
    for (const period of [0, 13, 8.5])
      await expect(
        getNarratives(store.db, { ...common, unitCode: 'STK', period }),
      ).rejects.toMatchObject({ code: 'period.month' });
    await expect(
      changeState(store.db, { ...common, unitCode: 'STK', period: 13 }, 'submit', writer),
    ).rejects.toMatchObject({ code: 'period.month' });
  });

  it('refuses a goals import while an interim report froze the goals, and drops interim assessments of goals that moved', async () => {
    const stk = { ...common, unitCode: 'STK', period: 6 };
    const [first] = await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', 6);
    await updateGoal(store.db, stk, first!.id, { outcome: { sv: 'Halvvägs.' } }, writer);
    await changeState(store.db, stk, 'submit', writer);
    await changeState(store.db, stk, 'approve', finance);
    const file = join(demoDir(), 'goals.csv');
    await expect(importGoals(store.db, { ...common, file }, finance)).rejects.toMatchObject({
      code: 'content.notEditable',
    });
    await changeState(store.db, stk, 'reopen', finance, 'the goals are renumbered');
    // The file without its first goal: the second one takes its position.
    const lines = readFileSync(file, 'utf8').split('\n');
    const shorter = join(mkdtempSync(join(tmpdir(), 'utfall-goals-')), 'goals.csv');
    writeFileSync(shorter, [lines[0], ...lines.slice(2)].join('\n'));
    await importGoals(store.db, { ...common, file: shorter }, finance);
    const [now] = await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', 6);
    expect(now!.goal).not.toEqual(first!.goal);
    expect(now!.outcome).toEqual({});
  });
});
