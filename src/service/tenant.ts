import type { Db } from '../db/db.js';
import {
  findUnit,
  fiscalYears,
  listUnits,
  municipalities,
  municipalityExists,
  municipalityIds,
  municipalityNameOfYear,
  unitExists,
} from '../db/units.js';
import { abilitiesIn, membershipIn, type Abilities, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import type { Unit } from '../domain/model.js';

/** The municipality to work on: the one asked for, or the only one in the database. */
export async function resolveMunicipality(db: Db, asked: string | undefined): Promise<string> {
  if (asked) return asked;
  const ids = await municipalityIds(db);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) return 'default';
  throw new UtfallError('municipality.ambiguous', { ids: ids.join(', ') });
}

/**
 * The fiscal year to work on: the one asked for (with `existing`, only one the database holds),
 * or the latest one that exists.
 */
export async function resolveYear(
  db: Db,
  municipalityId: string,
  asked: number | undefined,
  options: { existing?: boolean } = {},
): Promise<number> {
  if (asked !== undefined && !options.existing) return asked;
  const years = await fiscalYears(db, municipalityId);
  if (asked !== undefined) {
    if (!years.includes(asked)) throw unknownYear(municipalityId, asked, years);
    return asked;
  }
  const latest = years.at(-1);
  if (latest === undefined) throw new UtfallError('year.missing', { municipality: municipalityId });
  return latest;
}

/** A year the municipality does not hold, named with the years it does (none: `year.none`). */
function unknownYear(municipalityId: string, year: number, years: readonly number[]): UtfallError {
  return years.length === 0
    ? new UtfallError('year.none', { municipality: municipalityId, year })
    : new UtfallError('year.unknown', {
        municipality: municipalityId,
        year,
        years: years.join(', '),
      });
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

/** Throws unless the municipality and its fiscal year exist; returns the municipality's name. */
export async function assertYear(db: Db, municipalityId: string, year: number): Promise<string> {
  const name = await municipalityNameOfYear(db, municipalityId, year);
  if (name === undefined)
    throw unknownYear(municipalityId, year, await fiscalYears(db, municipalityId));
  return name;
}

/** Throws unless the unit exists in the year. */
export async function assertUnit(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
): Promise<void> {
  await assertYear(db, municipalityId, year);
  if (!(await unitExists(db, municipalityId, year, unitCode))) {
    // The CLI words it with some of the year's units (its commands look units up by unitNamed).
    const known = (await listUnits(db, municipalityId, year)).slice(0, 12);
    throw new UtfallError('unit.unknown', {
      unit: unitCode,
      known: known.map((u) => u.code).join(', '),
    });
  }
}

/** The year's units, refused as `year.noUnits` when it has none (no empty list of known units). */
async function unitsOfYear(db: Db, municipalityId: string, year: number): Promise<Unit[]> {
  const units = await listUnits(db, municipalityId, year);
  if (units.length === 0) throw new UtfallError('year.noUnits', { year });
  return units;
}

/** The municipalities the actor belongs to, with their fiscal years. */
export async function municipalitiesFor(
  db: Db,
  actor: Actor,
): Promise<{ id: string; name: string; years: number[] }[]> {
  return (await listMunicipalities(db)).filter((m) => membershipIn(actor, m.id) !== null);
}

/** What the actor may do in each municipality they belong to (for the navigation). */
export async function abilitiesOf(db: Db, actor: Actor): Promise<Record<string, Abilities>> {
  const result: Record<string, Abilities> = {};
  for (const id of await municipalityIds(db)) {
    if (membershipIn(actor, id) !== null) result[id] = abilitiesIn(actor, id);
  }
  return result;
}

/** A unit of a year named by its code (in any case) or by one of its names. */
export async function unitNamed(
  db: Db,
  municipalityId: string,
  year: number,
  wanted: string,
): Promise<Unit> {
  await assertYear(db, municipalityId, year);
  return findUnit(await unitsOfYear(db, municipalityId, year), wanted);
}
