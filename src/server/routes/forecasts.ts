/**
 * Forecasts for the year: a unit's forecast form for an interim period (figures to date, the
 * forecast of every line, the unit's own entries and Utfall's proposals) and entering one.
 * Through the same service as the CLI, which checks the period's workflow and audits each change.
 */
import { z } from 'zod';
import { LINE_CODES } from '../../domain/lines.js';
import { forecastForm, setForecast } from '../../service/forecasts.js';
import { forecastFormSchema, forecastSavedSchema } from '../../api/pages.js';
import { commonErrors, errorSchema, periodSchema, unitParams } from '../../api/schemas.js';
import type { Api, ServerOptions } from '../http.js';
import { iso, toMonthOf } from '../views.js';
import type { Cents } from '../../domain/money.js';

export function forecastRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/units/:code/forecasts',
    {
      config: { rule: 'reader' },
      schema: {
        summary: "A unit's forecast for the year, at an interim period",
        description:
          'Every standard line up to `period` (YYYY-MM, months 1–11): revised budget of the year, budget to date (`revisedToDate`), actual to date, use % (`useRate`, one decimal), deviation to date, the forecast for the year (the unit’s own or its sub-units’ entries, else actual to date plus the remaining budget; `entered` says whether someone entered it) and the forecast deviation (forecast − revised), in cents. `own` is the unit’s own entry of the line; `proposals` are Utfall’s: `remaining` (actual to date + remaining budget), `runRate` (actual to date × 12 ÷ months), `previousYear` (actual to date grown as last year’s did to the year’s end).',
        tags: ['content'],
        params: unitParams,
        querystring: z.object({ period: periodSchema }),
        response: { 200: forecastFormSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { m, year, code } = request.params;
      const period = toMonthOf(request.query.period, year)!;
      const form = await forecastForm(db, request.actor!, {
        municipalityId: m,
        year,
        unitCode: code,
        period,
      });
      return {
        ...form,
        lines: form.lines.map((line) => ({
          ...line,
          own: line.own ? { ...line.own, updatedAt: iso(line.own.updatedAt) } : null,
        })),
      };
    },
  );

  app.put(
    '/api/m/:m/:year/units/:code/forecasts/:line',
    {
      config: { rule: 'unit-editor' },
      schema: {
        summary: "Enter a unit's forecast of a line for an interim period",
        description:
          '`amount` in cents, report sign (revenue positive, costs negative); null removes the entry (the line then follows its budget). `version` is the version the entry was based on (null: none); when it was changed since, nothing is written and the answer is 409 `forecast.conflict`. Refused with 409 when the period’s report of the unit (or of a unit above it) is approved or locked.',
        tags: ['content'],
        params: unitParams.extend({ line: z.enum(LINE_CODES) }),
        body: z.object({
          period: periodSchema,
          amount: z.number().int().nullable(),
          version: z.number().int().min(0).nullable().optional(),
        }),
        response: {
          200: forecastSavedSchema,
          ...commonErrors,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const { m, year, code, line } = request.params;
      const period = toMonthOf(request.body.period, year)!;
      return setForecast(
        db,
        { municipalityId: m, year, unitCode: code, period },
        {
          line,
          amount: request.body.amount as Cents | null,
          ...(request.body.version === undefined ? {} : { baseVersion: request.body.version }),
        },
        request.actor!,
      );
    },
  );
}
