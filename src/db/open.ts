/**
 * The one function that opens a database: embedded PGlite in a data folder by default, a
 * PostgreSQL server when DATABASE_URL is a postgres:// URL. One SQL dialect everywhere.
 */
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql, type Dialect } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from './schema.js';
import { MIGRATIONS } from './migrations.js';

export type Engine = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives: a folder for PGlite, the URL without password for PostgreSQL. */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite. */
  url?: string | undefined;
  /** PGlite data folder; 'memory' for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (tests isolate themselves in one); created when missing. */
  schema?: string | undefined;
}

/** Options from the environment: DATABASE_URL, UTFALL_DATA. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return { url: env.DATABASE_URL || undefined, dataDir: env.UTFALL_DATA || undefined };
}

/** Opens the database and brings its schema up to date. */
export async function openStore(options: OpenOptions = optionsFromEnv()): Promise<Store> {
  const store = options.url
    ? await openPostgres(options.url, options.schema)
    : await openPglite(options.dataDir);
  try {
    await migrate(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const location = dataDir === 'memory' ? 'memory' : resolve(dataDir ?? 'data');
  if (location !== 'memory') mkdirSync(location, { recursive: true });
  // An embedded database holds aggregates, not millions of rows: PostgreSQL's default 128 MB of
  // shared buffers would be most of the process's memory for nothing.
  const options = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };
  const pglite = location === 'memory' ? new PGlite(options) : new PGlite(location, options);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return { db, engine: 'pglite', location, close: () => db.destroy() };
}

/**
 * The dialect openStore uses for PGlite: Kysely's own. PGlite is one connection, and Kysely's
 * driver hands that one connection to every caller; what keeps a query of one web request out of
 * another request's open transaction is Kysely's RuntimeDriver, which takes a lock around each
 * connection it lends (a query, or a whole transaction) whenever the adapter says it has no
 * multiple connections, as PGliteAdapter does. test/db/pglite-serial.test.ts checks that a
 * query sent while a transaction is open waits for its end and sees no uncommitted row.
 */
export function pgliteDialect(pglite: PGlite): Dialect {
  return new PGliteDialect({ pglite });
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got "${url}"`);
  }
  const pg = await import('pg');
  // int8 sums exceed 2^31: keep them as text and convert with a range guard (centsFrom).
  const pool = new pg.default.Pool({
    connectionString: url,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    await pool.query(`create schema if not exists ${schema}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
  return { db, engine: 'postgres', location, close: () => db.destroy() };
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** True when the last migration of the code has run: the common case, answered with one query. */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const last = Object.keys(MIGRATIONS).at(-1);
  try {
    const result = await sql<{
      name: string | null;
    }>`select max(name) as name from kysely_migration`.execute(db);
    return result.rows[0]?.name === last;
  } catch {
    return false;
  }
}

/** Runs pending migrations; refuses migrations added out of date order. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  if (await upToDate(db)) return;
  // Kysely looks for its bookkeeping tables in every schema unless told which: name the
  // current one, so that databases isolated by search_path (tests, tenants) never see another's.
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = current.rows[0]?.schema ?? 'public';
  const migrator = new Migrator({ db, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
}
