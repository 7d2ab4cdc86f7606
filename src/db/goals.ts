/** Strategy themes, key goals and risk registers of a year. */
import type { KeyGoal, Texts } from '../domain/goals.js';
import type { Risk } from '../domain/risks.js';
import type { Db } from './db.js';

export interface StoredGoal extends KeyGoal {
  id: number;
  /** 1 when written, raised by every update (writeGoal). */
  version: number;
}

export interface Theme {
  number: number;
  names: Texts;
}

export async function themes(db: Db, municipalityId: string, year: number): Promise<Theme[]> {
  const rows = await db
    .selectFrom('strategy_theme')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number, names: JSON.parse(r.names) as Texts }));
}

/** Inserts a theme or renames it. */
export async function writeTheme(
  db: Db,
  municipalityId: string,
  year: number,
  theme: Theme,
): Promise<void> {
  const names = JSON.stringify(theme.names);
  await db
    .insertInto('strategy_theme')
    .values({ municipality_id: municipalityId, year, number: theme.number, names })
    .onConflict((oc) => oc.columns(['municipality_id', 'year', 'number']).doUpdateSet({ names }))
    .execute();
}

/** The year's key goals (of one unit when given), by unit and position. */
export async function goals(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode?: string,
): Promise<StoredGoal[]> {
  let query = db
    .selectFrom('key_goal')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year);
  if (unitCode) query = query.where('unit_code', '=', unitCode);
  const rows = await query.orderBy('unit_code').orderBy('position').execute();
  return rows.map(storedGoalOf);
}

function storedGoalOf(row: { content: string; id: number; version: number }): StoredGoal {
  return { ...(JSON.parse(row.content) as KeyGoal), id: row.id, version: row.version };
}

/**
 * One key goal of the year, its row locked until the end of the transaction: an update reads,
 * changes and writes it while a concurrent update waits, so that neither is lost.
 */
export async function goalForUpdate(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<StoredGoal | undefined> {
  const row = await db
    .selectFrom('key_goal')
    .select(['id', 'content', 'version'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && storedGoalOf(row);
}

/** The unit a key goal of the year belongs to. */
export async function unitOfGoal(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('key_goal')
    .select('unit_code')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.unit_code;
}

/** Replaces a unit's key goals with these, in this order. */
export async function replaceGoals(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
  keyGoals: readonly KeyGoal[],
): Promise<void> {
  await db
    .deleteFrom('key_goal')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('unit_code', '=', unitCode)
    .execute();
  for (const [position, goal] of keyGoals.entries()) {
    await db
      .insertInto('key_goal')
      .values({
        municipality_id: municipalityId,
        year,
        unit_code: unitCode,
        theme: goal.theme,
        position,
        status: goal.status,
        binding: goal.binding,
        content: JSON.stringify(goal),
      })
      .execute();
  }
}

/** Stores a key goal's new content and returns its new version. */
export async function writeGoal(
  db: Db,
  municipalityId: string,
  id: number,
  goal: KeyGoal,
): Promise<number> {
  const row = await db
    .updateTable('key_goal')
    .set((eb) => ({
      status: goal.status,
      content: JSON.stringify(goal),
      version: eb('version', '+', 1),
    }))
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function riskRegister(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode?: string,
): Promise<Risk[]> {
  let query = db
    .selectFrom('risk')
    .select('content')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year);
  if (unitCode) query = query.where('unit_code', '=', unitCode);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.content) as Risk);
}

/** Replaces a unit's risk register with these risks. */
export async function replaceRisks(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
  risks: readonly Risk[],
): Promise<void> {
  await db
    .deleteFrom('risk')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('unit_code', '=', unitCode)
    .execute();
  for (const risk of risks) {
    await db
      .insertInto('risk')
      .values({
        municipality_id: municipalityId,
        year,
        unit_code: unitCode,
        content: JSON.stringify(risk),
      })
      .execute();
  }
}
