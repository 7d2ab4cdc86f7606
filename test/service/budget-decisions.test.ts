/**
 * Correcting and deleting a recorded council decision (issue 14), on both engines: finance
 * corrects the reference, date, text and amounts (the revised budget follows, the months are
 * spread from the new date) or deletes it, each audited with before and after; a correction or
 * deletion based on an older version is refused; one that would change what an approved
 * interim report froze is refused and changes nothing; a reader may do neither. On PostgreSQL a
 * correction and a deletion of the same version at once: exactly one goes through.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { snapshot } from '../../src/db/figures.js';
import { lockYear } from '../../src/db/units.js';
import { systemActor, type Actor } from '../../src/domain/access.js';
import {
  correctBudgetChange,
  deleteBudgetChange,
  listBudgetChanges,
  recordBudgetChange,
  type BudgetChangeRecord,
} from '../../src/service/budget-changes.js';
import { auditLog, changeState } from '../../src/service/content.js';
import {
  DEMO_INTERIM_PERIOD,
  DEMO_MUNICIPALITY,
  DEMO_YEAR,
  loadDemo,
} from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import { allWaiting, hold } from '../support/hold.js';

const m = DEMO_MUNICIPALITY;
const year = DEMO_YEAR;
const finance = systemActor('controller');
const reader: Actor = {
  name: 'läsare',
  system: false,
  memberships: { [m]: { role: 'reader', units: [] } },
  everywhere: null,
};

describe.each(ENGINES)('correcting and deleting budget decisions on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  const record = (decision: string, date: string, amount: number, unit = 'STK-ICT') =>
    recordBudgetChange(
      store.db,
      m,
      year,
      { decision, date, text: 'Tilläggsanslag', amounts: [{ unit, line: 'services', amount }] },
      finance,
    );
  const services = async (unit: string, toMonth = 12) =>
    (await figuresReport(store.db, m, year, unit, { toMonth, period: toMonth < 12 })).lines.find(
      (l) => l.code === 'services',
    )!;
  const scope = (change: BudgetChangeRecord) => ({ municipalityId: m, year, id: change.id });
  const entriesOf = (audit: Awaited<ReturnType<typeof auditLog>>, change: BudgetChangeRecord) =>
    audit.filter((e) => e.entity === 'budgetChange' && e.key === `${year}/change/${change.id}`);

  it('corrects a decision: reference, date, text and amounts, audited; the budget follows', async () => {
    const before = await services('STK-ICT');
    const before12 = (await figuresReport(store.db, m, year, 'STK-ICT', {})).lines.find(
      (l) => l.code === 'materials',
    )!;
    const change = await record('KF 20.3.2023 § 12', '2023-03-20', -1_000_000);
    expect(change).toMatchObject({ version: 1, text: 'Tilläggsanslag', profile: null });
    expect((await services('STK-ICT')).changes).toBe((before.changes ?? 0) - 1_000_000);

    const corrected = await correctBudgetChange(store.db, finance, scope(change), {
      version: 1,
      decision: 'KF 20.3.2023 § 13',
      date: '2023-09-20',
      text: 'Tilläggsanslag för licenser',
      amounts: [{ unit: 'STK-ICT', line: 'materials', amount: -400_000 }],
    });
    expect(corrected).toMatchObject({
      id: change.id,
      version: 2,
      decision: 'KF 20.3.2023 § 13',
      date: '2023-09-20',
      text: 'Tilläggsanslag för licenser',
      amounts: [{ unit: 'STK-ICT', line: 'materials', amount: -400_000 }],
      total: -400_000,
    });
    expect((await services('STK-ICT')).changes).toBe(before.changes);
    // Spread from September now: nothing of it in the budget to date at August.
    const materials = async (toMonth: number) =>
      (await figuresReport(store.db, m, year, 'STK-ICT', { toMonth, period: true })).lines.find(
        (l) => l.code === 'materials',
      )!;
    const august = await materials(8);
    const september = await materials(9);
    expect((september.revisedToDate ?? 0) - (august.revisedToDate ?? 0)).toBeLessThan(0);

    const [entry] = entriesOf(
      await auditLog(store.db, m, { entity: 'budgetChange' }),
      change,
    ).filter((e) => e.action === 'update');
    expect(entry).toMatchObject({
      actor: 'controller',
      before: {
        decision: 'KF 20.3.2023 § 12',
        date: '2023-03-20',
        version: 1,
        amounts: [{ unit: 'STK-ICT', line: 'services', amount: -1_000_000 }],
      },
      after: { decision: 'KF 20.3.2023 § 13', date: '2023-09-20', version: 2 },
    });

    // A correction based on the old version is refused, and changes nothing.
    const unchanged = await snapshot(store.db, m);
    await expect(
      correctBudgetChange(store.db, finance, scope(change), {
        version: 1,
        decision: 'KF § 99',
        date: '2023-09-20',
        amounts: [{ unit: 'STK-ICT', line: 'materials', amount: -1 }],
      }),
    ).rejects.toMatchObject({ code: 'budgetChange.stale', params: { stored: 2, base: 1 } });
    await expect(
      deleteBudgetChange(store.db, finance, scope(change), { version: 1 }),
    ).rejects.toMatchObject({ code: 'budgetChange.stale' });
    expect(await snapshot(store.db, m)).toBe(unchanged);

    // Deleted: gone from the list and the figures, audited with what it was.
    const deleted = await deleteBudgetChange(store.db, finance, scope(change), { version: 2 });
    expect(deleted).toEqual({ id: change.id, decision: 'KF 20.3.2023 § 13' });
    expect(
      (await listBudgetChanges(store.db, finance, m, year)).some((c) => c.id === change.id),
    ).toBe(false);
    expect((await materials(12)).changes).toBe(before12.changes);
    const removal = entriesOf(await auditLog(store.db, m, { entity: 'budgetChange' }), change).find(
      (e) => e.action === 'delete',
    );
    expect(removal).toMatchObject({
      before: { decision: 'KF 20.3.2023 § 13', version: 2 },
      after: null,
    });
    await expect(
      deleteBudgetChange(store.db, finance, scope(change), { version: 2 }),
    ).rejects.toMatchObject({ code: 'budgetChange.unknown' });
  });

  it('keeps the stored entries when only the reference or text changes', async () => {
    const change = await record('KF 5.4.2023 § 20', '2023-04-05', -250_000);
    const corrected = await correctBudgetChange(store.db, finance, scope(change), {
      version: change.version,
      decision: 'KF 5.4.2023 § 21',
      date: change.date,
      text: '',
      amounts: change.amounts,
    });
    expect(corrected).toMatchObject({ version: 2, text: '', amounts: change.amounts });
    await deleteBudgetChange(store.db, finance, scope(corrected), { version: 2 });
  });

  it('refuses a reader', async () => {
    const change = await record('KF 6.4.2023 § 22', '2023-04-06', -1_000);
    await expect(
      correctBudgetChange(store.db, reader, scope(change), { ...change, decision: 'x' }),
    ).rejects.toMatchObject({ code: 'forbiddenRole' });
    await expect(
      deleteBudgetChange(store.db, reader, scope(change), { version: 1 }),
    ).rejects.toMatchObject({ code: 'forbiddenRole' });
    await deleteBudgetChange(store.db, finance, scope(change), { version: 1 });
  });

  it('refuses what an approved interim report froze; after its period the council may still correct', async () => {
    const spring = await record('KF 15.3.2023 § 10', '2023-03-15', -600_000);
    const november = await record('KF 20.11.2023 § 88', '2023-11-20', -300_000);
    const stk = { municipalityId: m, year, unitCode: 'STK', period: DEMO_INTERIM_PERIOD };
    await changeState(store.db, stk, 'submit', finance);
    await changeState(store.db, stk, 'approve', finance);
    const frozen = await snapshot(store.db, m);
    await expect(
      correctBudgetChange(store.db, finance, scope(spring), {
        ...spring,
        amounts: [{ unit: 'STK-ICT', line: 'services', amount: -700_000 }],
      }),
    ).rejects.toMatchObject({ code: 'frozen.changed', params: { units: 'STK', period: '1–8' } });
    await expect(
      deleteBudgetChange(store.db, finance, scope(spring), { version: 1 }),
    ).rejects.toMatchObject({ code: 'frozen.changed' });
    // Moving it into the frozen months is refused too.
    await expect(
      correctBudgetChange(store.db, finance, scope(november), { ...november, date: '2023-05-02' }),
    ).rejects.toMatchObject({ code: 'frozen.changed' });
    expect(await snapshot(store.db, m)).toBe(frozen);

    const corrected = await correctBudgetChange(store.db, finance, scope(november), {
      ...november,
      amounts: [{ unit: 'STK-ICT', line: 'services', amount: -350_000 }],
    });
    expect(corrected.total).toBe(-350_000);
    await deleteBudgetChange(store.db, finance, scope(corrected), { version: 2 });
    await changeState(store.db, stk, 'reopen', finance, 'Budgetbeslut rättas');
    await deleteBudgetChange(store.db, finance, scope(spring), { version: 1 });
  });
});

describe.each(ENGINES.filter((e) => e.name === 'postgres'))(
  'a correction and a deletion at once on $name',
  (engine) => {
    let store: Store;
    let other: Store;
    beforeAll(async () => {
      store = await engine.open();
      await loadDemo(store.db);
      const { rows } = await sql<{
        schema: string;
      }>`select current_schema() as schema`.execute(store.db);
      other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
    });
    afterAll(async () => {
      await other.close();
      await store.close();
    });

    it('of the same version: exactly one goes through, and the other is refused', async () => {
      const change = await recordBudgetChange(
        store.db,
        m,
        year,
        {
          decision: 'KF 2.5.2023 § 30',
          date: '2023-05-02',
          amounts: [{ unit: 'STK-ICT', line: 'services', amount: -500_000 }],
        },
        finance,
      );
      const target = { municipalityId: m, year, id: change.id };
      const holder = await hold(other.db, (trx) => lockYear(trx, m, year));
      const writers = [
        correctBudgetChange(store.db, finance, target, {
          version: 1,
          decision: change.decision,
          date: change.date,
          amounts: [{ unit: 'STK-ICT', line: 'services', amount: -800_000 }],
        }),
        deleteBudgetChange(store.db, finance, target, { version: 1 }),
      ];
      expect(await allWaiting(writers)).toBe(true);
      await holder.release();
      const results = await Promise.allSettled(writers);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.flatMap((r) =>
        r.status === 'rejected' ? [r.reason as unknown] : [],
      );
      expect(refused).toHaveLength(1);
      const listed = (await listBudgetChanges(store.db, finance, m, year)).find(
        (c) => c.id === change.id,
      );
      if (results[0]!.status === 'fulfilled') {
        // The correction went first: the deletion was based on the old version.
        expect(refused[0]).toMatchObject({ code: 'budgetChange.stale' });
        expect(listed).toMatchObject({ version: 2, total: -800_000 });
      } else {
        expect(refused[0]).toMatchObject({ code: 'budgetChange.unknown' });
        expect(listed).toBeUndefined();
      }
      const entries = await sql<{ n: string }>`
        select count(*)::text as n from budget_entry where municipality_id = ${m} and change_id = ${change.id}`.execute(
        store.db,
      );
      expect(Number(entries.rows[0]!.n)).toBe(listed ? 1 : 0);
    });
  },
);
