/** Health and what the database holds: municipalities and their years. */
import { z } from 'zod';
import { municipalitiesFor } from '../../service/tenant.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors } from '../../api/schemas.js';

export function metaRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/health',
    {
      config: { rule: 'public' },
      schema: {
        summary: 'Liveness',
        tags: ['meta'],
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );

  app.get(
    '/api/meta',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'Municipalities and their fiscal years',
        tags: ['meta'],
        response: {
          200: z.object({
            municipalities: z.array(
              z.object({ id: z.string(), name: z.string(), years: z.array(z.number().int()) }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => ({ municipalities: await municipalitiesFor(db, request.actor!) }),
  );
}
