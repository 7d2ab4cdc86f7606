import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Store } from '../../src/db/open.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import type { Cents } from '../../src/domain/money.js';
import { EVEN, spread } from '../../src/domain/spread.js';
import { ENGINES } from '../support/engines.js';

describe('migration names', () => {
  it('are dated and in order, so new ones can only be appended', () => {
    const names = Object.keys(MIGRATIONS);
    for (const name of names) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}_\d{3}_[a-z0-9-]+$/);
    expect([...names].sort()).toEqual(names);
  });
});

describe.each(ENGINES)('migrations on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('create every tenant table with the municipality id, and run again as a no-op', async () => {
    await migrate(store.db);
    const result = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(store.db);
    const tables = result.rows.map((r) => r.table_name).sort();
    expect(tables).toEqual([
      'account_range',
      'actual',
      'app_user',
      'audit_log',
      'binding',
      'budget_change',
      'budget_entry',
      'budget_profile',
      'column_mapping',
      'comment',
      'fiscal_year',
      'forecast',
      'import_log',
      'import_replaced',
      'key_goal',
      'key_goal_period',
      'login_throttle',
      'membership',
      'municipality',
      'narrative',
      'posting_block',
      'report_snapshot',
      'report_state',
      'risk',
      'strategy_theme',
      'superseded_actual',
      'superseded_budget',
      'unit',
      'user_session',
      'user_unit',
    ]);
    // Accounts, sessions and login failures belong to the installation, not to a municipality
    // (a user's role in membership and an editor's units in user_unit are per municipality).
    const withoutTenant = await sql<{ table_name: string }>`
      select t.table_name from information_schema.tables t
      where t.table_schema = current_schema() and t.table_name not like 'kysely_%' and t.table_name <> 'municipality'
        and not exists (select 1 from information_schema.columns c
          where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'municipality_id')`.execute(
      store.db,
    );
    expect(withoutTenant.rows.map((r) => r.table_name).sort()).toEqual([
      'app_user',
      'login_throttle',
      'user_session',
    ]);
  });

  it('give existing users their role in every municipality, and keep admins as the installation’s', async () => {
    const key = '2026-12-01_008_memberships';
    const schema = `m008_${Date.now()}`;
    const found = await store.db.transaction().execute(async (trx) => {
      await sql.raw(`create schema ${schema}`).execute(trx);
      await sql.raw(`set local search_path to ${schema}`).execute(trx);
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        if (name < key) await migration.up(trx);
      }
      await sql`insert into municipality (id, name) values ('lovisa', 'Lovisa'), ('borga', 'Borgå')`.execute(
        trx,
      );
      await sql`insert into app_user (username, display_name, role, password_hash) values
        ('ada', 'Ada', 'admin', 'x'), ('eva', 'Eva', 'editor', 'x'), ('rut', 'Rut', 'reader', 'x')`.execute(
        trx,
      );
      await sql`insert into user_unit (username, municipality_id, unit_code) values ('eva', 'lovisa', 'STK-ICT')`.execute(
        trx,
      );
      await MIGRATIONS[key]!.up(trx);
      const members = await sql<{ username: string; municipality_id: string; role: string }>`
        select username, municipality_id, role from membership order by username, municipality_id`.execute(
        trx,
      );
      const users = await sql<{ username: string; role: string }>`
        select username, role from app_user order by username`.execute(trx);
      await sql.raw(`drop schema ${schema} cascade`).execute(trx);
      return { members: members.rows, users: users.rows };
    });
    expect(found.members).toEqual([
      { username: 'ada', municipality_id: 'borga', role: 'admin' },
      { username: 'ada', municipality_id: 'lovisa', role: 'admin' },
      { username: 'eva', municipality_id: 'borga', role: 'editor' },
      { username: 'eva', municipality_id: 'lovisa', role: 'editor' },
      { username: 'rut', municipality_id: 'borga', role: 'reader' },
      { username: 'rut', municipality_id: 'lovisa', role: 'reader' },
    ]);
    expect(found.users).toEqual([
      { username: 'ada', role: 'admin' },
      { username: 'eva', role: 'none' },
      { username: 'rut', role: 'none' },
    ]);
  });

  it('spread the budget stored before 009 by the documented rule: originals over the year, changes from their decision', async () => {
    const key = '2026-12-01_009_months-forecasts';
    const schema = `m009_${Date.now()}`;
    const rows = await store.db.transaction().execute(async (trx) => {
      await sql.raw(`create schema ${schema}`).execute(trx);
      await sql.raw(`set local search_path to ${schema}`).execute(trx);
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        if (name < key) await migration.up(trx);
      }
      await sql`insert into municipality (id, name) values ('lovisa', 'Lovisa')`.execute(trx);
      await sql`insert into fiscal_year (municipality_id, year) values ('lovisa', 2023)`.execute(
        trx,
      );
      await sql`insert into budget_change (municipality_id, year, decision, decision_date, import_id)
        values ('lovisa', 2023, 'KF 12.6.2023 § 40', '2023-06-12', 2),
               ('lovisa', 2023, 'KF 14.12.2022 § 90', '2022-12-14', 3)`.execute(trx);
      await sql`insert into budget_entry (municipality_id, year, stage, change_id, unit_code, account, line, kind, amount, import_id)
        values ('lovisa', 2023, 'original', null, 'STK', '4000', 'personnel', 'external', -100, 1),
               ('lovisa', 2023, 'change', 1, 'STK', '4000', 'personnel', 'external', 71, 2),
               ('lovisa', 2023, 'change', 2, 'STK', '4000', 'personnel', 'external', 12, 3)`.execute(
        trx,
      );
      await MIGRATIONS[key]!.up(trx);
      const found = await sql<{ stage: string; months: string[] }>`
        select stage, months::text[] as months from budget_entry order by import_id`.execute(trx);
      await sql.raw(`drop schema ${schema} cascade`).execute(trx);
      return found.rows.map((r) => ({ stage: r.stage, months: r.months.map(Number) }));
    });
    // The same months as the domain's rule gives (domain/spread.ts), cent for cent.
    expect(rows).toEqual([
      { stage: 'original', months: spread(-100 as Cents) },
      { stage: 'change', months: spread(71 as Cents, EVEN, 6) },
      { stage: 'change', months: spread(12 as Cents, EVEN, 1) },
    ]);
    expect(rows[1]!.months).toEqual([0, 0, 0, 0, 0, 11, 10, 10, 10, 10, 10, 10]);
  });
});
