/** Strategy themes, key goals and risk registers of a year. */
import { isGoalStatus, type GoalStatus, type KeyGoal, type Texts } from '../domain/goals.js';
import type { Risk } from '../domain/risks.js';
import type { Db } from './db.js';

/** The last month of the year's own reporting period, whose outcomes key_goal holds. */
const YEAR_PERIOD = 12;

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

/**
 * The year's key goals (of one unit when given), by unit and position, with the outcome and
 * status of the reporting period `period` (default 12, the year's, as stored in key_goal). For
 * an interim period (1–11) the goal's outcome and status are that period's own — an interim
 * report's assessment is not the year's —, empty and notAssessed while none is written, and
 * `version` the period's (0 while none is written); everything else is the goal's.
 */
export async function goals(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode?: string,
  period: number = YEAR_PERIOD,
): Promise<StoredGoal[]> {
  let query = db
    .selectFrom('key_goal')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year);
  if (unitCode) query = query.where('unit_code', '=', unitCode);
  const rows = await query.orderBy('unit_code').orderBy('position').execute();
  if (period === YEAR_PERIOD) return rows.map(storedGoalOf);
  const outcomes = await periodOutcomes(db, municipalityId, year, period, unitCode);
  return rows.map((row) =>
    inPeriod(storedGoalOf(row), outcomes.get(periodKey(row.unit_code, row.position))),
  );
}

function storedGoalOf(row: { content: string; id: number; version: number }): StoredGoal {
  return { ...(JSON.parse(row.content) as KeyGoal), id: row.id, version: row.version };
}

/** A key goal's outcome and status for an interim period, as stored. */
interface PeriodOutcome {
  outcome: Texts;
  status: GoalStatus;
  version: number;
}

const periodKey = (unitCode: string, position: number) => `${unitCode}\u0000${position}`;

async function periodOutcomes(
  db: Db,
  municipalityId: string,
  year: number,
  period: number,
  unitCode?: string,
  position?: number,
): Promise<Map<string, PeriodOutcome>> {
  let query = db
    .selectFrom('key_goal_period')
    .select(['unit_code', 'position', 'outcome', 'status', 'version'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('period', '=', period);
  if (unitCode) query = query.where('unit_code', '=', unitCode);
  if (position !== undefined) query = query.where('position', '=', position);
  const rows = await query.execute();
  return new Map(
    rows.map((r) => [
      periodKey(r.unit_code, r.position),
      {
        outcome: JSON.parse(r.outcome) as Texts,
        status: isGoalStatus(r.status) ? r.status : 'notAssessed',
        version: r.version,
      },
    ]),
  );
}

/** The goal with an interim period's outcome and status (empty and notAssessed when none). */
function inPeriod(goal: StoredGoal, outcome: PeriodOutcome | undefined): StoredGoal {
  return {
    ...goal,
    outcome: outcome?.outcome ?? {},
    status: outcome?.status ?? 'notAssessed',
    version: outcome?.version ?? 0,
  };
}

/**
 * One key goal of the year, its row locked until the end of the transaction: an update reads,
 * changes and writes it while a concurrent update waits, so that neither is lost. With an
 * interim `period`, the goal as goals() gives it for that period (the row is locked all the
 * same: updates of a goal in any period wait for each other).
 */
export async function goalForUpdate(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
  period: number = YEAR_PERIOD,
): Promise<(StoredGoal & { position: number }) | undefined> {
  const row = await db
    .selectFrom('key_goal')
    .select(['id', 'content', 'version', 'unit_code', 'position'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const goal = storedGoalOf(row);
  if (period === YEAR_PERIOD) return { ...goal, position: row.position };
  const outcomes = await periodOutcomes(
    db,
    municipalityId,
    year,
    period,
    row.unit_code,
    row.position,
  );
  return {
    ...inPeriod(goal, outcomes.get(periodKey(row.unit_code, row.position))),
    position: row.position,
  };
}

/**
 * Stores a key goal's outcome and status for an interim period (1–11), by the goal's unit and
 * position; returns the period's new version (1 when first written).
 */
export async function writeGoalPeriod(
  db: Db,
  municipalityId: string,
  at: { year: number; unitCode: string; position: number; period: number },
  change: { outcome: Texts; status: GoalStatus; updatedBy: string; updatedAt: Date },
): Promise<number> {
  const values = {
    outcome: JSON.stringify(change.outcome),
    status: change.status,
    updated_by: change.updatedBy,
    updated_at: change.updatedAt,
  };
  const row = await db
    .insertInto('key_goal_period')
    .values({
      municipality_id: municipalityId,
      year: at.year,
      unit_code: at.unitCode,
      position: at.position,
      period: at.period,
      ...values,
    })
    .onConflict((oc) =>
      oc
        .columns(['municipality_id', 'year', 'unit_code', 'position', 'period'])
        .doUpdateSet((eb) => ({ ...values, version: eb('key_goal_period.version', '+', 1) })),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** The unit a row of the year's goals or risks belongs to. */
async function unitOfRow(
  db: Db,
  table: 'key_goal' | 'risk',
  municipalityId: string,
  year: number,
  id: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom(table)
    .select('unit_code')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.unit_code;
}

/** The unit a key goal of the year belongs to. */
export async function unitOfGoal(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<string | undefined> {
  return unitOfRow(db, 'key_goal', municipalityId, year, id);
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

/** A risk as stored: its id (new at every import of the unit's risks) and version. */
export interface StoredRisk extends Risk {
  id: number;
  /** 1 when imported, raised by every edit (writeRisk). */
  version: number;
}

/** The risks of a unit of the year (of every unit when none is given), with ids and versions. */
export async function storedRisks(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode?: string,
): Promise<StoredRisk[]> {
  let query = db
    .selectFrom('risk')
    .select(['id', 'content', 'version'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year);
  if (unitCode) query = query.where('unit_code', '=', unitCode);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({ ...(JSON.parse(r.content) as Risk), id: r.id, version: r.version }));
}

/** The unit a risk of the year belongs to. */
export async function unitOfRisk(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<string | undefined> {
  return unitOfRow(db, 'risk', municipalityId, year, id);
}

/**
 * One risk of the year, its row locked until the end of the transaction: an edit reads, changes
 * and writes it while a concurrent edit waits, so that neither is lost.
 */
export async function riskForUpdate(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<StoredRisk | undefined> {
  const row = await db
    .selectFrom('risk')
    .select(['id', 'content', 'version'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && { ...(JSON.parse(row.content) as Risk), id: row.id, version: row.version };
}

/** Stores a risk's new content and returns its new version. */
export async function writeRisk(
  db: Db,
  municipalityId: string,
  id: number,
  risk: Risk,
): Promise<number> {
  const row = await db
    .updateTable('risk')
    .set((eb) => ({ content: JSON.stringify(risk), version: eb('version', '+', 1) }))
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * Adds a key goal after the unit's last one; returns it as stored. The caller holds the unit's
 * lock (lockUnit), so that two goals added at once take two positions.
 */
export async function insertGoal(
  db: Db,
  municipalityId: string,
  year: number,
  goal: KeyGoal,
): Promise<StoredGoal & { position: number }> {
  const last = await db
    .selectFrom('key_goal')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('unit_code', '=', goal.unitCode)
    .executeTakeFirst();
  const position = last?.position === null || last?.position === undefined ? 0 : last.position + 1;
  const row = await db
    .insertInto('key_goal')
    .values({
      municipality_id: municipalityId,
      year,
      unit_code: goal.unitCode,
      theme: goal.theme,
      position,
      status: goal.status,
      binding: goal.binding,
      content: JSON.stringify(goal),
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  return { ...goal, id: row.id, version: row.version, position };
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

/**
 * Removes the interim outcomes kept for some positions of a unit's goals: a goals import that
 * puts another goal at a position must not leave the former goal's assessment on it.
 */
export async function dropGoalPeriods(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
  positions: readonly number[],
): Promise<void> {
  if (positions.length === 0) return;
  await db
    .deleteFrom('key_goal_period')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('unit_code', '=', unitCode)
    .where('position', 'in', [...positions])
    .execute();
}
