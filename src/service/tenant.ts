import type { Db } from '../db/repository.js';
import { fiscalYears, municipalityIds } from '../db/repository.js';

/** A failure the user can act on; `code` selects the translated message (namespace cli, key error.<code>). */
export class UsageError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

/** The municipality to work on: the one asked for, or the only one in the database. */
export async function resolveMunicipality(db: Db, asked: string | undefined): Promise<string> {
  if (asked) return asked;
  const ids = await municipalityIds(db);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) return 'default';
  throw new UsageError('municipality.ambiguous', { ids: ids.join(', ') });
}

/** The fiscal year to work on: the one asked for, or the only (latest) one that exists. */
export async function resolveYear(
  db: Db,
  municipalityId: string,
  asked: number | undefined,
): Promise<number> {
  if (asked !== undefined) return asked;
  const years = await fiscalYears(db, municipalityId);
  const latest = years.at(-1);
  if (latest === undefined) throw new UsageError('year.missing');
  return latest;
}
