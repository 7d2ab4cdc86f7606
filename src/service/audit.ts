/**
 * The audit log, searched: by who acted, what they did, on what and which unit, and when;
 * newest first, a page at a time.
 */
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../api/pages.js';
import { auditActors, searchAuditRows } from '../db/audit.js';
import { fiscalYears, listUnits } from '../db/units.js';
import { unitCodeLookup } from '../domain/figure-refs.js';
import { subtreeOf } from '../domain/figures.js';
import type { Db } from '../db/db.js';
import type { Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { requireRule } from './access.js';
import { auditEntryOf, type AuditEntry } from './content.js';
import { assertMunicipality } from './tenant.js';

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  /** The unit named in the entry's key (`<year>/<unit>/…`). */
  unit?: string | undefined;
  /** From this instant on (inclusive). */
  from?: Date | undefined;
  /** Before this instant (exclusive). */
  to?: Date | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface AuditSearchEntry extends AuditEntry {
  /** The unit the entry's key names, when it names one. */
  unit: string | null;
}

/** Entities whose keys are `<year>/<unit>/…`. */
const UNIT_KEYED = new Set([
  'narrative',
  'goal',
  'goals',
  'risk',
  'risks',
  'workflow',
  'comment',
  'forecast',
]);

/** The unit an audit key names, for entities keyed by unit. */
export function unitOfAuditKey(entity: string, key: string): string | null {
  if (!UNIT_KEYED.has(entity)) return null;
  return key.split('/')[1] ?? null;
}

/**
 * A unit and every unit under it, in any year's tree (case as stored): an entry about a cost
 * centre — an import that changed its figures — is an entry about its area and central too.
 */
async function unitAndItsUnits(db: Db, municipalityId: string, unit: string): Promise<string[]> {
  const codes = new Set([unit]);
  for (const year of await fiscalYears(db, municipalityId)) {
    const units = await listUnits(db, municipalityId, year);
    const named = unitCodeLookup(units)(unit);
    if (named !== undefined) for (const code of subtreeOf(units, named)) codes.add(code);
  }
  return [...codes];
}

export async function searchAudit(
  db: Db,
  municipalityId: string,
  filter: AuditFilter = {},
): Promise<{ entries: AuditSearchEntry[]; total: number }> {
  const { rows, total } = await searchAuditRows(db, municipalityId, {
    actor: filter.actor,
    action: filter.action,
    entity: filter.entity,
    unit: filter.unit
      ? {
          codes: await unitAndItsUnits(db, municipalityId, filter.unit),
          unitKeyed: [...UNIT_KEYED],
        }
      : undefined,
    from: filter.from,
    to: filter.to,
    limit: filter.limit ?? 100,
    offset: filter.offset ?? 0,
  });
  return {
    total,
    entries: rows.map((r) => ({
      ...auditEntryOf(r),
      unit: unitOfAuditKey(r.entity, r.entity_key),
    })),
  };
}

/**
 * Refuses a filter by an action or entity the log does not know (AUDIT_ACTIONS, AUDIT_ENTITIES),
 * or by a unit none of the municipality's years has, naming what there is: such a filter would
 * answer an empty log as if nothing had happened.
 */
async function checkFilter(db: Db, municipalityId: string, filter: AuditFilter): Promise<void> {
  const { action, entity, unit } = filter;
  if (action && !(AUDIT_ACTIONS as readonly string[]).includes(action))
    throw new UtfallError('audit.action', { action, known: AUDIT_ACTIONS.join(', ') });
  if (entity && !(AUDIT_ENTITIES as readonly string[]).includes(entity))
    throw new UtfallError('audit.entity', { entity, known: AUDIT_ENTITIES.join(', ') });
  if (!unit) return;
  const years = await fiscalYears(db, municipalityId);
  let latest: string[] = [];
  for (const year of years) {
    const units = await listUnits(db, municipalityId, year);
    if (unitCodeLookup(units)(unit) !== undefined) return;
    latest = units.map((u) => u.code);
  }
  throw new UtfallError('audit.unit', {
    unit,
    municipality: municipalityId,
    known: latest.slice(0, 12).join(', '),
    // A municipality without units is worded apart (`_zero`), never as an empty list.
    count: latest.length,
  });
}

/**
 * The audit log of a municipality as a reader sees it, with everyone who has acted in it (the
 * choices of a filter by actor).
 */
export async function auditFor(
  db: Db,
  actor: Actor,
  municipalityId: string,
  filter: AuditFilter = {},
): Promise<{ entries: AuditSearchEntry[]; total: number; actors: string[] }> {
  requireRule(actor, municipalityId, 'reader');
  await assertMunicipality(db, municipalityId);
  await checkFilter(db, municipalityId, filter);
  const found = await searchAudit(db, municipalityId, filter);
  return { ...found, actors: await auditActors(db, municipalityId) };
}
