import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Store } from '../../src/db/open.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
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
      'comment',
      'fiscal_year',
      'import_log',
      'import_replaced',
      'key_goal',
      'login_throttle',
      'municipality',
      'narrative',
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
    // (an editor's units in user_unit are named per municipality).
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
});
