/**
 * Key goals, narratives, the workflow and the audit log on the demo, on both engines.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { indicatorStatus } from '../../src/domain/goals.js';
import { LANGUAGES } from '../../src/domain/lines.js';
import { proposeOutcome } from '../../src/domain/outcome.js';
import { runChecks } from '../../src/service/checks.js';
import {
  auditLog,
  ConflictError,
  changeState,
  getNarratives,
  reportState,
  setNarrative,
} from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { goals, importRisks, riskRegister, themes, updateGoal } from '../../src/service/goals.js';
import { ENGINES } from '../support/engines.js';
import { systemActor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';

const common = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };

describe.each(ENGINES)('report content on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('loads themes, the central’s binding key goals, risks and narratives in sv and fi', async () => {
    expect((await themes(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).length).toBeGreaterThanOrEqual(4);
    const list = await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK');
    expect(list.length).toBeGreaterThanOrEqual(10);
    for (const goal of list) {
      expect(goal.goal.sv).toBeTruthy();
      expect(goal.goal.fi).toBeTruthy();
    }
    expect(
      (await riskRegister(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).length,
    ).toBeGreaterThanOrEqual(6);
    for (const unitCode of ['STK', 'STK-ADM', 'STK-ICT', 'STK-EKP']) {
      const langs = new Set(
        (await getNarratives(store.db, { ...common, unitCode })).map((n) => n.lang),
      );
      expect([...langs].sort()).toEqual(expect.arrayContaining(['fi', 'sv']));
    }
  });

  it('refuses a bad risk register with every problem and keeps the stored one', async () => {
    const before = await riskRegister(store.db, DEMO_MUNICIPALITY, DEMO_YEAR);
    const outcome = await importRisks(
      store.db,
      {
        ...common,
        file: join(import.meta.dirname, '..', '..', 'fixtures', 'import', 'bad', 'risks-bad.csv'),
      },
      systemActor('tester'),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'likelihood', 'risk.scale'],
      [3, 'unit', 'unit.unknown'],
      [3, 'category', 'risk.category'],
      [4, 'status', 'risk.status'],
    ]);
    expect(await riskRegister(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).toEqual(before);
  });

  it('check flags a goal whose status its indicators contradict, and the demo as shipped has none', async () => {
    expect(
      (await runChecks(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).filter(
        (f) => f.rule === 'goal.contradiction',
      ),
    ).toEqual([]);
    const unmet = (await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK')).find((g) =>
      g.indicators.some((i) => indicatorStatus(i) === 'notMet'),
    );
    expect(
      unmet,
      'the demo has a goal with an indicator not met (time to do the work: ≥ 80 %, 40 %)',
    ).toBeDefined();
    await updateGoal(store.db, common, unmet!.id, { status: 'achieved' }, systemActor('tester'));
    const findings = (await runChecks(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).filter(
      (f) => f.rule === 'goal.contradiction',
    );
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', unitCode: 'STK', goalId: unmet!.id }),
    ]);
    await updateGoal(store.db, common, unmet!.id, { status: unmet!.status }, systemActor('tester'));
  });

  it('proposes outcome sentences from the figures in sv and fi for the central and every area', async () => {
    for (const unitCode of ['STK', 'STK-ADM', 'STK-ICT', 'STK-EKP']) {
      const report = await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, unitCode);
      const margin = proposeOutcome(report.lines).find((p) => p.topic === 'margin')!;
      expect([unitCode, margin.direction]).toEqual([
        unitCode,
        unitCode === 'STK-EKP' ? 'worse' : 'better',
      ]);
      for (const lang of LANGUAGES) expect(margin.text[lang].length).toBeGreaterThan(10);
    }
    const central = proposeOutcome(
      (await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK')).lines,
    );
    expect(central.find((p) => p.topic === 'costs')?.drivers).toEqual(['personnel', 'services']);
  });

  it('refuses a conflicting save of a narrative and keeps both texts', async () => {
    const scope = { ...common, unitCode: 'STK-ADM' };
    const first = await setNarrative(
      store.db,
      scope,
      { section: 'margin', lang: 'sv', body: 'Första texten.', baseVersion: null },
      systemActor('anna'),
    );
    await setNarrative(
      store.db,
      scope,
      { section: 'margin', lang: 'sv', body: 'Annas ändring.', baseVersion: first.version },
      systemActor('anna'),
    );
    const stale = setNarrative(
      store.db,
      scope,
      { section: 'margin', lang: 'sv', body: 'Bertils ändring.', baseVersion: first.version },
      systemActor('bertil'),
    );
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    const error = (await stale.catch((e: unknown) => e)) as ConflictError;
    expect(error.stored).toMatchObject({
      version: first.version + 1,
      body: 'Annas ändring.',
      updatedBy: 'anna',
    });
    expect(error.attempted).toEqual({ baseVersion: first.version, body: 'Bertils ändring.' });
    const stored = (await getNarratives(store.db, scope)).find(
      (n) => n.section === 'margin' && n.lang === 'sv',
    );
    expect(stored).toMatchObject({ body: 'Annas ändring.', version: first.version + 1 });
  });

  it('locks content, records the reason for reopening and audits every change with before and after', async () => {
    const scope = { ...common, unitCode: 'STK-ICT' };
    const events = (await getNarratives(store.db, scope)).find(
      (n) => n.section === 'events' && n.lang === 'sv',
    )!;
    await changeState(store.db, scope, 'submit', systemActor('ict-chief'));
    await changeState(store.db, scope, 'approve', systemActor('board'));
    await changeState(store.db, scope, 'lock', systemActor('finance'));
    await expect(
      setNarrative(
        store.db,
        scope,
        { section: 'events', lang: 'sv', body: 'Ändrat i efterhand.', baseVersion: events.version },
        systemActor('ict-chief'),
      ),
    ).rejects.toMatchObject({
      code: 'content.notEditable',
    });
    const ictGoal = (await goals(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).find(
      (g) => g.unitCode === 'STK-ICT',
    );
    if (ictGoal)
      await expect(
        updateGoal(store.db, common, ictGoal.id, { status: 'notAchieved' }, systemActor('x')),
      ).rejects.toBeInstanceOf(UtfallError);
    await expect(
      changeState(store.db, scope, 'reopen', systemActor('finance')),
    ).rejects.toMatchObject({
      code: 'workflow.reasonMissing',
    });
    await expect(
      changeState(store.db, scope, 'approve', systemActor('board')),
    ).rejects.toMatchObject({
      code: 'workflow.notAllowed',
    });
    await changeState(
      store.db,
      scope,
      'reopen',
      systemActor('finance'),
      'Fel i texten om datatrafiken',
    );
    expect(await reportState(store.db, scope)).toEqual({
      state: 'draft',
      reason: 'Fel i texten om datatrafiken',
    });
    await setNarrative(
      store.db,
      scope,
      { section: 'events', lang: 'sv', body: 'Rättad text.', baseVersion: events.version },
      systemActor('ict-chief'),
    );

    const log = await auditLog(store.db, DEMO_MUNICIPALITY, { key: `${DEMO_YEAR}/STK-ICT` });
    const workflow = log
      .filter((e) => e.entity === 'workflow')
      .map((e) => [e.action, e.actor, e.before, e.after]);
    expect(workflow).toEqual([
      ['submit', 'ict-chief', 'draft', 'submitted'],
      [
        'approve',
        'board',
        'submitted',
        {
          state: 'approved',
          period: 12,
          snapshot: expect.any(Number) as number,
          sha256: expect.any(String) as string,
        },
      ],
      ['lock', 'finance', 'approved', 'locked'],
      [
        'reopen',
        'finance',
        'locked',
        {
          state: 'draft',
          reason: 'Fel i texten om datatrafiken',
          period: 12,
          released: [expect.any(Number)],
        },
      ],
    ]);
    const edit = log.filter((e) => e.entity === 'narrative').at(-1)!;
    expect(edit).toMatchObject({
      action: 'update',
      actor: 'ict-chief',
      before: { version: events.version, body: events.body },
      after: { version: events.version + 1, body: 'Rättad text.' },
    });
    const goalChange = (await auditLog(store.db, DEMO_MUNICIPALITY, { entity: 'goal' }))[0]!;
    expect(goalChange.before).toMatchObject({ status: expect.any(String) as string });
    expect(goalChange.after).toMatchObject({ status: 'achieved' });
  });
});
