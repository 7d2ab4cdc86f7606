/** The overview of a year and a unit's page: figures, monthly development, content, state. */
import { z } from 'zod';
import { listUnits } from '../../db/units.js';
import { isEditable, transition, type ReportState } from '../../domain/workflow.js';
import { translate } from '../../i18n/index.js';
import { NARRATIVE_SECTIONS } from '../../service/content.js';
import { unitPage, yearOverview } from '../../service/overview.js';
import type { User } from '../../service/users.js';
import { editableCodes, roleAllows } from '../access.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, periodSchema, unitParams, yearParams } from '../schemas.js';
import {
  overviewSchema,
  unitPageSchema,
  type Overview,
  type UnitPage,
  type WorkflowActionView,
} from '../schemas/pages.js';
import { findingView } from './checks.js';
import { iso, toMonthOf } from '../views.js';

const periodQuery = z.object({ period: periodSchema.optional() });

const WORKFLOW_ACTIONS: readonly WorkflowActionView[] = ['submit', 'approve', 'lock', 'reopen'];

/** The workflow actions a user may take on a unit in a state: submit is the unit's, the rest finance's. */
export function actionsFor(user: User, mayEdit: boolean, state: ReportState): WorkflowActionView[] {
  return WORKFLOW_ACTIONS.filter(
    (action) =>
      transition(state, action) !== null &&
      (action === 'submit' ? mayEdit : roleAllows(user.role, 'finance')),
  );
}

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
      const data = await yearOverview(db, m, year, toMonth === undefined ? {} : { toMonth });
      const mayEdit = editableCodes(
        request.user!,
        m,
        data.units.map((u) => ({ code: u.code, parentCode: u.parentCode })),
      );
      const { allFindings: _all, ...overview } = data;
      return {
        ...overview,
        units: data.units.map((unit) => ({
          ...unit,
          editable: mayEdit.has(unit.code) && isEditable(unit.state),
        })),
      };
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
      const user = request.user!;
      const toMonth = toMonthOf(request.query.period, year);
      const page = await unitPage(db, m, year, code, toMonth === undefined ? {} : { toMonth });
      const units = await listUnits(db, m, year);
      const mayEdit = editableCodes(user, m, units).has(code);
      const t = translate(request.lang);
      const known = new Set(units.map((u) => u.code));
      return {
        unit: page.unit,
        ancestors: page.ancestors,
        children: page.children,
        toMonth: page.toMonth,
        editable: mayEdit && isEditable(page.state.state),
        state: page.state,
        actions: actionsFor(user, mayEdit, page.state.state),
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
