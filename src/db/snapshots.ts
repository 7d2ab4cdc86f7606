/**
 * Approval snapshots: what a unit's approved report for a period was built from, stored as JSON
 * with its SHA-256. Rows are only ever added or marked released (by a reopening), never deleted.
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface StoredSnapshot {
  id: number;
  year: number;
  unitCode: string;
  period: number;
  approvedAt: Date;
  approvedBy: string;
  sha256: string;
  /** JSON text, parsed by the service (SnapshotData). */
  data: string;
  released: { at: Date; by: string; reason: string } | null;
}

export async function insertSnapshot(
  db: Db,
  municipalityId: string,
  snapshot: {
    year: number;
    unitCode: string;
    period: number;
    approvedBy: string;
    approvedAt: Date;
    sha256: string;
    data: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('report_snapshot')
    .values({
      municipality_id: municipalityId,
      year: snapshot.year,
      unit_code: snapshot.unitCode,
      period: snapshot.period,
      approved_by: snapshot.approvedBy,
      approved_at: snapshot.approvedAt,
      sha256: snapshot.sha256,
      data: snapshot.data,
      released_at: null,
      released_by: null,
      released_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The year's snapshots, oldest first: only those not released (in force) unless `all`; of one
 * unit and period when named.
 */
export async function snapshots(
  db: Db,
  municipalityId: string,
  year: number,
  options: {
    all?: boolean;
    unitCode?: string;
    period?: number;
    id?: number;
    /** false: leave the stored data out (`data` is ''), for lists and pages. */
    withData?: boolean;
  } = {},
): Promise<StoredSnapshot[]> {
  let query = db
    .selectFrom('report_snapshot')
    .select([
      'id',
      'year',
      'unit_code',
      'period',
      'approved_at',
      'approved_by',
      'sha256',
      'released_at',
      'released_by',
      'released_reason',
    ])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year);
  if (!options.all) query = query.where('released_at', 'is', null);
  if (options.unitCode !== undefined) query = query.where('unit_code', '=', options.unitCode);
  if (options.period !== undefined) query = query.where('period', '=', options.period);
  if (options.id !== undefined) query = query.where('id', '=', options.id);
  const rows = await query
    .select(options.withData === false ? sql<string>`''`.as('data') : 'data')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    unitCode: r.unit_code,
    period: r.period,
    approvedAt: new Date(r.approved_at),
    approvedBy: r.approved_by,
    sha256: r.sha256,
    data: r.data,
    released:
      r.released_at === null
        ? null
        : {
            at: new Date(r.released_at),
            by: r.released_by ?? '',
            reason: r.released_reason ?? '',
          },
  }));
}

/** Marks a unit's snapshots of a period in force as released by a reopening; returns their ids. */
export async function releaseSnapshots(
  db: Db,
  municipalityId: string,
  scope: { year: number; unitCode: string; period: number },
  release: { by: string; at: Date; reason: string },
): Promise<number[]> {
  const rows = await db
    .updateTable('report_snapshot')
    .set({ released_at: release.at, released_by: release.by, released_reason: release.reason })
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
    .where('period', '=', scope.period)
    .where('released_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
