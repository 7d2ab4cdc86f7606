/**
 * Which engines the database tests run on, and whether the PostgreSQL server is there. The
 * vitest global setup (postgres-setup.ts) asks the server once per run and hands its answer to
 * the test files (engines.ts); without a server the PostgreSQL variants are skipped, unless
 * UTFALL_REQUIRE_POSTGRES=1 (CI) or UTFALL_ENGINES=postgres asks for them, which fails the run.
 */
import pg from 'pg';

export const POSTGRES_TEST_URL =
  process.env.DATABASE_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const REQUIRE_POSTGRES = 'UTFALL_REQUIRE_POSTGRES';

/** The start of the name of the skipped test that stands for a file's PostgreSQL variants. */
export const SKIPPED_ON_POSTGRES = 'on postgres: skipped,';

export const ENGINE_NAMES = ['pglite', 'postgres'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the PostgreSQL variants are skipped; null when they run or were not asked for. */
    postgresUnreachable: string | null;
  }
}

/** The engines UTFALL_ENGINES names (comma-separated), all when unset or empty; unknown names throw. */
export function engineNames(names: string | undefined = process.env.UTFALL_ENGINES): EngineName[] {
  const wanted = (names ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [...ENGINE_NAMES];
  const unknown = wanted.filter((name) => !ENGINE_NAMES.some((valid) => valid === name));
  if (unknown.length > 0) {
    throw new Error(
      `UTFALL_ENGINES names unknown engine(s) ${unknown.map((n) => `"${n}"`).join(', ')}; valid: ${ENGINE_NAMES.join(', ')}`,
    );
  }
  return ENGINE_NAMES.filter((name) => wanted.includes(name));
}

/**
 * Whether an unreachable server fails the run: CI says so with UTFALL_REQUIRE_POSTGRES=1, and
 * whoever names postgres in UTFALL_ENGINES asked for it.
 */
export function postgresRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const named = (env.UTFALL_ENGINES ?? '').split(',').some((name) => name.trim() === 'postgres');
  return env[REQUIRE_POSTGRES] === '1' || named;
}

/** A URL as it may be printed: without its password. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a URL that does not parse)';
  }
}

/** Connects once and asks `select 1`: null when the server answers, else what went wrong. */
export async function probePostgres(url: string, timeoutMs = 5_000): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A connection that breaks after connecting reports here instead of crashing the run.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return problemOf(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function problemOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  if (error.message) return error.message;
  // Node reports a refused connection to a name with two addresses as an AggregateError.
  if (error instanceof AggregateError && error.errors.length > 0) return problemOf(error.errors[0]);
  return typeof code === 'string' ? code : error.name;
}

/** Why the PostgreSQL variants do not run, as the tests name it. */
export function unreachableReason(url: string, problem: string): string {
  return `PostgreSQL at ${shownUrl(url)} is not reachable (${problem})`;
}
