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
          'Figures up to `period` (default: the last month booked), in cents. `binding` is the line that binds the unit towards the council, or margin when none is stated (`bound: false`); `breach` marks a stated binding whose actual is worse than its revised budget; `findings` counts the checks on the unit itself; `editable` says whether the current user may change its content now.',
        tags: ['pages'],
        params: yearParams,
        querystring: periodQuery,
        response: { 200: overviewSchema, ...commonErrors },
      },
    },
    async (request): Promise<Overview> => {
      const { m, year } = request.params;
      const toMonth = toMonthOf(request.query.period, year);
      return overviewFor(db, request.actor!, m, year, toMonth === undefined ? {} : { toMonth });
    },
  );

  app.get(
    '/api/m/:m/:year/units/:code',
    {
      config: { rule: 'reader' },
      schema: {
        summary: "One unit's page",
        description:
          'The budget-vs-outcome table (the figures contract with labels), the monthly development of the binding line (or margin) against the revised budget spread evenly over the year, the narratives, key goals, risks, comments, findings and workflow state, and what the current user may do.',
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
        editable: page.editable,
        commentable: page.commentable,
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
