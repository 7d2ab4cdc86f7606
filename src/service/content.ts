/**
 * Narratives, comments, the workflow and the audit log. Every change goes through here, checks
 * that the unit's report is still editable, and writes an audit entry with before and after in
 * the same transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import { userInfo } from 'node:os';
import type { Db } from '../db/repository.js';
import type { AuditLogTable, Database } from '../db/schema.js';
import type { Language } from '../domain/lines.js';
import {
  isEditable,
  isReportState,
  transition,
  type ReportState,
  type WorkflowAction,
} from '../domain/workflow.js';
import { UsageError } from './tenant.js';

export const NARRATIVE_SECTIONS = ['events', 'risks', 'revenue', 'costs', 'margin'] as const;

/** Who is acting: UTFALL_USER, else the operating-system user. */
export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
  return env.UTFALL_USER || userInfo().username;
}

export interface Scope {
  municipalityId: string;
  year: number;
  unitCode: string;
}

/** A save against an older version than the stored one: both texts are kept, nothing is overwritten. */
export class ConflictError extends UsageError {
  constructor(
    readonly stored: { version: number; body: string; updatedBy: string },
    readonly attempted: { baseVersion: number | null; body: string },
  ) {
    super('narrative.conflict', {
      stored: stored.version,
      base: attempted.baseVersion ?? 0,
      by: stored.updatedBy,
    });
  }
}

export async function audit(
  db: Db,
  municipalityId: string,
  entry: {
    actor: string;
    action: string;
    entity: string;
    key: string;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      municipality_id: municipalityId,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_key: entry.key,
      before:
        entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  key: string;
  before: unknown;
  after: unknown;
}

export async function auditLog(
  db: Db,
  municipalityId: string,
  filter: { entity?: string; key?: string } = {},
): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().where('municipality_id', '=', municipalityId);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.key) query = query.where('entity_key', 'like', `${filter.key}%`);
  const rows = await query.orderBy('id').execute();
  return rows.map(auditEntryOf);
}

/** A row of the audit log as an entry, its before and after parsed from their JSON. */
export function auditEntryOf(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    key: row.entity_key,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  };
}

export async function reportState(
  db: Db,
  scope: Scope,
): Promise<{ state: ReportState; reason: string | null }> {
  const row = await db
    .selectFrom('report_state')
    .select(['state', 'reason'])
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
    .executeTakeFirst();
  return {
    state: row && isReportState(row.state) ? row.state : 'draft',
    reason: row?.reason ?? null,
  };
}

/** Refuses changes to approved or locked content. */
export async function assertEditable(db: Db, scope: Scope): Promise<void> {
  const { state } = await reportState(db, scope);
  if (!isEditable(state))
    throw new UsageError('content.notEditable', { unit: scope.unitCode, state });
}

/** Moves a unit's report through the workflow; reopening needs a reason. */
export async function changeState(
  db: Kysely<Database>,
  scope: Scope,
  action: WorkflowAction,
  actor: string,
  reason?: string,
): Promise<ReportState> {
  if (action === 'reopen' && !reason?.trim()) throw new UsageError('workflow.reasonMissing');
  return db.transaction().execute(async (trx) => {
    const before = await reportState(trx, scope);
    const next = transition(before.state, action);
    if (!next)
      throw new UsageError('workflow.notAllowed', {
        action,
        state: before.state,
        unit: scope.unitCode,
      });
    const values = {
      state: next,
      changed_by: actor,
      changed_at: new Date(),
      reason: reason ?? null,
    };
    await trx
      .insertInto('report_state')
      .values({
        municipality_id: scope.municipalityId,
        year: scope.year,
        unit_code: scope.unitCode,
        ...values,
      })
      .onConflict((oc) => oc.columns(['municipality_id', 'year', 'unit_code']).doUpdateSet(values))
      .execute();
    await audit(trx, scope.municipalityId, {
      actor,
      action,
      entity: 'workflow',
      key: `${scope.year}/${scope.unitCode}`,
      before: before.state,
      after: reason ? { state: next, reason } : next,
    });
    return next;
  });
}

export interface Narrative {
  section: string;
  lang: Language;
  body: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export async function getNarratives(db: Db, scope: Scope): Promise<Narrative[]> {
  const rows = await db
    .selectFrom('narrative')
    .selectAll()
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
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

/**
 * Saves a narrative section. `baseVersion` is the version the writer started from (null for a
 * new section): saving over a newer stored version is a conflict, never a silent overwrite.
 */
export async function setNarrative(
  db: Kysely<Database>,
  scope: Scope,
  input: { section: string; lang: Language; body: string; baseVersion: number | null },
  actor: string,
): Promise<Narrative> {
  return db.transaction().execute(async (trx) => {
    await assertEditable(trx, scope);
    const stored = (await getNarratives(trx, scope)).find(
      (n) => n.section === input.section && n.lang === input.lang,
    );
    if (stored && stored.version !== input.baseVersion) {
      throw new ConflictError(stored, { baseVersion: input.baseVersion, body: input.body });
    }
    if (!stored && input.baseVersion !== null && input.baseVersion !== 0) {
      throw new UsageError('narrative.missing', { section: input.section, lang: input.lang });
    }
    const version = (stored?.version ?? 0) + 1;
    const values = { body: input.body, version, updated_by: actor, updated_at: new Date() };
    await trx
      .insertInto('narrative')
      .values({
        municipality_id: scope.municipalityId,
        year: scope.year,
        unit_code: scope.unitCode,
        section: input.section,
        lang: input.lang,
        ...values,
      })
      .onConflict((oc) =>
        oc.columns(['municipality_id', 'year', 'unit_code', 'section', 'lang']).doUpdateSet(values),
      )
      .execute();
    await audit(trx, scope.municipalityId, {
      actor,
      action: stored ? 'update' : 'create',
      entity: 'narrative',
      key: `${scope.year}/${scope.unitCode}/${input.section}/${input.lang}`,
      before: stored ? { version: stored.version, body: stored.body } : null,
      after: { version, body: input.body },
    });
    return {
      section: input.section,
      lang: input.lang,
      body: input.body,
      version,
      updatedBy: actor,
      updatedAt: values.updated_at,
    };
  });
}

export interface Comment {
  id: number;
  target: string;
  author: string;
  body: string;
  createdAt: Date;
}

/** Adds a comment on a section or goal (target e.g. `narrative:events` or `goal:12`). */
export async function addComment(
  db: Kysely<Database>,
  scope: Scope,
  target: string,
  body: string,
  actor: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('comment')
      .values({
        municipality_id: scope.municipalityId,
        year: scope.year,
        unit_code: scope.unitCode,
        target,
        author: actor,
        body,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, scope.municipalityId, {
      actor,
      action: 'create',
      entity: 'comment',
      key: `${scope.year}/${scope.unitCode}/${target}`,
      before: null,
      after: { body },
    });
    return row.id;
  });
}

export async function comments(db: Db, scope: Scope): Promise<Comment[]> {
  const rows = await db
    .selectFrom('comment')
    .selectAll()
    .where('municipality_id', '=', scope.municipalityId)
    .where('year', '=', scope.year)
    .where('unit_code', '=', scope.unitCode)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    target: r.target,
    author: r.author,
    body: r.body,
    createdAt: r.created_at,
  }));
}
