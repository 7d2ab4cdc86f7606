/**
 * The web's pages at an interim period are that period's report, on the Lovisa demo, on PGlite
 * and PostgreSQL: at 2023-08 the overview's and the unit page's binding figures and lines compare
 * the actual to date with the budget to date (as the figures contract with `--period` and the
 * interim report 1–8 do), the year's pages are as they were, the monthly chart's budget is the
 * cumulative revised budget by its stored months, and the unit page's texts, key goals'
 * assessment, workflow state, approval and `editable` are the period's: a text written on the
 * page at 2023-08 is in the interim report and not in the annual one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import type { Actor } from '../../src/domain/access.js';
import { buildReport } from '../../src/report/build.js';
import { changeState, setNarrative } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY as M, DEMO_YEAR as YEAR, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { updateGoal } from '../../src/service/goals.js';
import { overviewFor, unitPageFor } from '../../src/service/pages.js';
import { ENGINES } from '../support/engines.js';

function member(name: string, role: 'reader' | 'editor' | 'finance', units: string[] = []): Actor {
  return { name, system: false, memberships: { [M]: { role, units } }, everywhere: null };
}
const editor = member('editor', 'editor', ['STK-ICT']);
const reader = member('reader', 'reader');
const finance = member('finance', 'finance');

describe.each(ENGINES)('pages at an interim period on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  }, 120_000);
  afterAll(async () => {
    await store.close();
  });

  const contract = async (unit: string, toMonth: number) =>
    (await figuresReport(store.db, M, YEAR, unit, { toMonth, period: true })).lines;
  const page = (unit: string, toMonth?: number, actor: Actor = editor) =>
    unitPageFor(store.db, actor, M, YEAR, unit, toMonth === undefined ? {} : { toMonth });

  it('compares the actual to date with the budget to date on the overview at 2023-08', async () => {
    const overview = await overviewFor(store.db, reader, M, YEAR, { toMonth: 8 });
    const stk = overview.units.find((u) => u.code === 'STK')!;
    const margin = (await contract('STK', 8)).find((l) => l.code === 'margin')!;
    const binding = stk.binding!;
    expect(binding).toMatchObject({ line: 'margin', bound: true });
    expect(binding.revisedToDate).toBe(margin.revisedToDate);
    expect(binding.deviation).toBe(binding.actual! - binding.revisedToDate!);
    expect(binding.deviation).toBe(margin.deviation);
    expect(binding.usePercent).toBe(margin.useRate);
    // Not the year's comparison: the budget to date is well short of the year's.
    expect(binding.revisedToDate).not.toBe(binding.revised);
    expect(binding.deviation).not.toBe(binding.actual! - binding.revised!);
    // The breach stays the rule of the year: an actual to date already worse than the year's budget.
    expect(stk.breach).toBe(binding.actual! < binding.revised!);
    // Every unit's binding figures are those of its own contract.
    for (const unit of overview.units.filter((u) => u.binding)) {
      const line = (await contract(unit.code, 8)).find((l) => l.code === unit.binding!.line)!;
      expect(unit.binding, unit.code).toMatchObject({
        revisedToDate: line.revisedToDate,
        deviation: line.deviation,
        usePercent: line.useRate,
      });
    }

    // The year's overview is as it always was: against the revised budget, no budget to date.
    const year = await overviewFor(store.db, reader, M, YEAR, { toMonth: 12 });
    const annual = year.units.find((u) => u.code === 'STK')!.binding!;
    expect(annual).not.toHaveProperty('revisedToDate');
    expect(annual.deviation).toBe(annual.actual! - annual.revised!);
  });

  it('gives the unit page at 2023-08 its lines to date and the budget by month', async () => {
    const stk = await page('STK', 8);
    expect(stk.period).toBe(8);
    const lines = await contract('STK', 8);
    for (const line of stk.lines) {
      const expected = lines.find((l) => l.code === line.code)!;
      expect(line, line.code).toMatchObject({
        revised: expected.revised,
        actual: expected.actual,
        revisedToDate: expected.revisedToDate,
        deviation: expected.deviation,
        usePercent: expected.useRate,
        forecast: expected.forecast,
        forecastDeviation: expected.forecastDeviation,
      });
    }
    const margin = lines.find((l) => l.code === 'margin')!;
    expect(stk.binding).toMatchObject({
      revisedToDate: margin.revisedToDate,
      deviation: margin.deviation,
    });
    // The areas' bindings (their margin) are to date too.
    const ict = stk.children.find((c) => c.code === 'STK-ICT')!;
    const ictMargin = (await contract('STK-ICT', 8)).find((l) => l.code === 'margin')!;
    expect(ict.binding).toMatchObject({
      revisedToDate: ictMargin.revisedToDate,
      deviation: ictMargin.deviation,
    });

    // The monthly chart: the budget to date at each month, the revised budget at December, from
    // the stored months (the demo's profiles, not an even twelfth).
    expect(stk.monthly[7]!.budget).toBe(margin.revisedToDate);
    expect(stk.monthly[11]!.budget).toBe(margin.revised);
    const april = (await contract('STK', 4)).find((l) => l.code === 'margin')!;
    expect(stk.monthly[3]!.budget).toBe(april.revisedToDate);
    expect(stk.monthly[7]!.actual).toBe(margin.actual);
    expect(stk.monthly[8]!.actual).toBeNull();

    // The year's page: no budget to date, deviation against the revised budget.
    const year = await page('STK');
    expect(year.period).toBe(12);
    for (const line of year.lines) {
      expect(line).not.toHaveProperty('revisedToDate');
      expect(line.deviation).toBe(line.actual === null ? null : line.actual - (line.revised ?? 0));
    }
    expect(year.monthly[11]!.budget).toBe(year.binding.revised);
  });

  it('reads and writes the period’s texts, goals and workflow on the page at 2023-08', async () => {
    const body = 'Delårets egen text: licenserna kostar mer än planerat.';
    const interim = await page('STK-ICT', 8);
    expect(interim.period).toBe(8);
    expect(interim.editable).toBe(true);
    // The demo's interim texts are the period's, not the year's.
    const annualPage = await page('STK-ICT');
    const events = (p: typeof interim) =>
      p.narratives.find((n) => n.section === 'events' && n.lang === 'sv');
    const scope = { municipalityId: M, year: YEAR, unitCode: 'STK-ICT' };
    await setNarrative(
      store.db,
      { ...scope, period: interim.period },
      { section: 'events', lang: 'sv', body, baseVersion: events(interim)?.version ?? null },
      editor,
    );
    expect(events(await page('STK-ICT', 8))?.body).toBe(body);
    expect(events(await page('STK-ICT'))?.body).toBe(events(annualPage)?.body);
    expect(events(await page('STK-ICT'))?.body).not.toBe(body);
    const report = async (toMonth: number) =>
      JSON.stringify(
        await buildReport(store.db, {
          municipalityId: M,
          year: YEAR,
          unitCode: 'STK-ICT',
          lang: 'sv',
          toMonth,
        }),
      );
    expect(await report(8)).toContain(body);
    expect(await report(12)).not.toContain(body);

    // A key goal's status set at the period is the period's.
    const goal = (await page('STK', 8, finance)).goals[0]!;
    const yearStatus = (await page('STK', 12, finance)).goals[0]!.status;
    const status = yearStatus === 'postponed' ? 'partlyAchieved' : 'postponed';
    await updateGoal(
      store.db,
      { municipalityId: M, year: YEAR, period: 8 },
      goal.id,
      { status },
      finance,
    );
    expect((await page('STK', 8, finance)).goals[0]!.status).toBe(status);
    expect((await page('STK', 12, finance)).goals[0]!.status).toBe(yearStatus);

    // The workflow at the period: submitted and approved there, the year's report untouched.
    await changeState(store.db, { ...scope, period: 8 }, 'submit', editor);
    await changeState(store.db, { ...scope, period: 8 }, 'approve', finance);
    const approved = await page('STK-ICT', 8);
    expect(approved.state.state).toBe('approved');
    expect(approved.editable).toBe(false);
    expect(approved.frozenBy).toEqual({ code: 'STK-ICT', state: 'approved' });
    expect(approved.approval).not.toBeNull();
    const year = await page('STK-ICT');
    expect(year.state.state).toBe('draft');
    expect(year.editable).toBe(true);
    expect(year.approval).toBeNull();
    expect(year.actions).toEqual(['submit']);
    // The overview at the period shows the period's state, the year's the year's.
    const state = async (toMonth: number) =>
      (await overviewFor(store.db, editor, M, YEAR, { toMonth })).units.find(
        (u) => u.code === 'STK-ICT',
      )!;
    expect(await state(8)).toMatchObject({ state: 'approved', editable: false });
    expect(await state(12)).toMatchObject({ state: 'draft', editable: true });
  });
});
