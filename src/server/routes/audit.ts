/** The audit log of a municipality, filtered, newest first. */
import { z } from 'zod';
import { auditFor } from '../../service/audit.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors } from '../../api/schemas.js';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditPageSchema, type AuditPage } from '../../api/pages.js';
import { iso } from '../views.js';

/** A day (YYYY-MM-DD, midnight UTC) or an instant with its offset. */
const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const DAY_MS = 24 * 60 * 60 * 1000;

export function auditRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/audit',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The audit log, newest first',
        description: `Filters: \`actor\`, \`action\` (${AUDIT_ACTIONS.join(', ')}), \`entity\` (${AUDIT_ENTITIES.join(', ')}), \`unit\` (the unit the entry’s key names, with the units under it), \`from\` and \`to\` (a day, both inclusive, or an instant). A page of \`limit\` entries from \`offset\`; \`total\` counts them all; \`actors\` is everyone who has acted in the log.`,
        tags: ['audit'],
        params: z.object({ m: z.string().min(1).max(64) }),
        querystring: z.object({
          actor: z.string().max(64).optional(),
          action: z.string().max(64).optional(),
          entity: z.string().max(64).optional(),
          unit: z.string().max(64).optional(),
          from: instantSchema.optional(),
          to: instantSchema.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: auditPageSchema, ...commonErrors },
      },
    },
    async (request): Promise<AuditPage> => {
      const { m } = request.params;
      const { from, to, limit, offset, ...filter } = request.query;
      const { entries, total, actors } = await auditFor(db, request.actor!, m, {
        ...filter,
        from: from === undefined ? undefined : new Date(from),
        // A day given as `to` includes that whole day.
        to:
          to === undefined
            ? undefined
            : to.length === 10
              ? new Date(Date.parse(to) + DAY_MS)
              : new Date(to),
        limit,
        offset,
      });
      return {
        entries: entries.map((entry) => ({ ...entry, at: iso(entry.at) })),
        total,
        actors,
        limit,
        offset,
      };
    },
  );
}
