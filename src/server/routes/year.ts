/**
 * The routes of a municipality's year: pages, content, checks, budget changes, reports and the
 * audit log, registered as one plugin. Their refusals are answered by the server's one error
 * handler (errors.ts): a refusal by state is a 409, never a 403 (401 and 403 belong to the
 * access rules).
 */
import type { Api, ServerOptions } from '../http.js';
import { auditRoutes } from './audit.js';
import { budgetRoutes } from './budget.js';
import { checkRoutes } from './checks.js';
import { contentRoutes } from './content.js';
import { forecastRoutes } from './forecasts.js';
import { pageRoutes } from './pages.js';
import { reportRoutes } from './reports.js';

export async function yearRoutes(app: Api, options: ServerOptions): Promise<void> {
  pageRoutes(app, options);
  contentRoutes(app, options);
  forecastRoutes(app, options);
  checkRoutes(app, options);
  budgetRoutes(app, options);
  reportRoutes(app, options);
  auditRoutes(app, options);
  return Promise.resolve();
}
