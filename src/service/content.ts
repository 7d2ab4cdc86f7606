/**
 * Narratives, comments, the workflow and the audit log. Every change goes through here, checks
 * that the unit's report is still editable, and writes an audit entry with before and after in
 * the same transaction.
 */
import type { Kysely } from 'kysely';
import { auditRows, insertAudit, type AuditRow } from '../db/audit.js';
import {
  comments,
  insertComment,
  narratives,
  reportState,
  reportStateChange,
  reportStates,
  writeNarrative,
  YEAR_PERIOD,
  writeReportState,
  type Comment,
  type Narrative,
  type Scope,
  type StateOfReport,
  type StateOfReportChange,
} from '../db/content.js';
import type { Db } from '../db/db.js';
import { goals, unitOfGoal } from '../db/goals.js';
import type { Database } from '../db/schema.js';
import { listUnits, lockUnit, lockYear, lockYearShared } from '../db/units.js';
import { insertSnapshot, releaseSnapshots } from '../db/snapshots.js';
import { currentSnapshot, sealSnapshot } from '../report/data.js';
import type { Language } from '../domain/lines.js';
import { checkMonth } from '../domain/period.js';
import {
  frozenBy,
  stateChain,
  transition,
  type ReportState,
  type WorkflowAction,
} from '../domain/workflow.js';
import { allows, workflowRule, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { requireRule, requireUnitEditor } from './access.js';
import { assertUnit } from './tenant.js';

export const NARRATIVE_SECTIONS = ['events', 'risks', 'revenue', 'costs', 'margin'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

/** A narrative section named by a caller, refused with the known ones unless it is one. */
export function narrativeSection(section: string): NarrativeSection {
  const known = NARRATIVE_SECTIONS.find((s) => s === section);
  if (known === undefined)
    throw new UtfallError('narrative.section', { section, known: NARRATIVE_SECTIONS.join(', ') });
  return known;
}

export type { Comment, Narrative, Scope };
export { comments, reportState };

/**
 * A save against an older version than the stored one: both texts are kept, nothing is
 * overwritten. A UtfallError of kind conflict whose details carry both texts, typed.
 */
export class ConflictError extends UtfallError {
  constructor(
    readonly stored: { version: number; body: string; updatedBy: string; updatedAt?: Date },
    readonly attempted: { baseVersion: number | null; body: string },
  ) {
    super(
      'conflict',
      { stored: stored.version, base: attempted.baseVersion ?? 0, by: stored.updatedBy },
      {
        stored: {
          version: stored.version,
          body: stored.body,
          updatedBy: stored.updatedBy,
          updatedAt: stored.updatedAt instanceof Date ? stored.updatedAt.toISOString() : null,
        },
        attempted,
      },
    );
  }
}

/** Writes an audit entry: who did what to which entity, with before and after. */
export const audit = insertAudit;

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
  return (await auditRows(db, municipalityId, filter)).map(auditEntryOf);
}

/** A row of the audit log as an entry, its before and after parsed from their JSON. */
export function auditEntryOf(row: AuditRow): AuditEntry {
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

/**
 * The reporting period a scope names (its last month): 12, the year, unless it names another;
 * a month outside 1–12 is refused (period.month).
 */
export function periodOfScope(scope: { period?: number | undefined }): number {
  return scope.period === undefined ? YEAR_PERIOD : checkMonth(scope.period);
}

/**
 * An audit key of a unit's content: `<year>/<unit>`, then the period when it is not the year's
 * (`2023/STK/8`), then `parts` (`2023/STK/8/events/sv`). The year's keys are as they always were.
 */
export function contentKey(scope: Scope, ...parts: (string | number)[]): string {
  const period = periodOfScope(scope);
  return [scope.year, scope.unitCode, ...(period === YEAR_PERIOD ? [] : [period]), ...parts].join(
    '/',
  );
}

/**
 * Refuses changes to approved or locked content of the scope's period (default the year): the
 * unit's own report for that period, and the report for that period of every unit above it,
 * whose approval froze the texts, goals, risks and forecasts of its units too. Periods are
 * independent: an approved interim report 1–8 freezes the period-8 texts and forecasts of its
 * units, not the year's, and an approved annual report not the interim ones. Every writer of a
 * period's content calls this in its transaction, e.g. `assertEditable(trx, { ...scope, period:
 * 8 })`. Holds the year's shared lock (lockYearShared) until the end of the transaction, so
 * that an approval waits for the change or the change sees the approval.
 */
export async function assertEditable(db: Db, scope: Scope): Promise<void> {
  const period = periodOfScope(scope);
  await lockYearShared(db, scope.municipalityId, scope.year);
  const units = await listUnits(db, scope.municipalityId, scope.year);
  const states = await reportStates(db, scope.municipalityId, scope.year, period);
  const frozen = frozenBy(stateChain(units, (code) => states.get(code)?.state, scope.unitCode));
  if (frozen)
    throw new UtfallError('content.notEditable', { unit: frozen.code, state: frozen.state });
}

/**
 * The state of the unit's report for the scope's period, as a state: who moved it there and
 * when, and the report above it whose approval freezes its content too (null when none does).
 */
export async function workflowStatus(
  db: Db,
  scope: Scope,
): Promise<StateOfReportChange & { frozenBy: { code: string; state: ReportState } | null }> {
  const period = periodOfScope(scope);
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  const own = await reportStateChange(db, scope, period);
  const units = await listUnits(db, scope.municipalityId, scope.year);
  const states = await reportStates(db, scope.municipalityId, scope.year, period);
  const frozen = frozenBy(stateChain(units, (code) => states.get(code)?.state, scope.unitCode));
  return { ...own, frozenBy: frozen && frozen.code !== scope.unitCode ? frozen : null };
}

/**
 * Moves a unit's report for the scope's period (default the year) through the workflow;
 * reopening needs a reason. Submitting is for whoever may change the unit, approving, locking
 * and reopening for finance. Each period has its own workflow: approving the interim report 1–8
 * freezes a snapshot of period 8 and leaves the year's report as it was.
 */
export async function changeState(
  db: Kysely<Database>,
  scope: Scope,
  action: WorkflowAction,
  actor: Actor,
  reason?: string,
): Promise<StateOfReport> {
  const period = periodOfScope(scope);
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  if (action === 'submit') await requireUnitEditor(db, actor, scope);
  else requireRule(actor, scope.municipalityId, 'finance');
  if (action === 'reopen' && !reason?.trim()) throw new UtfallError('workflow.reasonMissing');
  await db.transaction().execute(async (trx) => {
    // The year's lock first (as imports and content writers take it): an approval's snapshot
    // is taken with no import or text half written, and none can slip in under it. Then the
    // unit's: two transitions at once, the second reads the state the first left (two
    // approvals: one approves, the other is refused as not allowed from approved).
    await lockYear(trx, scope.municipalityId, scope.year);
    await lockUnit(trx, scope);
    // Submitting offers texts for approval: not while an approval above froze them.
    if (action === 'submit') await assertEditable(trx, scope);
    const before = await reportState(trx, scope, period);
    const next = transition(before.state, action);
    if (!next)
      throw new UtfallError('workflow.notAllowed', {
        action,
        state: before.state,
        unit: scope.unitCode,
      });
    // Locked is approved and closed: finance reopens a submitted or approved report, only an
    // admin a locked one.
    if (
      workflowRule(action, before.state) === 'admin' &&
      !allows(actor, scope.municipalityId, 'admin')
    )
      throw new UtfallError('workflow.adminReopens', { unit: scope.unitCode, state: before.state });
    const changedAt = new Date();
    const why = reason?.trim() || null;
    await writeReportState(
      trx,
      scope,
      { state: next, changedBy: actor.name, changedAt, reason: why },
      period,
    );
    // Approving freezes: what the report is built from is kept as a snapshot, which every later
    // report of the period prints and every write is checked against. Reopening releases it
    // (kept, with who released it and why).
    let frozen: { snapshot: number; sha256: string } | { released: number[] } | null = null;
    if (action === 'approve') {
      const sealed = sealSnapshot(
        await currentSnapshot(trx, scope.municipalityId, {
          year: scope.year,
          unitCode: scope.unitCode,
          period,
        }),
      );
      const id = await insertSnapshot(trx, scope.municipalityId, {
        year: scope.year,
        unitCode: scope.unitCode,
        period,
        approvedBy: actor.name,
        approvedAt: changedAt,
        ...sealed,
      });
      frozen = { snapshot: id, sha256: sealed.sha256 };
    } else if (action === 'reopen') {
      const released = await releaseSnapshots(
        trx,
        scope.municipalityId,
        { year: scope.year, unitCode: scope.unitCode, period },
        { by: actor.name, at: changedAt, reason: why ?? '' },
      );
      if (released.length > 0) frozen = { released };
    }
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action,
      entity: 'workflow',
      key: contentKey(scope),
      before: before.state,
      after:
        why || frozen
          ? { state: next, ...(why ? { reason: why } : {}), period, ...(frozen ?? {}) }
          : next,
    });
  });
  return reportState(db, scope, period);
}

/** The unit's narratives of the scope's period (default the year's). */
export async function getNarratives(db: Db, scope: Scope): Promise<Narrative[]> {
  periodOfScope(scope);
  return narratives(db, scope);
}

/**
 * Saves a narrative section of the scope's period (default the year's: an interim report's
 * texts are its own). `baseVersion` is the version the writer started from (null for a
 * new section): saving over a newer stored version is a conflict, never a silent overwrite.
 */
export async function setNarrative(
  db: Kysely<Database>,
  scope: Scope,
  input: { section: string; lang: Language; body: string; baseVersion: number | null },
  actor: Actor,
): Promise<Narrative> {
  periodOfScope(scope); // refuses a month outside 1–12 before anything is read
  narrativeSection(input.section);
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  await requireUnitEditor(db, actor, scope);
  return db.transaction().execute(async (trx) => {
    // The year's shared lock, then the unit's: the state checked and the version read still
    // hold when the text is written (a workflow transition or another save waits, or is
    // waited for).
    await lockYearShared(trx, scope.municipalityId, scope.year);
    await lockUnit(trx, scope);
    await assertEditable(trx, scope);
    const stored = await storedNarrative(trx, scope, input);
    if (stored && stored.version !== input.baseVersion) {
      throw new ConflictError(stored, { baseVersion: input.baseVersion, body: input.body });
    }
    if (!stored && input.baseVersion !== null && input.baseVersion !== 0) {
      throw new UtfallError('narrative.missing', { section: input.section, lang: input.lang });
    }
    const saved: Narrative = {
      section: input.section,
      lang: input.lang,
      body: input.body,
      version: (stored?.version ?? 0) + 1,
      updatedBy: actor.name,
      updatedAt: new Date(),
    };
    if (!(await writeNarrative(trx, scope, saved, stored ? stored.version : null))) {
      // Written meanwhile by a writer that did not wait for the unit's lock: still a conflict.
      const now = await storedNarrative(trx, scope, input);
      if (!now)
        throw new UtfallError('narrative.missing', { section: input.section, lang: input.lang });
      throw new ConflictError(now, { baseVersion: input.baseVersion, body: input.body });
    }
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action: stored ? 'update' : 'create',
      entity: 'narrative',
      key: contentKey(scope, input.section, input.lang),
      before: stored ? { version: stored.version, body: stored.body } : null,
      after: { version: saved.version, body: input.body },
    });
    return saved;
  });
}

async function storedNarrative(
  db: Db,
  scope: Scope,
  input: { section: string; lang: Language },
): Promise<Narrative | undefined> {
  return (await narratives(db, scope)).find(
    (n) => n.section === input.section && n.lang === input.lang,
  );
}

/**
 * What a comment may be on: the whole unit (`unit`), a section of its report
 * (`narrative:events`) or one of its key goals (`goal:12`); anything else is refused, naming
 * the targets the unit has.
 */
async function checkCommentTarget(db: Db, scope: Scope, target: string): Promise<void> {
  if (target === 'unit') return;
  const colon = target.indexOf(':');
  const kind = colon < 0 ? target : target.slice(0, colon);
  const rest = colon < 0 ? '' : target.slice(colon + 1);
  if (kind === 'narrative' && (NARRATIVE_SECTIONS as readonly string[]).includes(rest)) return;
  if (
    kind === 'goal' &&
    /^[1-9]\d{0,8}$/.test(rest) &&
    (await unitOfGoal(db, scope.municipalityId, scope.year, Number(rest))) === scope.unitCode
  )
    return;
  const unitGoals = await goals(db, scope.municipalityId, scope.year, scope.unitCode);
  throw new UtfallError('comment.target', {
    target,
    unit: scope.unitCode,
    known: [
      'unit',
      ...NARRATIVE_SECTIONS.map((s) => `narrative:${s}`),
      ...unitGoals.map((g) => `goal:${g.id}`),
    ].join(', '),
  });
}

/** Adds a comment on the unit, a section or a goal (`unit`, `narrative:events`, `goal:12`). */
export async function addComment(
  db: Kysely<Database>,
  scope: Scope,
  target: string,
  body: string,
  actor: Actor,
): Promise<number> {
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  await requireUnitEditor(db, actor, scope);
  await checkCommentTarget(db, scope, target);
  return db.transaction().execute(async (trx) => {
    const id = await insertComment(trx, scope, { target, author: actor.name, body });
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action: 'create',
      entity: 'comment',
      key: `${scope.year}/${scope.unitCode}/${target}`,
      before: null,
      after: { body },
    });
    return id;
  });
}

/** Adds a comment and gives it back as stored. */
export async function commentOn(
  db: Kysely<Database>,
  scope: Scope,
  target: string,
  body: string,
  actor: Actor,
): Promise<Comment> {
  const id = await addComment(db, scope, target, body, actor);
  const comment = (await comments(db, scope)).find((c) => c.id === id);
  if (!comment) throw new Error(`comment ${id} not found after writing it`);
  return comment;
}
