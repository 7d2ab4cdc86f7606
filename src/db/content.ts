/** A unit's content of a year: narratives, comments and the workflow state of its report. */
import type { Language } from '../domain/lines.js';
import { isReportState, type ReportState } from '../domain/workflow.js';
import type { Db } from './db.js';

export interface Scope {
  municipalityId: string;
  year: number;
  unitCode: string;
  /**
   * The reporting period whose texts are meant (its last month): 12, the default, for the
   * year's; an interim report's texts are its own (e.g. 8).
   */
  period?: number;
}

const periodOf = (scope: { period?: number }): number => scope.period ?? 12;

export interface Narrative {
  section: string;
  lang: Language;
  body: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface Comment {
  id: number;
  target: string;
  /** The user name of who wrote it (as the audit log records them). */
  author: string;
  /** Their display name (users table); the user name when the user is gone or the system wrote it. */
  authorName: string;
  body: string;
  createdAt: Date;
}

export interface StateOfReport {
  state: ReportState;
  reason: string | null;
}

/** A report's state with who moved it there and when (null while it has never left draft). */
export interface StateOfReportChange extends StateOfReport {
  changedBy: string | null;
  changedAt: Date | null;
}
/** The unit's narratives, by section and language. */
export async function narratives(db: Db, scope: Scope): Promise<Narrative[]> {
  const rows = await db
    .selectFrom('narrative')
    .selectAll()
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
    .where('period', '=', periodOf(scope))
    .orderBy('section')
    .orderBy('lang')
    .execute();
  return rows.map((r) => ({
    section: r.section,
    lang: r.lang as Language,
    body: r.body,
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }));
}

/** Every written narrative of the year's reporting period (default the year): unit, section, language and text. */
export async function yearNarratives(
  db: Db,
  municipalityId: string,
  year: number,
  period = 12,
): Promise<{ unitCode: string; section: string; lang: Language; body: string }[]> {
  const rows = await db
    .selectFrom('narrative')
    .select(['unit_code', 'section', 'lang', 'body'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('period', '=', period)
    .orderBy('unit_code')
    .orderBy('section')
    .orderBy('lang')
    .execute();
  return rows.map((r) => ({
    unitCode: r.unit_code,
    section: r.section,
    lang: r.lang as Language,
    body: r.body,
  }));
}

/**
 * Writes one section's text in one language if the stored one is still the version it was based
 * on: `baseVersion` null (or 0) inserts a new section, a number updates the row at that version.
 * False when nothing was written (another save got there first, or the section exists already):
 * a conditional write, so that two saves from one version cannot both win.
 */
export async function writeNarrative(
  db: Db,
  scope: Scope,
  narrative: Narrative,
  baseVersion: number | null,
): Promise<boolean> {
  const values = {
    body: narrative.body,
    version: narrative.version,
    updated_by: narrative.updatedBy,
    updated_at: narrative.updatedAt,
  };
  if (baseVersion === null || baseVersion === 0) {
    const inserted = await db
      .insertInto('narrative')
      .values({
        municipality_id: scope.municipalityId,
        year: scope.year,
        unit_code: scope.unitCode,
        period: periodOf(scope),
        section: narrative.section,
        lang: narrative.lang,
        ...values,
      })
      .onConflict((oc) =>
        oc
          .columns(['municipality_id', 'year', 'unit_code', 'period', 'section', 'lang'])
          .doNothing(),
      )
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable('narrative')
    .set(values)
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
    .where('period', '=', periodOf(scope))
    .where('section', '=', narrative.section)
    .where('lang', '=', narrative.lang)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Adds a comment and returns its id. */
export async function insertComment(
  db: Db,
  scope: Scope,
  comment: { target: string; author: string; body: string },
): Promise<number> {
  const row = await db
    .insertInto('comment')
    .values({
      municipality_id: scope.municipalityId,
      year: scope.year,
      unit_code: scope.unitCode,
      target: comment.target,
      author: comment.author,
      body: comment.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The unit's comments, oldest first, each with its author's display name. */
export async function comments(db: Db, scope: Scope): Promise<Comment[]> {
  const rows = await db
    .selectFrom('comment')
    .leftJoin('app_user', 'app_user.username', 'comment.author')
    .select([
      'comment.id',
      'comment.target',
      'comment.author',
      'comment.body',
      'comment.created_at',
      'app_user.display_name',
    ])
    .where('comment.municipality_id', '=', scope.municipalityId)
    .where('comment.year', '=', scope.year)
    .where('comment.unit_code', '=', scope.unitCode)
    .orderBy('comment.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    target: r.target,
    author: r.author,
    authorName: r.display_name?.trim() || r.author,
    body: r.body,
    createdAt: r.created_at,
  }));
}

/** The last month of the year's own reporting period, the annual report's. */
export const YEAR_PERIOD = 12;

/**
 * The workflow state of the unit's report for a period (default: the scope's, else the year);
 * draft when none is stored.
 */
export async function reportState(
  db: Db,
  scope: Scope,
  period: number = periodOf(scope),
): Promise<StateOfReport> {
  const { state, reason } = await reportStateChange(db, scope, period);
  return { state, reason };
}

/** The same, with who moved the report to its state and when. */
export async function reportStateChange(
  db: Db,
  scope: Scope,
  period: number = periodOf(scope),
): Promise<StateOfReportChange> {
  const row = await db
    .selectFrom('report_state')
    .select(['state', 'reason', 'changed_by', 'changed_at'])
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
    .where('period', '=', period)
    .executeTakeFirst();
  return {
    state: row && isReportState(row.state) ? row.state : 'draft',
    reason: row?.reason ?? null,
    changedBy: row?.changed_by ?? null,
    changedAt: row ? new Date(row.changed_at) : null,
  };
}

/** The stored workflow states of every unit of the year for a period, by unit code. */
export async function reportStates(
  db: Db,
  municipalityId: string,
  year: number,
  period: number = YEAR_PERIOD,
): Promise<Map<string, StateOfReport>> {
  const rows = await db
    .selectFrom('report_state')
    .select(['unit_code', 'state', 'reason'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('period', '=', period)
    .execute();
  return new Map(
    rows.map((r) => [
      r.unit_code,
      { state: isReportState(r.state) ? r.state : 'draft', reason: r.reason },
    ]),
  );
}

/** Stores the workflow state of the unit's report for a period (default: the scope's, else the year). */
export async function writeReportState(
  db: Db,
  scope: Scope,
  change: { state: ReportState; changedBy: string; changedAt: Date; reason: string | null },
  period: number = periodOf(scope),
): Promise<void> {
  const values = {
    state: change.state,
    changed_by: change.changedBy,
    changed_at: change.changedAt,
    reason: change.reason,
  };
  await db
    .insertInto('report_state')
    .values({
      municipality_id: scope.municipalityId,
      year: scope.year,
      unit_code: scope.unitCode,
      period,
      ...values,
    })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'year', 'unit_code', 'period']).doUpdateSet(values),
    )
    .execute();
}
