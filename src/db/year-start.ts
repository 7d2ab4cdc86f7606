/**
 * A new fiscal year's structure copied from an earlier year: the units, their binding levels, the
 * account mapping, the strategy themes, the key goals and the budget profiles. Each table is
 * copied by one `insert … select` with the new year, except the key goals: their JSON content is
 * rewritten by the domain's rule (carriedOverGoal), so they are read and inserted again. All in
 * the transaction the caller gives, who has created the new year and holds its lock.
 */
import { sql } from 'kysely';
import type { KeyGoal } from '../domain/goals.js';
import { carriedOverGoal, type YearStartCounts } from '../domain/year-start.js';
import type { Db } from './db.js';

const GOALS_PER_STATEMENT = 500;

/** The tables a year's start copies row by row as they are. */
type CopiedTable = 'unit' | 'binding' | 'account_range' | 'strategy_theme';

/** How many rows of what a start copies a year holds. */
export async function yearStructureCounts(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<YearStartCounts> {
  const count = async (
    table: 'unit' | 'binding' | 'account_range' | 'strategy_theme' | 'key_goal' | 'budget_profile',
  ): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    units: await count('unit'),
    bindings: await count('binding'),
    accountRanges: await count('account_range'),
    themes: await count('strategy_theme'),
    goals: await count('key_goal'),
    profiles: await count('budget_profile'),
  };
}

/** The years of the municipality with how many units each has, oldest first. */
export async function yearsWithUnitCounts(
  db: Db,
  municipalityId: string,
): Promise<{ year: number; units: number }[]> {
  const rows = await db
    .selectFrom('fiscal_year')
    .leftJoin('unit', (join) =>
      join
        .onRef('unit.municipality_id', '=', 'fiscal_year.municipality_id')
        .onRef('unit.year', '=', 'fiscal_year.year'),
    )
    .select(['fiscal_year.year', (eb) => eb.fn.count<string>('unit.code').as('units')])
    .where('fiscal_year.municipality_id', '=', municipalityId)
    .groupBy('fiscal_year.year')
    .orderBy('fiscal_year.year')
    .execute();
  return rows.map((r) => ({ year: r.year, units: Number(r.units) }));
}

/**
 * Copies the structure of `from` into `year` and returns how many rows of each it wrote. The new
 * year must exist (fiscal_year) and hold none of it: the caller checks that under the year's
 * lock. Budget profiles are recorded as written by `actor`, now.
 */
export async function copyYearStructure(
  db: Db,
  scope: { municipalityId: string; from: number; year: number; actor: string },
): Promise<YearStartCounts> {
  const { municipalityId, from } = scope;
  // A parameter in a select list has no type of its own: the new year as the integer it is.
  const year = sql<number>`cast(${scope.year} as integer)`;
  const written = (result: { numInsertedOrUpdatedRows?: bigint | undefined } | undefined) =>
    Number(result?.numInsertedOrUpdatedRows ?? 0);

  /** Copies a table's rows of the source year into the new year, these columns as they are. */
  const copy = async (table: CopiedTable, columns: readonly string[]): Promise<number> => {
    const copied = sql.join(columns.map((c) => sql.ref(c)));
    const result = await sql`
      insert into ${sql.table(table)} (municipality_id, year, ${copied})
      select municipality_id, ${year}, ${copied} from ${sql.table(table)}
      where municipality_id = ${municipalityId} and year = ${from}
    `.execute(db);
    return Number(result.numAffectedRows ?? 0);
  };
  const units = await copy('unit', [
    'code',
    'parent_code',
    'kind',
    'name_sv',
    'name_fi',
    'name_en',
    'responsible',
    'board',
    'position',
  ]);
  const bindings = await copy('binding', ['unit_code', 'line']);
  const ranges = await copy('account_range', ['from_account', 'to_account', 'line', 'position']);
  const themes = await copy('strategy_theme', ['number', 'names']);

  const profiles = await db
    .insertInto('budget_profile')
    .columns(['municipality_id', 'year', 'name', 'line', 'weights', 'updated_by'])
    .expression(
      db
        .selectFrom('budget_profile')
        .select([
          'municipality_id',
          year.as('year'),
          'name',
          'line',
          'weights',
          sql<string>`cast(${scope.actor} as text)`.as('updated_by'),
        ])
        .where('municipality_id', '=', municipalityId)
        .where('year', '=', from),
    )
    .executeTakeFirst();

  // Key goals: their content is JSON that the domain's rule rewrites, so they are read and
  // written, in the order they are stored (the new ids follow the same order).
  const goals = await db
    .selectFrom('key_goal')
    .select(['unit_code', 'theme', 'position', 'binding', 'content'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', from)
    .orderBy('unit_code')
    .orderBy('position')
    .orderBy('id')
    .execute();
  // At most some thousands of parameters per statement, well within PostgreSQL's limit.
  for (let start = 0; start < goals.length; start += GOALS_PER_STATEMENT) {
    await db
      .insertInto('key_goal')
      .values(
        goals.slice(start, start + GOALS_PER_STATEMENT).map((row) => {
          const goal = carriedOverGoal(JSON.parse(row.content) as KeyGoal);
          return {
            municipality_id: municipalityId,
            year: scope.year,
            unit_code: row.unit_code,
            theme: row.theme,
            position: row.position,
            status: goal.status,
            binding: row.binding,
            content: JSON.stringify(goal),
          };
        }),
      )
      .execute();
  }

  return {
    units,
    bindings,
    accountRanges: ranges,
    themes,
    goals: goals.length,
    profiles: written(profiles),
  };
}
