/**
 * An approved interim report stays true (issues 11 and 13), on both engines: approving the
 * interim report 1–8 of STK freezes its forecasts and its budget to date in the snapshot; a
 * forecast entered afterwards is refused, a monthly re-spread of the budget that moves the
 * budget to date is refused, a budget change after the period goes in while the interim report
 * prints the snapshot's figures; the year's report and other periods stay open. Reopening releases it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { snapshots } from '../../src/db/snapshots.js';
import { systemActor } from '../../src/domain/access.js';
import type { Cents } from '../../src/domain/money.js';
import { openSnapshot } from '../../src/report/data.js';
import { buildReport } from '../../src/report/build.js';
import { listBudgetChanges, recordBudgetChange } from '../../src/service/budget-changes.js';
import { changeState } from '../../src/service/content.js';
import {
  DEMO_INTERIM_PERIOD,
  DEMO_MUNICIPALITY,
  DEMO_YEAR,
  demoDir,
  loadDemo,
} from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { runImport } from '../../src/service/imports.js';
import { setForecast } from '../../src/service/forecasts.js';
import { setProfile } from '../../src/service/profiles.js';
import { ENGINES } from '../support/engines.js';

const common = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };
const finance = systemActor('controller');

describe.each(ENGINES)('an approved interim report on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  const ictServices = async (toMonth: number) =>
    (
      await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK-ICT', {
        toMonth,
        period: true,
      })
    ).lines.find((l) => l.code === 'services')!;

  it('freezes its forecasts and budget to date; reopening releases them', async () => {
    const stk = { ...common, unitCode: 'STK', period: DEMO_INTERIM_PERIOD };
    const before = await ictServices(DEMO_INTERIM_PERIOD);
    await changeState(store.db, stk, 'submit', finance);
    await changeState(store.db, stk, 'approve', finance);
    const [stored] = await snapshots(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, {
      unitCode: 'STK',
      period: DEMO_INTERIM_PERIOD,
    });
    const frozen = openSnapshot(stored!).data;
    expect(frozen.period).toBe(8);
    expect(frozen.forecasts).toContainEqual({
      unitCode: 'STK-ICT',
      line: 'services',
      amount: before.forecast,
    });
    expect(frozen.leaves.every((l) => l.revisedToDate !== undefined)).toBe(true);

    // A forecast of a unit under the approved one is refused, and nothing changes.
    await expect(
      setForecast(
        store.db,
        { ...common, unitCode: 'STK-ICT', period: 8 },
        { line: 'services', amount: -1 as Cents },
        finance,
      ),
    ).rejects.toMatchObject({ code: 'content.notEditable' });
    expect(await ictServices(8)).toEqual(before);
    // Another period is not frozen by it.
    await setForecast(
      store.db,
      { ...common, unitCode: 'STK-ICT', period: 4 },
      { line: 'services', amount: -75_000_000 as Cents },
      finance,
    );
    expect((await ictServices(4)).forecast).toBe(-75_000_000);

    // Re-importing the budget by another profile would move the frozen budget to date.
    await setProfile(store.db, finance, DEMO_MUNICIPALITY, DEMO_YEAR, {
      name: 'autumn',
      weights: [1, 1, 1, 1, 1, 1, 1, 1, 10, 10, 10, 10],
    });
    const refused = runImport(
      store.db,
      {
        ...common,
        kind: 'budget',
        stage: 'original',
        profile: 'autumn',
        file: `${demoDir()}/budget.csv`,
      },
      finance,
    );
    await expect(refused).rejects.toMatchObject({ code: 'frozen.changed' });
    expect(await ictServices(8)).toEqual(before);

    // The council may still change the year's budget after the interim period: a change decided
    // in November moves only November and December, and goes in. The approved report prints
    // what it froze.
    await recordBudgetChange(
      store.db,
      DEMO_MUNICIPALITY,
      DEMO_YEAR,
      {
        decision: 'KF 20.11.2023 § 88',
        date: '2023-11-20',
        amounts: [{ unit: 'STK-ICT', line: 'services', amount: -1_000_000 }],
      },
      finance,
    );
    expect(
      (await listBudgetChanges(store.db, finance, DEMO_MUNICIPALITY, DEMO_YEAR)).map(
        (c) => c.decision,
      ),
    ).toContain('KF 20.11.2023 § 88');
    // Everything of the approved units prints as approved: the figures contract too.
    expect(await ictServices(8)).toEqual(before);
    const printed = await buildReport(store.db, {
      ...common,
      unitCode: 'STK-ICT',
      toMonth: 8,
      lang: 'sv',
    });
    const table = printed.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    expect(
      table?.kind === 'figureTable' && table.rows.find((r) => r.line === 'services')!.cells.revised,
    ).toBe(before.revised);

    await changeState(store.db, stk, 'reopen', finance, 'the forecasts are revised');
    await setForecast(
      store.db,
      { ...common, unitCode: 'STK-ICT', period: 8 },
      { line: 'services', amount: -80_000_000 as Cents },
      finance,
    );
    expect((await ictServices(8)).forecast).toBe(-80_000_000);
  });
});
