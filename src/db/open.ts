/**
 * The one function that opens a database: embedded PGlite in a data folder by default, a
 * PostgreSQL server when DATABASE_URL is a postgres:// URL. One SQL dialect everywhere.
 */
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql, type Dialect } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { UtfallError } from '../domain/errors.js';
import type { Database } from './schema.js';
import { MIGRATIONS } from './migrations.js';
import { attachSegmentStore, removeOrphanSegments } from './postings.js';

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
    // What a rolled-back or killed import left in the ledger store (the folder is ours now).
    if (store.engine === 'pglite') await removeOrphanSegments(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const location = dataDir === 'memory' ? 'memory' : resolve(dataDir ?? 'data');
  let release = () => {};
  if (location !== 'memory') {
    mkdirSync(location, { recursive: true });
    release = lockDataFolder(location);
  }
  try {
    const pglite = await startPglite(PGlite, location);
    const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
    attachSegmentStore(db, location);
    const close = async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    };
    return { db, engine: 'pglite', location, close };
  } catch (error) {
    release();
    throw error;
  }
}

async function startPglite(
  PGlite: typeof import('@electric-sql/pglite').PGlite,
  location: string,
): Promise<PGlite> {
  // An embedded database holds aggregates, not millions of rows: PostgreSQL's default 128 MB of
  // shared buffers would be most of the process's memory for nothing.
  const options = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };
  const pglite = location === 'memory' ? new PGlite(options) : new PGlite(location, options);
  await pglite.waitReady;
  return pglite;
}

/** The lock file of a PGlite data folder: who holds it, since when. */
export const LOCK_FILE = 'utfall.lock';

interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

/**
 * Takes the data folder for this process, as PostgreSQL's postmaster.pid does: PGlite is one
 * process's database, and a second process writing the same folder doubles figures and loses
 * rows unseen. The lock file is written whole under a private name and hard-linked into place,
 * which fails when the lock exists, so a reader never sees half a lock. A lock whose process is
 * gone from this host is taken over under a short-lived guard file, so that of two takers only
 * one removes it; the other then finds the winner's lock. Returns the release, which the store's
 * close calls (and, best effort, the process's exit). Refuses with data.locked otherwise.
 */
export function lockDataFolder(folder: string): () => void {
  const path = join(folder, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: commandSummary(),
    startedAt: new Date().toISOString(),
  };
  const text = JSON.stringify(me) + '\n';
  for (let attempt = 0; !createExclusive(path, text); attempt++) {
    const holder = readHolder(path);
    const gone = holder === undefined && readText(path) === undefined;
    if (attempt >= 50 || (!gone && (!holder || !isStale(holder)))) {
      throw lockedError(folder, holder);
    }
    if (holder && takeOver(path, holder, text) === 'taken') break;
    // The lock went away, or another process is taking the stale one over: look again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: never one that another process took over meanwhile.
    if (readText(path) === text) unlinkQuietly(path);
  };
  process.on('exit', release);
  return release;
}

function commandSummary(): string {
  const script = process.argv[1] ? basename(process.argv[1]).replace(/\.[cm]?js$/, '') : 'node';
  const summary = [script, ...process.argv.slice(2)].join(' ');
  return summary.length > 120 ? `${summary.slice(0, 119)}…` : summary;
}

/** Creates path with the given content unless it exists; false when it does. */
function createExclusive(path: string, text: string): boolean {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, text, { flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    unlinkQuietly(temporary);
  }
  // A file system without hard links: create in place (a reader may see it empty for a moment).
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

function takeOver(path: string, stale: LockHolder, text: string): 'taken' | 'busy' | 'changed' {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, `${process.pid}\n`)) {
    // A taker killed between guard and release leaves it behind: a guard is held for
    // milliseconds, so one older than ten seconds is such a leftover.
    if (Date.now() - mtimeOf(guard) < 10_000) return 'busy';
    unlinkQuietly(guard);
    return 'busy';
  }
  try {
    const now = readHolder(path);
    if (JSON.stringify(now) !== JSON.stringify(stale)) return 'changed';
    unlinkQuietly(path);
    return createExclusive(path, text) ? 'taken' : 'changed';
  } finally {
    unlinkQuietly(guard);
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === 'ESRCH';
  }
}

function readHolder(path: string): LockHolder | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    return {
      pid: value.pid as number,
      hostname: String(value.hostname ?? ''),
      command: String(value.command ?? ''),
      startedAt: String(value.startedAt ?? ''),
    };
  } catch {
    return undefined;
  }
}

function lockedError(folder: string, holder: LockHolder | undefined): UtfallError {
  return new UtfallError('data.locked', {
    folder,
    lock: join(folder, LOCK_FILE),
    pid: holder?.pid ?? '?',
    host: holder?.hostname || '?',
    command: holder?.command || '?',
    since: holder?.startedAt || '?',
  });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
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
