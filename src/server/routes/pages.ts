/** The overview of a year and a unit's page: figures, monthly development, content, state. */
import { z } from 'zod';
import { translate } from '../../i18n/index.js';
import { NARRATIVE_SECTIONS } from '../../service/content.js';
import { overviewFor, unitPageFor } from '../../service/pages.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, periodSchema, unitParams, yearParams } from '../../api/schemas.js';
import { overviewSchema, unitPageSchema, type Overview, type UnitPage } from '../../api/pages.js';
import { iso, toMonthOf } from '../views.js';
import { findingView } from './checks.js';

const periodQuery = z.object({ period: periodSchema.optional() });

export function pageRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/overview',
    {
      config: { rule: 'reader' },
      schema: {
        summary: "The year's unit tree with each unit's binding-line figures",
        description:
          'Figures up to `period` (default: the last month booked), in cents. `binding` is the line that binds the unit towards the council, or margin when none is stated (`bound: false`); at an interim period (months 1–11) it is the interim report’s: `revisedToDate` is the budget to date, `deviation` actual − budget to date and `usePercent` actual ÷ budget to date, with the forecast for the year and its deviation. `breach` marks a stated binding whose actual (to date) is worse than its revised budget of the year; `overrun` marks any unit whose shown line is worse than the budget it is compared with (a cost over, a revenue under); `findings` counts the checks on the unit itself, as the checks page lists them (the stored data, and the reports as rendered in the request language); `state` follows the approved or locked report above the unit, if any, else its own; `state` is the workflow state of the period’s report (at an interim period the interim report’s) and `editable` says whether the current user may change that report’s content now.',
        tags: ['pages'],
        params: yearParams,
        querystring: periodQuery,
        response: { 200: overviewSchema, ...commonErrors },
      },
    },
    async (request): Promise<Overview> => {
      const { m, year } = request.params;
      const toMonth = toMonthOf(request.query.period, year);
      return overviewFor(db, request.actor!, m, year, {
        ...(toMonth === undefined ? {} : { toMonth }),
        lang: request.lang,
      });
    },
  );

  app.get(
    '/api/m/:m/:year/units/:code',
    {
      config: { rule: 'reader' },
      schema: {
        summary: "One unit's page",
        description:
          'The budget-vs-outcome table (the figures contract with labels; at an interim period with the budget to date, deviation and use % against it and the forecast, as `--period` gives them), the monthly development of the binding line (or margin) against the cumulative revised budget by its stored months (the budget to date at each month), the narratives, key goals, risks, comments, findings and workflow state, and what the current user may do. At an interim period (`period` before December, or the last month booked when left out) the texts, the key goals’ outcome and status, the workflow state, the approval and `editable` are the interim report’s own (`period` in the answer; write them with `?period=YYYY-MM`), else the year’s.',
        tags: ['pages'],
        params: unitParams,
        querystring: periodQuery,
        response: { 200: unitPageSchema, ...commonErrors },
      },
    },
    async (request): Promise<UnitPage> => {
      const { m, year, code } = request.params;
      const toMonth = toMonthOf(request.query.period, year);
      const page = await unitPageFor(
        db,
        request.actor!,
        m,
        year,
        code,
        toMonth === undefined ? {} : { toMonth },
      );
      const t = translate(request.lang);
      const known = new Set([page.unit.code]);
      return {
        unit: page.unit,
        ancestors: page.ancestors,
        children: page.children,
        toMonth: page.toMonth,
        period: page.period,
        editable: page.editable,
        commentable: page.commentable,
        goalBinding: page.goalBinding,
        state: page.state,
        frozenBy: page.frozenBy,
        approval: page.approval,
        actions: page.actions,
        may: page.may,
        binding: page.binding,
        lines: page.lines,
        monthly: page.monthly,
        narratives: page.narratives.map((n) => ({ ...n, updatedAt: iso(n.updatedAt) })),
        sections: [...NARRATIVE_SECTIONS],
        goals: page.goals,
        themes: page.themes,
        risks: page.risks,
        comments: page.comments.map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
        findings: page.findings.map((f) => findingView(f, t, request.lang, known)),
      };
    },
  );
}
