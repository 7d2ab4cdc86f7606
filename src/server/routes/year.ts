/**
 * The routes of a municipality's year: pages, content, checks, budget changes, reports and the
 * audit log, and the years themselves (listing them, starting one from an earlier one),
 * registered as one plugin. Their refusals are answered by the server's one error handler
 * (errors.ts): a refusal by state is a 409, never a 403 (401 and 403 belong to the access rules).
 */
import { z } from 'zod';
import { commonErrors, errorSchema } from '../../api/schemas.js';
import { yearsSchema, yearStartedSchema, yearStartInputSchema } from '../../api/years.js';
import { startYear, yearsFor } from '../../service/year-start.js';
import type { Api, ServerOptions } from '../http.js';
import { auditRoutes } from './audit.js';
import { budgetRoutes } from './budget.js';
import { checkRoutes } from './checks.js';
import { contentRoutes } from './content.js';
import { drillRoutes } from './drill.js';
import { forecastRoutes } from './forecasts.js';
import { pageRoutes } from './pages.js';
import { reportRoutes } from './reports.js';

export async function yearRoutes(app: Api, options: ServerOptions): Promise<void> {
  pageRoutes(app, options);
  drillRoutes(app, options);
  contentRoutes(app, options);
  forecastRoutes(app, options);
  checkRoutes(app, options);
  budgetRoutes(app, options);
  reportRoutes(app, options);
  auditRoutes(app, options);
  yearStartRoutes(app, options);
  return Promise.resolve();
}

const municipalityParams = z.object({ m: z.string().min(1).max(64) });

/** The fiscal years of a municipality, and starting a new one from an earlier one. */
function yearStartRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/years',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The fiscal years, whether the caller may start one, and the start proposed',
        tags: ['years'],
        params: municipalityParams,
        response: { 200: yearsSchema, ...commonErrors },
      },
    },
    async (request) => yearsFor(db, request.actor!, request.params.m),
  );

  app.post(
    '/api/m/:m/years',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Start a fiscal year from an earlier one',
        description:
          'Copies the organisation (units), the binding levels, the account mapping, the strategy themes, the key goals (their texts, action plan, responsible, binding and indicators with names and targets; without outcome texts, indicator values or status, which is back to notAssessed) and the budget profiles of `from` into `year`, in one transaction, audited (entity `year`, action `start`). Nothing else: no budget, actuals, texts, risks, forecasts or workflow. Answers what was copied. Refused with 409 `year.exists` when `year` has units or other structure of its own already (nothing is written), 400 `year.notAfter` when `year` is not after `from`, 404 `year.unknown` when `from` does not exist, 400 `year.noUnits` when it has no units.',
        tags: ['years'],
        params: municipalityParams,
        body: yearStartInputSchema,
        response: { 201: yearStartedSchema, ...commonErrors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const started = await startYear(
        db,
        { municipalityId: request.params.m, ...request.body },
        request.actor!,
      );
      void reply.status(201);
      return started;
    },
  );
}
