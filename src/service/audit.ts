/**
 * The audit log, searched: by who acted, what they did, on what and which unit, and when;
 * newest first, a page at a time.
 */
import { sql } from 'kysely';
import type { Db } from '../db/repository.js';
import { auditEntryOf, type AuditEntry } from './content.js';

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
const UNIT_KEYED = new Set(['narrative', 'goal', 'goals', 'risks', 'workflow', 'comment']);

/** The unit an audit key names, for entities keyed by unit. */
export function unitOfAuditKey(entity: string, key: string): string | null {
  if (!UNIT_KEYED.has(entity)) return null;
  return key.split('/')[1] ?? null;
}

export async function searchAudit(
  db: Db,
  municipalityId: string,
  filter: AuditFilter = {},
): Promise<{ entries: AuditSearchEntry[]; total: number }> {
  let query = db.selectFrom('audit_log').where('municipality_id', '=', municipalityId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.unit) {
    query = query
      .where('entity', 'in', [...UNIT_KEYED])
      .where(sql<string>`split_part(entity_key, '/', 2)`, '=', filter.unit);
  }
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const count = await query
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return {
    total: Number(count.total),
    entries: rows.map((r) => ({
      ...auditEntryOf(r),
      unit: unitOfAuditKey(r.entity, r.entity_key),
    })),
  };
}
