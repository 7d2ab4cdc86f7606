/**
 * Starting a fiscal year from an earlier one, on both engines: the demo's 2023 (with an account
 * mapping and budget profiles of its own added) started as 2024 gives 2024 the same units,
 * binding levels, mapping, strategy themes, key goals without their outcomes, and profiles, and
 * nothing else; a second start, a start into a year that does not come after, from a year that
 * does not exist, or by a role that may not, is refused and leaves the database as it was; two
 * starts at once (really at once on PostgreSQL) copy once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { snapshot } from '../../src/db/figures.js';
import { goals, themes } from '../../src/db/goals.js';
import {
  accountMapping,
  ensureYear,
  fiscalYears,
  listBindings,
  listUnits,
  lockYear,
  replaceMapping,
} from '../../src/db/units.js';
import { yearStructureCounts } from '../../src/db/year-start.js';
import type { Actor } from '../../src/domain/access.js';
import type { Role } from '../../src/domain/roles.js';
import { carriedOverGoal, YEAR_START_PARTS } from '../../src/domain/year-start.js';
import { auditLog } from '../../src/service/content.js';
import { DEMO_CENTRAL, DEMO_MUNICIPALITY, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { startYear, yearsFor } from '../../src/service/year-start.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import { allWaiting, hold } from '../support/hold.js';

const M = DEMO_MUNICIPALITY;
const FROM = 2023;
const YEAR = 2024;

const as = (role: Role): Actor => ({
  name: `a-${role}`,
  system: false,
  memberships: { [M]: { role, units: [] } },
  everywhere: null,
});
const finance = as('finance');

/** Tables a start must leave empty in the new year. */
const NOT_COPIED = [
  'budget_change',
  'budget_entry',
  'actual',
  'narrative',
  'risk',
  'report_state',
  'report_snapshot',
  'comment',
  'forecast',
] as const;

describe.each(ENGINES)('starting a year on $name', (engine) => {
  let store: Store;
  /** A second connection to the same database (PGlite has one: the same store). */
  let other: Store;

  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
    // The demo has no mapping of its own and profiles for personnel and the year-end lines only:
    // 2023 gets more, to be copied.
    await replaceMapping(store.db, M, FROM, [
      { from: '3000', to: '3099', line: 'sales' },
      { from: '4000', to: '4199', line: 'personnel' },
    ]);
    await store.db
      .insertInto('budget_profile')
      .values([
        {
          municipality_id: M,
          year: FROM,
          name: 'Even',
          line: null,
          weights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
          updated_by: 'someone',
        },
        {
          municipality_id: M,
          year: FROM,
          name: 'Summer off',
          line: 'otherCosts',
          weights: [9, 9, 9, 9, 9, 9, 0, 4, 9, 9, 9, 14],
          updated_by: 'someone',
        },
      ])
      .execute();
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
    if (other !== store) await other?.close();
    await store?.close();
  });

  const profiles = async (year: number) =>
    (
      await store.db
        .selectFrom('budget_profile')
        .select(['name', 'line', 'weights', 'updated_by'])
        .where('municipality_id', '=', M)
        .where('year', '=', year)
        .orderBy('name')
        .execute()
    ).map((p) => ({ ...p, weights: p.weights.map(Number) }));

  /** Every row of the municipality, budget profiles and forecasts included. */
  const fingerprint = async () =>
    [
      await snapshot(store.db, M),
      JSON.stringify(await profiles(FROM)),
      JSON.stringify(await profiles(YEAR)),
    ].join('\n');

  const withoutIds = <T extends { id: number; version: number }>(list: T[]) =>
    list.map(({ id: _id, version: _version, ...rest }) => rest);

  it('copies units, binding levels, mapping, themes, goals without outcomes and profiles', async () => {
    const source = await yearStructureCounts(store.db, M, FROM);
    for (const part of YEAR_START_PARTS) expect(source[part], part).toBeGreaterThan(0);

    const started = await startYear(
      store.db,
      { municipalityId: M, year: YEAR, from: FROM },
      finance,
    );
    expect(started).toEqual({ year: YEAR, from: FROM, copied: source });
    expect(await yearStructureCounts(store.db, M, YEAR)).toEqual(source);

    expect(await listUnits(store.db, M, YEAR)).toEqual(await listUnits(store.db, M, FROM));
    const byUnit = (a: { unitCode: string }, b: { unitCode: string }) =>
      a.unitCode.localeCompare(b.unitCode);
    expect((await listBindings(store.db, M, YEAR)).sort(byUnit)).toEqual(
      (await listBindings(store.db, M, FROM)).sort(byUnit),
    );
    expect(await accountMapping(store.db, M, YEAR)).toEqual(
      await accountMapping(store.db, M, FROM),
    );
    expect(await themes(store.db, M, YEAR)).toEqual(await themes(store.db, M, FROM));

    const before = await goals(store.db, M, FROM);
    const after = await goals(store.db, M, YEAR);
    expect(withoutIds(after)).toEqual(withoutIds(before).map(carriedOverGoal));
    // The demo's goals have outcomes, assessed statuses and indicator values; 2024's none.
    expect(before.some((g) => Object.values(g.outcome).some(Boolean))).toBe(true);
    expect(before.some((g) => g.status !== 'notAssessed')).toBe(true);
    expect(before.some((g) => g.indicators.some((i) => i.actual !== null))).toBe(true);
    for (const goal of after) {
      expect(goal.outcome).toEqual({});
      expect(goal.status).toBe('notAssessed');
      expect(goal.version).toBe(1);
      expect(goal.indicators.every((i) => i.actual === null)).toBe(true);
    }
    // …but their texts, action plans and indicators' names and targets.
    expect(after.map((g) => [g.unitCode, g.theme, g.goal, g.actionPlan, g.binding])).toEqual(
      before.map((g) => [g.unitCode, g.theme, g.goal, g.actionPlan, g.binding]),
    );
    expect(after.flatMap((g) => g.indicators.map((i) => [i.name, i.target]))).toEqual(
      before.flatMap((g) => g.indicators.map((i) => [i.name, i.target])),
    );
    const statuses = await store.db
      .selectFrom('key_goal')
      .select('status')
      .distinct()
      .where('municipality_id', '=', M)
      .where('year', '=', YEAR)
      .execute();
    expect(statuses).toEqual([{ status: 'notAssessed' }]);

    expect(await profiles(YEAR)).toEqual(
      (await profiles(FROM)).map((p) => ({ ...p, updated_by: finance.name })),
    );

    // The central's report: the same lines, without a figure.
    const report = await figuresReport(store.db, M, YEAR, DEMO_CENTRAL);
    const last = await figuresReport(store.db, M, FROM, DEMO_CENTRAL);
    expect(report.lines.map((l) => l.code)).toEqual(last.lines.map((l) => l.code));
    expect(last.lines.some((l) => l.budget !== null && l.actual !== null)).toBe(true);
    for (const line of report.lines) {
      expect([line.budget, line.changes, line.revised, line.actual, line.deviation]).toEqual([
        null,
        null,
        null,
        null,
        null,
      ]);
    }
    for (const table of NOT_COPIED) {
      const { rows } = await sql<{ n: string }>`
        select count(*)::text as n from ${sql.table(table)}
        where municipality_id = ${M} and year = ${YEAR}`.execute(store.db);
      expect(rows[0]!.n, table).toBe('0');
    }

    const entries = await auditLog(store.db, M, { entity: 'year' });
    expect(entries).toMatchObject([
      {
        actor: finance.name,
        action: 'start',
        key: String(YEAR),
        before: null,
        after: { from: FROM, copied: source },
      },
    ]);
  });

  it('lists the years with their units and proposes the next start', async () => {
    const view = await yearsFor(store.db, finance, M);
    expect(view.years.find((y) => y.year === YEAR)?.units).toBe(
      (await listUnits(store.db, M, FROM)).length,
    );
    expect(view.mayStart).toBe(true);
    expect(view.proposal).toEqual({ year: YEAR + 1, from: YEAR });
    expect((await yearsFor(store.db, as('reader'), M)).mayStart).toBe(false);
  });

  it('refuses a second start, a year not after, an unknown year and other roles: nothing changes', async () => {
    const years = await fiscalYears(store.db, M);
    const before = await fingerprint();
    const start = (year: number, from: number, actor: Actor = finance) =>
      startYear(store.db, { municipalityId: M, year, from }, actor);

    await expect(start(YEAR, FROM)).rejects.toMatchObject({
      code: 'year.exists',
      kind: 'conflict',
      params: { municipality: M, year: YEAR },
    });
    await expect(start(FROM, FROM)).rejects.toMatchObject({ code: 'year.notAfter' });
    await expect(start(FROM - 1, FROM)).rejects.toMatchObject({
      code: 'year.notAfter',
      kind: 'invalid',
      params: { year: FROM - 1, from: FROM },
    });
    await expect(start(2031, 2030)).rejects.toMatchObject({
      code: 'year.unknown',
      kind: 'notFound',
      params: { municipality: M, year: 2030 },
    });
    await expect(start(2040, FROM, as('editor'))).rejects.toMatchObject({ code: 'forbiddenRole' });
    await expect(start(2040, FROM, as('reader'))).rejects.toMatchObject({ code: 'forbiddenRole' });
    await expect(
      startYear(store.db, { municipalityId: 'nowhere', year: 2040, from: FROM }, finance),
    ).rejects.toMatchObject({ code: 'municipality.unknown' });

    expect(await fingerprint()).toBe(before);
    expect(await fiscalYears(store.db, M)).toEqual(years);
  });

  it('refuses a year that has a mapping of its own, and starts one that exists empty', async () => {
    await ensureYear(store.db, M, 2026);
    await replaceMapping(store.db, M, 2026, [{ from: '3000', to: '3999', line: 'sales' }]);
    const before = await fingerprint();
    await expect(
      startYear(store.db, { municipalityId: M, year: 2026, from: FROM }, finance),
    ).rejects.toMatchObject({ code: 'year.exists' });
    expect(await fingerprint()).toBe(before);

    await ensureYear(store.db, M, 2027);
    const started = await startYear(
      store.db,
      { municipalityId: M, year: 2027, from: FROM },
      as('admin'),
    );
    expect(started.copied.units).toBe((await listUnits(store.db, M, FROM)).length);
  });

  it('two starts of one year at once: one copies, the other is refused', async () => {
    const year = 2030;
    // Another writer holds the source year (as an import of it does): both starts wait for it.
    const holder = await hold(other.db, (trx) => lockYear(trx, M, FROM));
    const starts = [
      startYear(store.db, { municipalityId: M, year, from: FROM }, finance),
      startYear(store.db, { municipalityId: M, year, from: FROM }, as('admin')),
    ];
    expect(await allWaiting(starts)).toBe(true);
    await holder.release();
    const results = await Promise.allSettled(starts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'year.exists' });
    expect(await yearStructureCounts(store.db, M, year)).toEqual(
      await yearStructureCounts(store.db, M, FROM),
    );
    const entries = await auditLog(store.db, M, { entity: 'year', key: String(year) });
    expect(entries).toHaveLength(1);
  });
});
