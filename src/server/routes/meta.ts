/** Health and what the database holds: municipalities and their years. */
import { z } from 'zod';
import { municipalitiesFor } from '../../service/tenant.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, metaSchema } from '../../api/schemas.js';
import { VERSION } from '../../service/version.js';

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
        summary:
          "Utfall's version, and the municipalities the user belongs to with their fiscal years",
        tags: ['meta'],
        response: { 200: metaSchema, ...commonErrors },
      },
    },
    async (request) => ({
      version: VERSION,
      municipalities: await municipalitiesFor(db, request.actor!),
    }),
  );
}
