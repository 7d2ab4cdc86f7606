/**
 * The municipality's named budget profiles of a year: twelve weights (January first) that spread
 * a year's budget over its months, and the line whose default each one is (at most one profile
 * per line). docs/interim.md states how they are used.
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface StoredProfile {
  name: string;
  /** The leaf line whose budgets this profile spreads by default; null: only when named. */
  line: string | null;
  weights: number[];
  updatedAt: Date;
  updatedBy: string;
}

type ProfileRow = {
  name: string;
  line: string | null;
  weights: number[];
  updated_at: Date | string;
  updated_by: string;
};

const profileOf = (row: ProfileRow): StoredProfile => ({
  name: row.name,
  line: row.line,
  weights: row.weights.map(Number),
  updatedAt: new Date(row.updated_at),
  updatedBy: row.updated_by,
});

/** The year's profiles, by name. */
export async function budgetProfiles(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<StoredProfile[]> {
  const rows = await db
    .selectFrom('budget_profile')
    .select(['name', 'line', 'weights', 'updated_at', 'updated_by'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('name')
    .execute();
  return rows.map(profileOf);
}

export interface ProfileWrite {
  municipalityId: string;
  year: number;
  name: string;
  line: string | null;
  weights: readonly number[];
  by: string;
}

/** Stores a profile: a new one, or new weights and line for the one of that name. */
export async function writeBudgetProfile(db: Db, write: ProfileWrite): Promise<StoredProfile> {
  const weights = sql<number[]>`${[...write.weights]}::integer[]`;
  const row = await db
    .insertInto('budget_profile')
    .values({
      municipality_id: write.municipalityId,
      year: write.year,
      name: write.name,
      line: write.line,
      weights,
      updated_by: write.by,
    })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'year', 'name']).doUpdateSet({
        line: write.line,
        weights,
        updated_by: write.by,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(['name', 'line', 'weights', 'updated_at', 'updated_by'])
    .executeTakeFirstOrThrow();
  return profileOf(row);
}

/** Removes a profile; whether there was one. */
export async function deleteBudgetProfile(
  db: Db,
  municipalityId: string,
  year: number,
  name: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('budget_profile')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
