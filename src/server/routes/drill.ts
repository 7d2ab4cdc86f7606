/** The drill-down from a figure to the ledger lines behind it, and what explains a deviation. */
import { z } from 'zod';
import {
  drillQuerySchema,
  drillSchema,
  explanationSchema,
  type DrillView,
  type ExplanationView,
} from '../../api/drill.js';
import { lineCodeSchema } from '../../api/pages.js';
import { commonErrors, periodSchema, yearParams } from '../../api/schemas.js';
import { drill, drillRequestOf, explainDeviation } from '../../service/drill.js';
import type { Api, ServerOptions } from '../http.js';
import { toMonthOf } from '../views.js';

const explanationQuery = z.object({
  unit: z.string().min(1).max(64),
  line: lineCodeSchema,
  period: periodSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

export function drillRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/drill',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'A figure broken down: by unit, account or month, or its postings',
        description:
          'The scope is a unit (its subtree, or with `own=true` its own entries only), a `line` (leaf or total), optionally an `account` and a `month`, up to `period` (YYYY-MM: the budget is then the budget to date, as the unit page at an interim period shows it; default: the year). `by` is the level to break it down by (`levels` lists those the scope has; default the first): `units` (the unit’s children, each with its subtree, and the unit’s own entries), `accounts` (null: a budget entered by line), `months`, or `postings` (with an account: the ledger lines of the imports that hold the figure now, searched by `q` in text and voucher, sorted by `sort` and `order`, `page` of `pageSize`). Rows are sorted by the size of their deviation (months in order). `figure` is the scope’s budget, actual and deviation (actual − budget), `total` the rows’ sum (for postings: every posting plus `postings.balances`, the part booked as monthly balances, which has no postings) and `adds` whether they agree to the cent. Amounts in cents, report sign.',
        tags: ['drill'],
        params: yearParams,
        querystring: drillQuerySchema,
        response: { 200: drillSchema, ...commonErrors },
      },
    },
    async (request): Promise<DrillView> => {
      const { m, year } = request.params;
      return drill(
        db,
        request.actor!,
        m,
        year,
        drillRequestOf(request.query, toMonthOf(request.query.period, year)),
      );
    },
  );

  app.get(
    '/api/m/:m/:year/drill/explanation',
    {
      config: { rule: 'reader' },
      schema: {
        summary: "The largest contributors to a unit's deviation on a line",
        description:
          'Cost centre × account (a unit’s own entries on one account; null: a budget entered by line), largest first by how much each moves the deviation the way it went, with budget, actual, deviation (actual − budget) and `share` of the line’s deviation; up to `limit` (default 5). Up to `period` as the drill-down.',
        tags: ['drill'],
        params: yearParams,
        querystring: explanationQuery,
        response: { 200: explanationSchema, ...commonErrors },
      },
    },
    async (request): Promise<ExplanationView> => {
      const { m, year } = request.params;
      const { unit, line, period, limit } = request.query;
      return explainDeviation(db, request.actor!, m, year, {
        unit,
        line,
        period: toMonthOf(period, year),
        limit,
      });
    },
  );
}
