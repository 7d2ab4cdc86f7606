/** The audit log: every change with who made it, and what it was before and after. */
import { sql, type Selectable } from 'kysely';
import type { Db } from './db.js';
import type { AuditLogTable } from './schema.js';

export type AuditRow = Selectable<AuditLogTable>;

/** Writes an entry; before and after are stored as JSON (null stays null). */
export async function insertAudit(
  db: Db,
  municipalityId: string,
  entry: {
    actor: string;
    action: string;
    entity: string;
    key: string;
    before: unknown;
    after: unknown;
    /** The units the change touched, when its key does not name them all (an import). */
    units?: readonly string[] | undefined;
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
      ...(entry.units && entry.units.length > 0 ? { unit_codes: [...new Set(entry.units)] } : {}),
    })
    .execute();
}

/** The entries of an entity, and of keys starting with `key`, oldest first. */
export async function auditRows(
  db: Db,
  municipalityId: string,
  filter: { entity?: string; key?: string } = {},
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().where('municipality_id', '=', municipalityId);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.key) query = query.where('entity_key', 'like', `${filter.key}%`);
  return query.orderBy('id').execute();
}

export interface AuditRowFilter {
  actor?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  /**
   * One of these units named by the key (`<year>/<unit>/…`), among entries of the `unitKeyed`
   * entities, or among the units the entry touched (an import's).
   */
  unit?: { codes: readonly string[]; unitKeyed: readonly string[] } | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** A page of the entries that match, newest first, and how many match in all. */
export async function searchAuditRows(
  db: Db,
  municipalityId: string,
  filter: AuditRowFilter,
): Promise<{ rows: AuditRow[]; total: number }> {
  let query = db.selectFrom('audit_log').where('municipality_id', '=', municipalityId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.unit) {
    const { codes, unitKeyed } = filter.unit;
    const list = [...codes];
    query = query.where((eb) =>
      eb.or([
        eb.and([
          eb('entity', 'in', [...unitKeyed]),
          eb(sql<string>`split_part(entity_key, '/', 2)`, 'in', list),
        ]),
        eb(sql<boolean>`unit_codes && ${list}::text[]`, '=', true),
      ]),
    );
  }
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const count = await query
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows, total: Number(count.total) };
}

/** Everyone who has acted in a municipality's log, in order. */
export async function auditActors(db: Db, municipalityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('actor')
    .distinct()
    .where('municipality_id', '=', municipalityId)
    .orderBy('actor')
    .execute();
  return rows.map((r) => r.actor);
}
