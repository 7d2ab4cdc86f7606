/** Forecasts for the year, per reporting period, unit and leaf line, with who entered them when. */
import { sql } from 'kysely';
import { centsFrom, type Cents } from '../domain/money.js';
import type { LineCode } from '../domain/lines.js';
import type { Db } from './db.js';

export interface StoredForecast {
  unitCode: string;
  line: LineCode;
  amount: Cents;
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

/** The period's forecasts (of some units, or all), by unit and line. */
export async function forecasts(
  db: Db,
  municipalityId: string,
  year: number,
  period: number,
  unitCodes?: readonly string[],
): Promise<StoredForecast[]> {
  let query = db
    .selectFrom('forecast')
    .select(['unit_code', 'line', 'version', 'updated_at', 'updated_by'])
    .select(sql<string>`amount::text`.as('amount'))
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('period', '=', period);
  // No units asked for: none (an empty `in ()` is no SQL). Not a NUL placeholder either:
  // PostgreSQL refuses a 0x00 byte in text ("invalid byte sequence for encoding UTF8").
  if (unitCodes) {
    if (unitCodes.length === 0) return [];
    query = query.where('unit_code', 'in', [...unitCodes]);
  }
  const rows = await query.orderBy('unit_code').orderBy('line').execute();
  return rows.map((r) => ({
    unitCode: r.unit_code,
    line: r.line as LineCode,
    amount: centsFrom(r.amount),
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

export interface ForecastKey {
  municipalityId: string;
  year: number;
  period: number;
  unitCode: string;
  line: LineCode;
}

/** Stores a forecast (a new one, or a new version of one); returns its version. */
export async function writeForecast(
  db: Db,
  key: ForecastKey,
  amount: Cents,
  by: string,
): Promise<number> {
  const row = await db
    .insertInto('forecast')
    .values({
      municipality_id: key.municipalityId,
      year: key.year,
      period: key.period,
      unit_code: key.unitCode,
      line: key.line,
      amount,
      updated_by: by,
    })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'year', 'period', 'unit_code', 'line']).doUpdateSet({
        amount,
        updated_by: by,
        updated_at: sql<Date>`now()`,
        version: sql<number>`forecast.version + 1`,
      }),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Removes a forecast (the line then follows its budget again); whether there was one. */
export async function deleteForecast(db: Db, key: ForecastKey): Promise<boolean> {
  const result = await db
    .deleteFrom('forecast')
    .where('municipality_id', '=', key.municipalityId)
    .where('year', '=', key.year)
    .where('period', '=', key.period)
    .where('unit_code', '=', key.unitCode)
    .where('line', '=', key.line)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
