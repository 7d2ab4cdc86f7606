/**
 * The routes of a municipality's year: pages, content, checks, budget changes, reports and the
 * audit log. Registered as one plugin with an error handler of its own that gives the service
 * layer's refusals their web wording and status (a refusal by state is a 409, never a 403:
 * 401 and 403 belong to the access rules); anything else goes on to the server's handler.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../../i18n/index.js';
import { ConflictError } from '../../service/content.js';
import { UsageError } from '../../service/tenant.js';
import type { Api, ServerOptions } from '../http.js';
import type { ConflictView } from '../schemas/pages.js';
import { auditRoutes } from './audit.js';
import { budgetRoutes } from './budget.js';
import { checkRoutes } from './checks.js';
import { contentRoutes } from './content.js';
import { pageRoutes } from './pages.js';
import { reportRoutes } from './reports.js';

/** Service error codes worded for the web (server:pages.error.<code>), with their status. */
const PAGE_ERRORS: Record<string, number> = {
  'content.notEditable': 409,
  'workflow.notAllowed': 409,
  'workflow.reasonMissing': 400,
  'narrative.missing': 409,
  'goal.unknown': 404,
  'goal.badStatus': 400,
  'goal.badIndicatorValue': 400,
  'goal.unknownIndicator': 400,
  'unit.unknown': 404,
  'year.unknown': 404,
  'municipality.unknown': 404,
  'period.otherYear': 400,
  'budget.decisionMissing': 400,
  'budget.dateMissing': 400,
  'budgetChange.noAmounts': 400,
  'budgetChange.unknownUnit': 400,
  'budgetChange.totalLine': 400,
  'pdf.noChromium': 503,
};

export async function yearRoutes(app: Api, options: ServerOptions): Promise<void> {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const t = translate(request.lang);
    if (error instanceof ConflictError) {
      const stored = error.stored as ConflictError['stored'] & { updatedAt?: Date };
      const body: ConflictView = {
        error: 'conflict',
        message: t('server:error.conflict', { by: stored.updatedBy }),
        stored: {
          version: stored.version,
          body: stored.body,
          updatedBy: stored.updatedBy,
          updatedAt: stored.updatedAt instanceof Date ? stored.updatedAt.toISOString() : null,
        },
        attempted: error.attempted,
      };
      return reply.status(409).send({
        ...body,
        details: { stored: body.stored, attempted: body.attempted },
      });
    }
    if (error instanceof UsageError && PAGE_ERRORS[error.code] !== undefined) {
      const params: Record<string, string | number> = { ...error.params };
      if (typeof params.state === 'string') params.state = t(`server:pages.state.${params.state}`);
      if (typeof params.action === 'string') {
        params.action = t(`server:pages.action.${params.action}`);
      }
      return reply.status(PAGE_ERRORS[error.code]!).send({
        error: error.code,
        message: t(`server:pages.error.${error.code}`, params),
      });
    }
    // The server's handler answers everything else.
    throw error;
  });

  pageRoutes(app, options);
  contentRoutes(app, options);
  checkRoutes(app, options);
  budgetRoutes(app, options);
  reportRoutes(app, options);
  auditRoutes(app, options);
  return Promise.resolve();
}

/** The last month of actuals a `period` (YYYY-MM) asks for, which must lie in the year. */
export function toMonthOf(period: string | undefined, year: number): number | undefined {
  if (period === undefined) return undefined;
  const [periodYear, month] = period.split('-').map(Number);
  if (periodYear !== year || month === undefined) {
    throw new UsageError('period.otherYear', { period, year });
  }
  return month;
}

/** Dates as the API gives them: ISO 8601 in UTC. */
export function iso(date: Date | string): string {
  return (date instanceof Date ? date : new Date(date)).toISOString();
}
