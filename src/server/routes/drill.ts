/**
 * The drill-down from a figure to the ledger lines behind it, its downloads (CSV and XLSX of a
 * whole level), and what explains a deviation.
 */
import { z } from 'zod';
import {
  drillQuerySchema,
  drillSchema,
  explanationSchema,
  type DrillView,
  type ExplanationView,
} from '../../api/drill.js';
import { lineCodeSchema } from '../../api/pages.js';
import { commonErrors, languageSchema, periodSchema, yearParams } from '../../api/schemas.js';
import { drillCsv, drillXlsx } from '../../report/drill-export.js';
import { drill, drillRequestOf, explainDeviation } from '../../service/drill.js';
import type { Api, ServerOptions } from '../http.js';
import { toMonthOf } from '../views.js';
import { reportFileName } from './reports.js';

const explanationQuery = z.object({
  unit: z.string().min(1).max(64),
  line: lineCodeSchema,
  period: periodSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/** The downloads take the drill-down's query, and the language of the headers and labels. */
const downloadQuery = drillQuerySchema.extend({ lang: languageSchema.optional() });

/** Content type and how each download is rendered. */
const DOWNLOADS = {
  csv: { type: 'text/csv; charset=utf-8', render: drillCsv },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: drillXlsx,
  },
} as const;

/**
 * `utfall-drill-lovisa-2023-STK-ICT-services-4320-03-postings.csv`: the scope as the answer
 * resolved it (the unit's and the line's codes, also when asked by name) and the level.
 */
export function drillFileName(m: string, view: DrillView, extension: string): string {
  return reportFileName(
    [
      'drill',
      m,
      view.year,
      view.unit.code,
      view.own ? 'own' : undefined,
      view.line.code,
      view.account ?? undefined,
      view.month === null ? undefined : String(view.month).padStart(2, '0'),
      view.period === null || view.month !== null
        ? undefined
        : `to${String(view.period).padStart(2, '0')}`,
      view.by,
    ],
    extension,
  );
}

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

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/m/:m/:year/drill.${format}`,
      {
        config: { rule: 'reader' },
        schema: {
          summary: `A drill-down level as ${format === 'csv' ? 'CSV' : 'an Excel workbook'}, to download`,
          description:
            (format === 'csv'
              ? 'CSV for Nordic Excel: UTF-8 with a BOM, `;` between fields, CRLF, amounts in euros with a decimal comma (`-1234,56`), dates `YYYY-MM-DD`. '
              : 'A workbook: a title naming the scope, the header row frozen and filtered, amounts as numbers in euros with their cents, the total row a SUM. ') +
            'The query is the drill-down’s (`…/drill`), and `lang` for the headers and labels (default: the request language). The whole level: the units, accounts or months with a total row; for postings every posting matching `q`, sorted by `sort` and `order` (`page` and `pageSize` are not used), and their sum, with the part booked as monthly balances before it when every posting is listed. Sent as an attachment named after the scope.',
          tags: ['drill'],
          params: yearParams,
          querystring: downloadQuery,
          response: { 200: z.unknown().describe(`The level as ${format}`), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { m, year } = request.params;
        const lang = request.query.lang ?? request.lang;
        const view = await drill(db, request.actor!, m, year, {
          ...drillRequestOf(request.query, toMonthOf(request.query.period, year)),
          page: 1,
          pageSize: 0,
        });
        const download = DOWNLOADS[format];
        return reply
          .type(download.type)
          .header('content-disposition', `attachment; filename="${drillFileName(m, view, format)}"`)
          .header('cache-control', 'private, no-store')
          .send(await download.render(view, lang));
      },
    );
  }

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
