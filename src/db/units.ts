/**
 * Municipalities, fiscal years, units and their bindings, and the account mapping of a year.
 */
import { DEFAULT_MAPPING, type AccountMapping, type AccountRange } from '../domain/mapping.js';
import { isLineCode } from '../domain/lines.js';
import { isUnitKind, type Binding, type Unit } from '../domain/model.js';
import type { Db } from './db.js';
import { UtfallError } from '../domain/errors.js';

export async function municipalityIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('municipality').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Creates the municipality; false when it exists already. */
export async function ensureMunicipality(
  db: Db,
  municipalityId: string,
  name: string,
): Promise<boolean> {
  const created = await db
    .insertInto('municipality')
    .values({ id: municipalityId, name })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return created !== undefined;
}

/** Creates the municipality and fiscal year when missing. */
export async function ensureYear(
  db: Db,
  municipalityId: string,
  year: number,
  name = municipalityId,
): Promise<void> {
  await db
    .insertInto('municipality')
    .values({ id: municipalityId, name })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('fiscal_year')
    .values({ municipality_id: municipalityId, year })
    .onConflict((oc) => oc.columns(['municipality_id', 'year']).doNothing())
    .execute();
}

/**
 * Takes the fiscal year's row lock until the end of the transaction: writers of a year's
 * figures (imports, budget changes) take it first, so that two of them run one after the other
 * (an import's replace reads what the other wrote) instead of interleaving. FOR NO KEY UPDATE
 * does not stop inserts that merely reference the year (their key share lock goes with it).
 * Call it inside a transaction, after ensureYear when the year may be new.
 */
export async function lockYear(db: Db, municipalityId: string, year: number): Promise<void> {
  await db
    .selectFrom('fiscal_year')
    .select('year')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .forNoKeyUpdate()
    .execute();
}

/**
 * Takes the year's lock shared until the end of the transaction: writers of a unit's content
 * (narratives, goals, risks) run side by side, but wait for an approval or an import of the
 * year (lockYear) and are waited for by it — so that an approval's snapshot holds every text
 * saved before it, and none is saved under it. Taken before any unit's lock (lockUnit), in
 * the order lockYear takes them too.
 */
export async function lockYearShared(db: Db, municipalityId: string, year: number): Promise<void> {
  await db
    .selectFrom('fiscal_year')
    .select('year')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .forShare()
    .execute();
}

/**
 * Takes the unit's row lock until the end of the transaction: writers of a unit's report
 * (narratives, workflow transitions) take it before reading what they check (the state, the
 * stored version), so that the check still holds when they write.
 */
export async function lockUnit(
  db: Db,
  scope: { municipalityId: string; year: number; unitCode: string },
): Promise<void> {
  await db
    .selectFrom('unit')
    .select('code')
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('code', '=', scope.unitCode)
    .forNoKeyUpdate()
    .execute();
}

export async function fiscalYears(db: Db, municipalityId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('fiscal_year')
    .select('year')
    .where('municipality_id', '=', municipalityId)
    .orderBy('year')
    .execute();
  return rows.map((r) => r.year);
}

export async function listUnits(db: Db, municipalityId: string, year: number): Promise<Unit[]> {
  const rows = await db
    .selectFrom('unit')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('position')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    kind: isUnitKind(r.kind) ? r.kind : 'costcenter',
    names: { sv: r.name_sv, fi: r.name_fi, en: r.name_en },
    responsible: r.responsible,
    board: r.board,
  }));
}

/** Inserts or updates units; units not mentioned are kept (their entries must not be orphaned). */
export async function upsertUnits(
  db: Db,
  municipalityId: string,
  year: number,
  units: readonly Unit[],
): Promise<void> {
  const start = (await listUnits(db, municipalityId, year)).length;
  for (const [index, unit] of units.entries()) {
    const values = {
      parent_code: unit.parentCode,
      kind: unit.kind,
      name_sv: unit.names.sv,
      name_fi: unit.names.fi,
      name_en: unit.names.en,
      responsible: unit.responsible,
      board: unit.board,
    };
    await db
      .insertInto('unit')
      .values({
        municipality_id: municipalityId,
        year,
        code: unit.code,
        position: start + index,
        ...values,
      })
      .onConflict((oc) => oc.columns(['municipality_id', 'year', 'code']).doUpdateSet(values))
      .execute();
  }
}

export async function setBindings(
  db: Db,
  municipalityId: string,
  year: number,
  bindings: readonly Binding[],
): Promise<void> {
  for (const binding of bindings) {
    await db
      .deleteFrom('binding')
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .where('unit_code', '=', binding.unitCode)
      .execute();
    await db
      .insertInto('binding')
      .values({
        municipality_id: municipalityId,
        year,
        unit_code: binding.unitCode,
        line: binding.line,
      })
      .execute();
  }
}

export async function listBindings(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<Binding[]> {
  const rows = await db
    .selectFrom('binding')
    .select(['unit_code', 'line'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .execute();
  return rows.flatMap((r) => (isLineCode(r.line) ? [{ unitCode: r.unit_code, line: r.line }] : []));
}

/** The year's mapping: the municipality's own ranges first, then the default chart. */
export async function accountMapping(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<AccountMapping> {
  const rows = await db
    .selectFrom('account_range')
    .select(['from_account', 'to_account', 'line'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('position')
    .execute();
  const own: AccountRange[] = rows.flatMap((r) =>
    isLineCode(r.line) ? [{ from: r.from_account, to: r.to_account, line: r.line }] : [],
  );
  return [...own, ...DEFAULT_MAPPING];
}

export async function replaceMapping(
  db: Db,
  municipalityId: string,
  year: number,
  ranges: readonly AccountRange[],
): Promise<void> {
  await db
    .deleteFrom('account_range')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .execute();
  for (const [position, range] of ranges.entries()) {
    await db
      .insertInto('account_range')
      .values({
        municipality_id: municipalityId,
        year,
        from_account: range.from,
        to_account: range.to,
        line: range.line,
        position,
      })
      .execute();
  }
}

/** Every municipality with its name, by id. */
export async function municipalities(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('municipality').select(['id', 'name']).orderBy('id').execute();
}

export async function municipalityExists(db: Db, municipalityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('municipality')
    .select('id')
    .where('id', '=', municipalityId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function setMunicipalityName(
  db: Db,
  municipalityId: string,
  name: string,
): Promise<void> {
  await db.updateTable('municipality').set({ name }).where('id', '=', municipalityId).execute();
}

/** The municipality's name when it has the fiscal year; undefined otherwise. */
export async function municipalityNameOfYear(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('municipality')
    .innerJoin('fiscal_year', 'fiscal_year.municipality_id', 'municipality.id')
    .select('municipality.name')
    .where('municipality.id', '=', municipalityId)
    .where('fiscal_year.year', '=', year)
    .executeTakeFirst();
  return row?.name;
}

export async function unitExists(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('unit')
    .select('code')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('code', '=', unitCode)
    .executeTakeFirst();
  return row !== undefined;
}

/** Those of `codes` that some year of the municipality has as a unit. */
export async function knownUnitCodes(
  db: Db,
  municipalityId: string,
  codes: readonly string[],
): Promise<Set<string>> {
  const known = await db
    .selectFrom('unit')
    .select('code')
    .distinct()
    .where('municipality_id', '=', municipalityId)
    .where('code', 'in', codes)
    .execute();
  return new Set(known.map((row) => row.code));
}

/** Finds a unit by code, or by its name in any language. */
export function findUnit(units: readonly Unit[], wanted: string): Unit {
  const lower = wanted.trim().toLowerCase();
  const unit =
    units.find((u) => u.code === wanted) ??
    units.find((u) => u.code.toLowerCase() === lower) ??
    units.find((u) => Object.values(u.names).some((n) => n.toLowerCase() === lower));
  if (!unit)
    throw new UtfallError('unit.unknown', {
      unit: wanted,
      known: units
        .slice(0, 12)
        .map((u) => u.code)
        .join(', '),
    });
  return unit;
}
