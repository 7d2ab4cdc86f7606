import type { Db } from '../db/db.js';
import { fiscalYears, municipalities, municipalityExists, municipalityIds } from '../db/units.js';
import { UtfallError } from '../domain/errors.js';

/** The municipality to work on: the one asked for, or the only one in the database. */
export async function resolveMunicipality(db: Db, asked: string | undefined): Promise<string> {
  if (asked) return asked;
  const ids = await municipalityIds(db);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) return 'default';
  throw new UtfallError('municipality.ambiguous', { ids: ids.join(', ') });
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
  if (latest === undefined) throw new UtfallError('year.missing');
  return latest;
}

/** Every municipality with its name and fiscal years, by id. */
export async function listMunicipalities(
  db: Db,
): Promise<{ id: string; name: string; years: number[] }[]> {
  const result = [];
  for (const municipality of await municipalities(db)) {
    result.push({ ...municipality, years: await fiscalYears(db, municipality.id) });
  }
  return result;
}

/** Whether the database holds any municipality yet (a new installation holds none). */
export async function hasMunicipalities(db: Db): Promise<boolean> {
  return (await municipalityIds(db)).length > 0;
}

/** Throws unless the municipality exists. */
export async function assertMunicipality(db: Db, municipalityId: string): Promise<void> {
  if (!(await municipalityExists(db, municipalityId)))
    throw new UtfallError('municipality.unknown', { municipality: municipalityId });
}
