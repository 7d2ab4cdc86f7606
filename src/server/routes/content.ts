/**
 * Changing a unit's content: narratives (saved against the version they were based on), key
 * goals, comments and the approval workflow. Every change goes through the same service
 * functions as the CLI, which refuse approved or locked content and audit-log each change.
 */
import { z } from 'zod';
import type { Db } from '../../service/store.js';
import { GOAL_STATUSES } from '../../domain/goals.js';
import type { WorkflowAction } from '../../domain/workflow.js';
import { changeState, commentOn, NARRATIVE_SECTIONS, setNarrative } from '../../service/content.js';
import {
  addGoal,
  goalUnitCode,
  riskUnitCode,
  updateGoal,
  updateRisk,
} from '../../service/goals.js';
import type { Api, ServerOptions } from '../http.js';
import type { UnitTarget } from '../access.js';
import {
  commonErrors,
  errorSchema,
  languageSchema,
  reportingPeriodQuery,
  unitParams,
  yearParams,
} from '../../api/schemas.js';
import {
  commentSchema,
  conflictSchema,
  goalSchema,
  narrativeSchema,
  newGoalSchema,
  riskChangeSchema,
  riskSchema,
  textsSchema,
  workflowStateSchema,
  type CommentView,
  type GoalView,
  type NarrativeView,
  type RiskView,
} from '../../api/pages.js';
import { iso, toMonthOf } from '../views.js';

/** The scope of a unit's content for `?period=YYYY-MM` (the year's when left out). */
function periodScope(
  params: { m: string; year: number; code: string },
  query: { period?: string | undefined },
) {
  const period = toMonthOf(query.period, params.year);
  return {
    municipalityId: params.m,
    year: params.year,
    unitCode: params.code,
    ...(period === undefined ? {} : { period }),
  };
}

/** Errors a change of content may answer with: 409 when the unit's state or a newer save stands in the way. */
const changeErrors = { ...commonErrors, 409: errorSchema } as const;

const goalParams = yearParams.extend({ id: z.coerce.number().int().positive() });

/** The unit a key goal belongs to: PATCH goals/:id is judged by the goal's unit. */
async function goalUnit(db: Db, params: unknown): Promise<UnitTarget | undefined> {
  const p = params as { m?: string; year?: string | number; id?: string | number };
  const year = Number(p.year);
  const id = Number(p.id);
  if (!p.m || !Number.isInteger(year) || !Number.isSafeInteger(id)) return undefined;
  const unitCode = await goalUnitCode(db, p.m, year, id);
  return unitCode === undefined ? undefined : { municipalityId: p.m, year, unitCode };
}

const riskParams = yearParams.extend({ id: z.coerce.number().int().positive() });

/** The unit a risk belongs to: PATCH risks/:id is judged by the risk's unit. */
async function riskUnit(db: Db, params: unknown): Promise<UnitTarget | undefined> {
  const p = params as { m?: string; year?: string | number; id?: string | number };
  const year = Number(p.year);
  const id = Number(p.id);
  if (!p.m || !Number.isInteger(year) || !Number.isSafeInteger(id)) return undefined;
  const unitCode = await riskUnitCode(db, p.m, year, id);
  return unitCode === undefined ? undefined : { municipalityId: p.m, year, unitCode };
}

const WORKFLOW: { action: WorkflowAction; rule: 'unit-editor' | 'finance'; summary: string }[] = [
  { action: 'submit', rule: 'unit-editor', summary: 'Submit the unit’s report: draft → submitted' },
  { action: 'approve', rule: 'finance', summary: 'Approve it: submitted → approved' },
  { action: 'lock', rule: 'finance', summary: 'Lock it: draft, submitted or approved → locked' },
  { action: 'reopen', rule: 'finance', summary: 'Reopen it with a reason: → draft' },
];

export function contentRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.put(
    '/api/m/:m/:year/units/:code/narratives/:section/:lang',
    {
      config: { rule: 'unit-editor' },
      schema: {
        summary: 'Save a narrative section',
        description:
          '`version` is the version the text was based on (null for a new section). When the stored version is newer, nothing is written and the answer is 409 with both texts: `stored` and `attempted`. `period` (YYYY-MM, in the path’s year) names the reporting period the text is of: an interim report’s texts are its own (`2023-08`: the report 1–8); left out, the year’s. A text of a period whose report (or a report above it) is approved or locked for that period is refused with 409 `content.notEditable`.',
        tags: ['content'],
        params: unitParams.extend({
          section: z.enum(NARRATIVE_SECTIONS),
          lang: languageSchema,
        }),
        querystring: reportingPeriodQuery,
        body: z.object({
          body: z.string().max(200_000),
          version: z.number().int().min(0).nullable(),
        }),
        response: { 200: narrativeSchema, ...commonErrors, 409: conflictSchema.or(errorSchema) },
      },
    },
    async (request): Promise<NarrativeView> => {
      const { section, lang } = request.params;
      const saved = await setNarrative(
        db,
        periodScope(request.params, request.query),
        { section, lang, body: request.body.body, baseVersion: request.body.version },
        request.actor!,
      );
      return { ...saved, updatedAt: iso(saved.updatedAt) };
    },
  );

  app.patch(
    '/api/m/:m/:year/goals/:id',
    {
      config: {
        rule: 'unit-editor',
        unitOf: (request, database) => goalUnit(database, request.params),
      },
      schema: {
        summary: 'Update a key goal: status, outcome texts, indicator values',
        description:
          'The unit-editor rule is judged by the goal’s unit. `period` (YYYY-MM, in the path’s year) before December sets the interim period’s own `status` and `outcome` (the interim report’s assessment, not the year’s; the answer carries the period’s, and its `version` is the period’s, 0 before the first); `indicators` are the year’s and refused with a period (400). Left out, the year’s. `indicators` sets measured values by the indicator’s position (0 first); a value is a decimal number as text, null clears it; `figure` binds the indicator to a figure of the data (`STK margin actual`), whose live value the report shows (null unbinds). `version`, when given, is the version the change was based on: when the goal has been updated since, nothing is written and the answer is 409 `goal.stale` with the stored goal in `details.stored`. Without it, concurrent updates are applied one after the other.',
        tags: ['content'],
        params: goalParams,
        querystring: reportingPeriodQuery,
        body: z.object({
          status: z.enum(GOAL_STATUSES).optional(),
          outcome: textsSchema.optional(),
          indicators: z
            .array(
              z.object({
                index: z.number().int().min(0).max(50),
                actual: z
                  .string()
                  .trim()
                  .regex(/^[+-]?\d{1,12}(\.\d{1,6})?$/)
                  .nullable()
                  .optional(),
                figure: z
                  .string()
                  .trim()
                  .max(200)
                  .nullable()
                  .optional()
                  .describe(
                    'Binds the indicator to a figure, `UNIT LINE COLUMN` as in a placeholder (docs/texts.md); null unbinds it',
                  ),
              }),
            )
            .max(50)
            .optional(),
          version: z.number().int().min(1).optional(),
        }),
        response: { 200: goalSchema, ...changeErrors },
      },
    },
    async (request): Promise<GoalView> => {
      const { m, year, id } = request.params;
      const { status, outcome, indicators, version } = request.body;
      const period = toMonthOf(request.query.period, year);
      return updateGoal(
        db,
        { municipalityId: m, year, ...(period === undefined ? {} : { period }) },
        id,
        {
          ...(status ? { status } : {}),
          ...(outcome ? { outcome } : {}),
          ...(indicators ? { indicators } : {}),
          ...(version !== undefined ? { version } : {}),
        },
        request.actor!,
      );
    },
  );

  app.post(
    '/api/m/:m/:year/units/:code/goals',
    {
      config: { rule: 'unit-editor' },
      schema: {
        summary: 'Add a key goal to a unit',
        description:
          'Adds a key goal after the unit’s last one, under a theme of the year’s city strategy (`theme`, its number): its texts by language (`goal` in at least one), the responsible, indicators with a name and a target (decimal numbers as text; `operator` `>=` unless given) and `binding` (towards the council), which only finance may set (403 `goal.bindingForbidden`). It starts with no outcome and status `notAssessed`. Refused with 409 `content.notEditable` while an approved or locked report (the year’s or an interim one, of the unit or one above it) froze the unit’s goals. Answers 201 with the goal as stored.',
        tags: ['content'],
        params: unitParams,
        body: newGoalSchema,
        response: { 201: goalSchema, ...changeErrors },
      },
    },
    async (request, reply): Promise<GoalView> => {
      const { m, year, code } = request.params;
      const goal = await addGoal(
        db,
        { municipalityId: m, year, unitCode: code },
        request.body,
        request.actor!,
      );
      void reply.status(201);
      return goal;
    },
  );

  app.patch(
    '/api/m/:m/:year/risks/:id',
    {
      config: {
        rule: 'unit-editor',
        unitOf: (request, database) => riskUnit(database, request.params),
      },
      schema: {
        summary: 'Edit a risk of a unit’s register',
        description:
          'The unit-editor rule is judged by the risk’s unit. What is given changes: `risk` (the description) and `measures` language by language (an empty text removes that language; the description may not lose every language), `category`, `likelihood` and `impact` (1–5), `owner`, `status`. `version`, when given, is the version the edit was based on: when the risk has been edited since, nothing is written and the answer is 409 `risk.stale` with the stored risk in `details.stored`; without it, concurrent edits are applied one after the other. Refused with 409 `content.notEditable` while an approved or locked report (the year’s or an interim one) froze the unit’s risks. Risk ids are new at every import of the unit’s risks.',
        tags: ['content'],
        params: riskParams,
        body: riskChangeSchema,
        response: { 200: riskSchema, ...changeErrors },
      },
    },
    async (request): Promise<RiskView> => {
      const { m, year, id } = request.params;
      const { risk, measures, version, ...rest } = request.body;
      return updateRisk(
        db,
        { municipalityId: m, year },
        id,
        {
          ...rest,
          ...(risk ? { risk } : {}),
          ...(measures ? { measures } : {}),
          ...(version !== undefined ? { version } : {}),
        },
        request.actor!,
      );
    },
  );

  app.post(
    '/api/m/:m/:year/units/:code/comments',
    {
      config: { rule: 'unit-editor' },
      schema: {
        summary: 'Comment on a unit’s report',
        description: '`target` names what the comment is on, e.g. `narrative:events` or `goal:12`.',
        tags: ['content'],
        params: unitParams,
        body: z.object({
          target: z.string().trim().min(1).max(100),
          body: z.string().trim().min(1).max(20_000),
        }),
        response: { 201: commentSchema, ...changeErrors },
      },
    },
    async (request, reply): Promise<CommentView> => {
      const { m, year, code } = request.params;
      const scope = { municipalityId: m, year, unitCode: code };
      const comment = await commentOn(
        db,
        scope,
        request.body.target,
        request.body.body,
        request.actor!,
      );
      void reply.status(201);
      return { ...comment, createdAt: iso(comment.createdAt) };
    },
  );

  for (const { action, rule, summary } of WORKFLOW) {
    app.post(
      `/api/m/:m/:year/units/:code/workflow/${action}`,
      {
        config: { rule },
        schema: {
          summary,
          description:
            'Answers the report’s new state. `period` (YYYY-MM, in the path’s year) names the reporting period whose report this is: each period has its own workflow, so `2023-08` moves the interim report 1–8 (approving it freezes a snapshot of period 8 and the period-8 texts and forecasts of the unit and the units under it, not the year’s); left out, the year’s report (YYYY-12).',
          tags: ['workflow'],
          params: unitParams,
          querystring: reportingPeriodQuery,
          // No body at all is fine: only reopening needs one, for its reason.
          body: z
            .object({
              reason: z.string().trim().max(2000).optional(),
            })
            .nullish(),
          response: { 200: workflowStateSchema, ...changeErrors },
        },
      },
      async (request) => {
        const scope = periodScope(request.params, request.query);
        return changeState(db, scope, action, request.actor!, request.body?.reason);
      },
    );
  }
}
