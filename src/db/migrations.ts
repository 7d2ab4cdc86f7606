/**
 * Migrations are dated and append-only: a landed migration is never edited (its SQL is frozen
 * here in time, not derived from the current schema types). Add new ones at the end.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-28_001_core': {
    async up(db: Kysely<unknown>): Promise<void> {
      const statements = `
        create table municipality (
          id text primary key,
          name text not null,
          created_at timestamptz not null default now()
        );
        create table fiscal_year (
          municipality_id text not null references municipality(id),
          year integer not null,
          status text not null default 'open',
          primary key (municipality_id, year)
        );
        create table unit (
          municipality_id text not null,
          year integer not null,
          code text not null,
          parent_code text,
          kind text not null,
          name_sv text not null,
          name_fi text not null,
          name_en text not null,
          responsible text,
          board text,
          position integer not null,
          primary key (municipality_id, year, code),
          foreign key (municipality_id, year) references fiscal_year(municipality_id, year)
        );
        create table binding (
          municipality_id text not null,
          year integer not null,
          unit_code text not null,
          line text not null,
          primary key (municipality_id, year, unit_code, line),
          foreign key (municipality_id, year, unit_code) references unit(municipality_id, year, code) on delete cascade
        );
        create table account_range (
          municipality_id text not null,
          year integer not null,
          from_account text not null,
          to_account text not null,
          line text not null,
          position integer not null,
          primary key (municipality_id, year, from_account),
          foreign key (municipality_id, year) references fiscal_year(municipality_id, year)
        );
        create table import_log (
          municipality_id text not null references municipality(id),
          id integer generated always as identity,
          kind text not null,
          year integer,
          file_name text not null,
          sha256 text not null,
          format text not null,
          rows integer not null,
          options text not null,
          imported_at timestamptz not null default now(),
          primary key (municipality_id, id)
        );
        create table budget_change (
          municipality_id text not null,
          year integer not null,
          id integer generated always as identity,
          decision text not null,
          decision_date date not null,
          import_id integer not null,
          primary key (municipality_id, id),
          foreign key (municipality_id, year) references fiscal_year(municipality_id, year)
        );
        create table budget_entry (
          municipality_id text not null,
          year integer not null,
          stage text not null check (stage in ('original', 'change')),
          change_id integer,
          unit_code text not null,
          account text,
          line text not null,
          kind text not null check (kind in ('external', 'internal', 'imputed')),
          amount bigint not null,
          import_id integer not null,
          foreign key (municipality_id, year) references fiscal_year(municipality_id, year)
        );
        create index budget_entry_unit on budget_entry (municipality_id, year, unit_code);
        -- Actuals are stored as one row per unit, account and kind with the twelve monthly
        -- amounts side by side: a 1M-line ledger becomes some 8 000 rows instead of 100 000
        -- monthly balances, which is what lets the embedded engine take a ledger in seconds.
        -- Re-imported months are zeroed and the new amounts added as rows of their own (every
        -- read sums), so there is no unique key to check per row.
        create table actual (
          municipality_id text not null,
          year integer not null,
          unit_code text not null,
          account text not null,
          kind text not null check (kind in ('external', 'internal', 'imputed')),
          amounts bigint[] not null check (cardinality(amounts) = 12),
          lines integer[] not null check (cardinality(lines) = 12),
          import_id integer not null
        );
        create index actual_unit on actual (municipality_id, year, unit_code)
      `;
      // One statement at a time: prepared statements take a single command.
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-11-28_002_content': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Key goals, risks and comments keep their multilingual texts as JSON: every language
      // may be missing, and the texts are read whole, never queried piecewise.
      const statements = `
        create table strategy_theme (
          municipality_id text not null,
          year integer not null,
          number integer not null,
          names text not null,
          primary key (municipality_id, year, number)
        );
        create table key_goal (
          municipality_id text not null,
          year integer not null,
          id integer generated always as identity,
          unit_code text not null,
          theme integer not null,
          position integer not null,
          status text not null,
          binding boolean not null,
          content text not null,
          primary key (municipality_id, id)
        );
        create index key_goal_unit on key_goal (municipality_id, year, unit_code);
        create table narrative (
          municipality_id text not null,
          year integer not null,
          unit_code text not null,
          section text not null,
          lang text not null,
          body text not null,
          version integer not null,
          updated_at timestamptz not null default now(),
          updated_by text not null,
          primary key (municipality_id, year, unit_code, section, lang)
        );
        create table risk (
          municipality_id text not null,
          year integer not null,
          id integer generated always as identity,
          unit_code text not null,
          content text not null,
          primary key (municipality_id, id)
        );
        create table report_state (
          municipality_id text not null,
          year integer not null,
          unit_code text not null,
          state text not null check (state in ('draft', 'submitted', 'approved', 'locked')),
          changed_at timestamptz not null default now(),
          changed_by text not null,
          reason text,
          primary key (municipality_id, year, unit_code)
        );
        create table comment (
          municipality_id text not null,
          id integer generated always as identity,
          year integer not null,
          unit_code text not null,
          target text not null,
          author text not null,
          body text not null,
          created_at timestamptz not null default now(),
          primary key (municipality_id, id)
        );
        create table audit_log (
          municipality_id text not null,
          id integer generated always as identity,
          at timestamptz not null default now(),
          actor text not null,
          action text not null,
          entity text not null,
          entity_key text not null,
          before text,
          after text,
          primary key (municipality_id, id)
        )
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-11-28_003_users': {
    async up(db: Kysely<unknown>): Promise<void> {
      const statements = `
        create table app_user (
          username text primary key,
          display_name text not null,
          role text not null check (role in ('admin', 'finance', 'editor', 'reader')),
          password_hash text not null,
          disabled boolean not null default false,
          created_at timestamptz not null default now()
        );
        create table user_unit (
          username text not null references app_user(username) on delete cascade,
          municipality_id text not null,
          unit_code text not null,
          primary key (username, municipality_id, unit_code)
        );
        create table user_session (
          id_hash text primary key,
          username text not null references app_user(username) on delete cascade,
          csrf_token text not null,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null
        );
        create index user_session_expiry on user_session (expires_at);
        create table login_failure (
          key text not null,
          at timestamptz not null default now()
        );
        create index login_failure_key on login_failure (key, at)
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-01_004_login-throttle-idle-sessions': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Login throttling as one counter row per key (an account, an address), taken with one
      // upsert before the password is checked, so that simultaneous attempts cannot overtake
      // the limit; it replaces the failure log, which was read and written in separate steps.
      // Sessions remember when they were last used, for the idle timeout.
      const statements = `
        create table login_throttle (
          key text primary key,
          window_start timestamptz not null,
          attempts integer not null
        );
        drop table login_failure;
        alter table user_session add column last_seen_at timestamptz not null default now()
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-01_005_goal-version': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A key goal's version, raised by every update: a change based on an older version is
      // refused instead of overwriting the one in between.
      await sql`alter table key_goal add column version integer not null default 1`.execute(db);
    },
  },
  '2026-12-01_006_periods-snapshots': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The workflow is kept per unit and reporting period, named by its last month (12: the
      // year; interim periods such as 1–4 and 1–8 are 4 and 8). Approving a period stores what
      // the report is built from as a snapshot with its SHA-256; snapshots are never deleted:
      // a reopening marks the snapshot released and keeps it, so a published copy survives.
      const statements = `
        alter table report_state add column period integer not null default 12
          check (period between 1 and 12);
        alter table report_state drop constraint report_state_pkey;
        alter table report_state add primary key (municipality_id, year, unit_code, period);
        create table report_snapshot (
          municipality_id text not null,
          id integer generated always as identity,
          year integer not null,
          unit_code text not null,
          period integer not null check (period between 1 and 12),
          approved_at timestamptz not null default now(),
          approved_by text not null,
          sha256 text not null,
          data text not null,
          released_at timestamptz,
          released_by text,
          released_reason text,
          primary key (municipality_id, id)
        );
        create index report_snapshot_unit on report_snapshot (municipality_id, year, unit_code, period)
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-01_007_import-undo': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Imports you can undo: an import keeps what it superseded (the replaced months of every
      // stored actual row, the original budget an original budget replaced, each with the import
      // that had written it) and the unit × month cells its replace covered, so that an undo can
      // restore exactly that and refuse when a later import replaced the same cells again. An
      // undone import is marked, not deleted. Audit entries name the units they touched.
      // Imports from before this migration kept nothing (keeps_superseded false): an undo of one
      // could not restore what it replaced, so they are not undone.
      const statements = `
        alter table import_log add column undone_at timestamptz;
        alter table import_log add column undone_by text;
        alter table import_log add column keeps_superseded boolean not null default false;
        alter table import_log alter column keeps_superseded set default true;
        create table import_replaced (
          municipality_id text not null,
          import_id integer not null,
          year integer not null,
          unit_code text not null,
          month integer not null check (month between 1 and 12),
          primary key (municipality_id, import_id, unit_code, month)
        );
        create table superseded_actual (
          municipality_id text not null,
          import_id integer not null,
          source_import_id integer not null,
          year integer not null,
          unit_code text not null,
          account text not null,
          kind text not null,
          amounts bigint[] not null check (cardinality(amounts) = 12),
          lines integer[] not null check (cardinality(lines) = 12)
        );
        create index superseded_actual_import on superseded_actual (municipality_id, import_id);
        create table superseded_budget (
          municipality_id text not null,
          import_id integer not null,
          source_import_id integer not null,
          year integer not null,
          stage text not null,
          change_id integer,
          unit_code text not null,
          account text,
          line text not null,
          kind text not null,
          amount bigint not null
        );
        create index superseded_budget_import on superseded_budget (municipality_id, import_id);
        alter table audit_log add column unit_codes text[] not null default '{}';
        create index audit_log_units on audit_log using gin (unit_codes)
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-01_008_memberships': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Users scoped to municipalities: a role per municipality the user belongs to. Existing
      // users keep what they could do: their role in every municipality that exists (and in
      // those their units name). app_user.role becomes the installation's own role: 'admin' for
      // an installation administrator (who creates municipalities and their first admins, and
      // is an admin in every municipality), 'none' for everyone else; today's admins keep
      // their reach, as installation administrators.
      const statements = `
        create table membership (
          username text not null references app_user(username) on delete cascade,
          municipality_id text not null,
          role text not null check (role in ('admin', 'finance', 'editor', 'reader')),
          created_at timestamptz not null default now(),
          primary key (username, municipality_id)
        );
        create index membership_municipality on membership (municipality_id);
        insert into membership (username, municipality_id, role)
          select u.username, m.id, u.role from app_user u cross join municipality m
          union
          select distinct u.username, uu.municipality_id, u.role
            from app_user u join user_unit uu on uu.username = u.username;
        alter table app_user drop constraint app_user_role_check;
        update app_user set role = 'none' where role <> 'admin';
        alter table app_user add constraint app_user_role_check check (role in ('admin', 'none'))
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-01_009_months-forecasts': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The year in motion. Budget entries carry their twelve months (January first; they add
      // up to the entry's amount): what an interim report's budget to date is the sum of. Rows
      // stored before are spread by the documented rule (docs/interim.md): an original budget
      // evenly over the year, a change evenly from the month of its decision to December; the
      // remainder cent by cent to the first months. Named spreading profiles; forecasts per
      // interim reporting period (1–11: the closed year has its actual), unit and line; and
      // narratives per reporting period (today's texts are the year's: period 12).
      const spread = (table: string) => `
        update ${table} e set months = (
          select array_agg(
            case when g.m < f.first then 0::bigint
              else e.amount / (13 - f.first)
                + case when g.m - f.first < abs(e.amount % (13 - f.first)) then sign(e.amount)::bigint else 0 end
            end order by g.m)
          from generate_series(1, 12) g(m),
            (select coalesce((
              select case when extract(year from c.decision_date) < e.year then 1
                when extract(year from c.decision_date) > e.year then 12
                else extract(month from c.decision_date)::integer end
              from budget_change c
              where c.municipality_id = e.municipality_id and c.id = e.change_id and e.stage = 'change'
            ), 1) as first) f
        )`;
      const statements = `
        alter table budget_entry add column months bigint[] check (cardinality(months) = 12);
        ${spread('budget_entry')};
        alter table budget_entry alter column months set not null;
        alter table superseded_budget add column months bigint[] check (cardinality(months) = 12);
        ${spread('superseded_budget')};
        alter table superseded_budget alter column months set not null;
        create table budget_profile (
          municipality_id text not null,
          year integer not null,
          name text not null,
          line text,
          weights integer[] not null check (cardinality(weights) = 12),
          updated_at timestamptz not null default now(),
          updated_by text not null,
          primary key (municipality_id, year, name)
        );
        create unique index budget_profile_line on budget_profile (municipality_id, year, line)
          where line is not null;
        create table forecast (
          municipality_id text not null,
          year integer not null,
          period integer not null check (period between 1 and 11),
          unit_code text not null,
          line text not null,
          amount bigint not null,
          version integer not null default 1,
          updated_at timestamptz not null default now(),
          updated_by text not null,
          primary key (municipality_id, year, period, unit_code, line)
        );
        alter table narrative add column period integer not null default 12
          check (period between 1 and 12);
        alter table narrative drop constraint narrative_pkey;
        alter table narrative add primary key (municipality_id, year, unit_code, period, section, lang)
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-01_010_goal-outcomes-per-period': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A key goal's outcome text and assessed status per interim reporting period (1–11): an
      // interim report's assessment is its own, not the year's. The year's (period 12) stays in
      // key_goal.content. Keyed by the goal's unit and position, which a goals import keeps
      // (it replaces a unit's goal rows, and their ids, in the file's order).
      await sql`
        create table key_goal_period (
          municipality_id text not null,
          year integer not null,
          unit_code text not null,
          position integer not null,
          period integer not null check (period between 1 and 11),
          outcome text not null,
          status text not null,
          version integer not null default 1,
          updated_at timestamptz not null default now(),
          updated_by text not null,
          primary key (municipality_id, year, unit_code, position, period)
        )
      `.execute(db);
    },
  },
  '2026-12-02_011_budget-change-corrections-column-mappings': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A recorded budget decision may be corrected or deleted (finance, audited): its text
      // beside the reference, and a version raised by every correction, so that a correction or
      // a deletion based on an older version is refused. An ERP's column mapping remembered per
      // municipality and kind of import by the file's header row (its cells, trimmed and in
      // lower case, joined by U+001F: `header_key`), applied to the next file with that header.
      const statements = `
        alter table budget_change add column text text not null default '';
        alter table budget_change add column version integer not null default 1;
        create table column_mapping (
          municipality_id text not null references municipality(id),
          id integer generated always as identity,
          kind text not null,
          name text not null,
          header_key text not null,
          header text[] not null,
          columns text not null,
          created_at timestamptz not null default now(),
          created_by text not null,
          primary key (municipality_id, id),
          unique (municipality_id, kind, header_key)
        )
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
  '2026-12-02_012_risk-version': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A risk is edited one at a time in the web (issue 14): its version, raised by every edit,
      // lets an edit based on an older one be refused instead of overwriting it. An import
      // replaces a unit's risks, which start again at 1.
      await sql`alter table risk add column version integer not null default 1`.execute(db);
    },
  },
  '2026-12-03_013_postings': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The ledger behind the figures (issue 15): each ledger import keeps its postings, one
      // block per unit × account (src/import/postings.ts). On PostgreSQL the block is in the row
      // (`data`, deflated, and stored as it is); on the embedded engine it is in a segment file
      // of the data folder's ledger store (`segment`, `offset`, `length`; not compressed: the
      // CPU is the import's), written before the import commits and named only by committed rows, so
      // that a rollback or a kill leaves at most a file no row names, which the next open
      // removes. `import_log.postings` counts the postings an import kept (null: none, as for a
      // balances import or one from before this migration).
      const statements = `
        alter table import_log add column postings integer;
        create table posting_block (
          municipality_id text not null,
          import_id integer not null,
          year integer not null,
          unit_code text not null,
          account text not null,
          postings integer not null,
          raw_length integer not null,
          compressed boolean not null,
          data bytea,
          segment text,
          segment_offset bigint,
          segment_length integer,
          primary key (municipality_id, import_id, unit_code, account),
          check ((data is null) <> (segment is null))
        );
        alter table posting_block alter column data set storage external;
        create index posting_block_unit on posting_block (municipality_id, year, unit_code, account)
      `;
      for (const statement of statements
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(db);
      }
    },
  },
};
