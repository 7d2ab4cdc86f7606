/**
 * Shapes of the pages the web application shows: the year's overview, a unit's page, the checks,
 * budget changes, the audit log. Amounts are integer cents in report sign (revenue +, cost −),
 * null where there is no figure. The web application imports the inferred types.
 */
import { z } from 'zod';
import { CHECK_RULES } from '../domain/checks.js';
import { GOAL_STATUSES, INDICATOR_OPERATORS } from '../domain/goals.js';
import { LINE_CODES } from '../domain/lines.js';
import { TABLE_COLUMNS, TABLE_RULES } from '../domain/verify-table.js';
import { UNIT_KINDS } from '../domain/model.js';
import { REPORT_STATES } from '../domain/workflow.js';
import { RISK_CATEGORIES, RISK_SCALE, RISK_STATUSES } from '../domain/risks.js';
import { abilitiesSchema, centsSchema, languageSchema } from './schemas.js';

export const lineCodeSchema = z.enum(LINE_CODES);
export const unitKindSchema = z.enum(UNIT_KINDS);
export const reportStateSchema = z.enum(REPORT_STATES);
export const workflowActionSchema = z.enum(['submit', 'approve', 'lock', 'reopen']);
export type WorkflowActionView = z.infer<typeof workflowActionSchema>;

/** A name in each of sv, fi and en. */
export const namesSchema = z.object({ sv: z.string(), fi: z.string(), en: z.string() });
/** Text in some of the languages (a language may be missing). */
export const textsSchema = z.object({
  sv: z.string().optional(),
  fi: z.string().optional(),
  en: z.string().optional(),
});

/** Number of findings by severity. */
export const findingCountSchema = z.object({
  errors: z.number().int(),
  warnings: z.number().int(),
});

/**
 * The figures of the line that binds a unit towards the council, or of `margin` (the external
 * operating margin) when the unit has no binding of its own (`bound: false`).
 *
 * `usePercent`: how much of the revised budget the actual has used, `100 × actual / revised`,
 * rounded half away from zero to one decimal (costs and margin are negative in report sign, so
 * a cost line that has spent 80 of 100 gives 80.0). Null where there is no actual, no revised
 * budget, or a revised budget of zero. A ratio for display: the amounts stay in cents.
 *
 * At an interim period (figures up to month m < 12), as the interim report 1–m prints them
 * (src/domain/interim.ts): `revisedToDate` is the budget to date (the revised budget's months
 * 1–m), `deviation` is actual − revisedToDate and `usePercent` actual ÷ revisedToDate. For the
 * year `revisedToDate` is left out and both are against the revised budget.
 */
export const bindingFiguresSchema = z.object({
  line: lineCodeSchema,
  /** Whether the line is a binding stated for this unit (false: `margin` shown as fallback). */
  bound: z.boolean(),
  budget: centsSchema,
  changes: centsSchema,
  revised: centsSchema,
  actual: centsSchema,
  deviation: centsSchema,
  usePercent: z.number().nullable(),
  /** At an interim period only: the budget to date, which `deviation` and `usePercent` are against. */
  revisedToDate: centsSchema.optional(),
});
export type BindingFigures = z.infer<typeof bindingFiguresSchema>;

/**
 * The overview's binding figures, with the forecast for the year at an interim period (the
 * units' entered forecasts, else actual to date plus the remaining budget: src/domain/interim.ts)
 * and the forecast deviation (forecast − revised); both null for the year's figures.
 */
export const overviewBindingSchema = bindingFiguresSchema.extend({
  forecast: centsSchema,
  forecastDeviation: centsSchema,
});
export type OverviewBinding = z.infer<typeof overviewBindingSchema>;

export const overviewUnitSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  kind: unitKindSchema,
  names: namesSchema,
  /** 0 for the roots; the list is in depth-first order. */
  depth: z.number().int(),
  responsible: z.string().nullable(),
  binding: overviewBindingSchema.nullable(),
  /** A binding line whose actual is worse than its revised budget (rule binding.breach). */
  breach: z.boolean(),
  /**
   * The shown line (binding or margin, bound or not) is worse than the budget it is compared
   * with — the revised budget, at an interim period the budget to date: a cost line over its
   * budget, a revenue line under it (domain/checks.ts, isOverrun).
   */
  overrun: z.boolean(),
  /**
   * At an interim period, a stated binding line whose forecast for the year is worse than its
   * revised budget (rule binding.forecast-exceeded, an early warning); false for the year.
   */
  forecastExceeded: z.boolean(),
  /**
   * Findings of the checks on this unit itself (not its sub-units): the stored data's, and the
   * reports' as rendered in the request language, as the checks page lists them.
   */
  findings: findingCountSchema,
  /**
   * The period's workflow state as the unit shows it: the approved or locked report that freezes
   * it (its own or one above it — a cost centre under a locked area is locked), else its own.
   */
  state: reportStateSchema,
  /** Whether the current user may edit the unit's content now (their units, and not approved or locked). */
  editable: z.boolean(),
});
export type OverviewUnit = z.infer<typeof overviewUnitSchema>;

export const overviewSchema = z.object({
  municipality: z.object({ id: z.string(), name: z.string() }),
  year: z.number().int(),
  /** The last month of actuals in the figures: from `period`, else the last month booked; null when nothing is booked. */
  toMonth: z.number().int().min(1).max(12).nullable(),
  units: z.array(overviewUnitSchema),
  /** Findings of all checks of the year. */
  findings: findingCountSchema,
  may: abilitiesSchema,
});
export type Overview = z.infer<typeof overviewSchema>;

/**
 * One line of the budget-vs-outcome table: the figures contract plus the label and the binding
 * mark. At an interim period (figures up to month m < 12) also what the interim report 1–m
 * prints (the figures contract with `--period`): the budget to date `revisedToDate`, the use %
 * `usePercent` (actual ÷ budget to date, one decimal), the forecast for the year and its
 * deviation from the revised budget; `deviation` is then actual − budget to date. For the year
 * these four are left out and `deviation` is actual − revised.
 */
export const figureLineSchema = z.object({
  code: lineCodeSchema,
  label: namesSchema,
  budget: centsSchema,
  changes: centsSchema,
  revised: centsSchema,
  actual: centsSchema,
  deviation: centsSchema,
  revisedToDate: centsSchema.optional(),
  usePercent: z.number().nullable().optional(),
  forecast: centsSchema.optional(),
  forecastDeviation: centsSchema.optional(),
  /** The line binds this unit towards the council. */
  binding: z.boolean(),
});
export type FigureLine = z.infer<typeof figureLineSchema>;

/**
 * One month of the binding line (or margin): cumulative actual up to the month (null for months
 * not yet booked) and the revised budget by its stored months, cumulative (the budget to date at
 * the month, which at December is the revised budget), in cents.
 */
export const monthlyPointSchema = z.object({
  month: z.number().int().min(1).max(12),
  actual: centsSchema,
  budget: centsSchema,
});
export type MonthlyPoint = z.infer<typeof monthlyPointSchema>;

export const unitRefSchema = z.object({
  code: z.string(),
  kind: unitKindSchema,
  names: namesSchema,
});
export type UnitRef = z.infer<typeof unitRefSchema>;

export const narrativeSchema = z.object({
  section: z.string(),
  lang: languageSchema,
  body: z.string(),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});
export type NarrativeView = z.infer<typeof narrativeSchema>;

export const indicatorSchema = z.object({
  name: textsSchema,
  measureUnit: z.string(),
  /** decimal numbers as text, e.g. "80", "64.4" */
  target: z.string(),
  operator: z.enum(INDICATOR_OPERATORS),
  baseline: z.string().nullable(),
  actual: z.string().nullable(),
  /** Bound to a figure (`STK margin actual`): the report shows that figure as the actual value. */
  figure: z.string().optional(),
});

export const goalSchema = z.object({
  id: z.number().int(),
  unitCode: z.string(),
  theme: z.number().int(),
  cityGoal: textsSchema,
  goal: textsSchema,
  boardGoal: textsSchema,
  actionPlan: textsSchema,
  responsible: z.string(),
  binding: z.boolean(),
  outcome: textsSchema,
  status: z.enum(GOAL_STATUSES),
  indicators: z.array(indicatorSchema),
  /** Raised by every update; PATCH with it as `version` to refuse a change based on an older one. */
  version: z.number().int(),
});
export type GoalView = z.infer<typeof goalSchema>;

export const themeSchema = z.object({ number: z.number().int(), names: textsSchema });

export const riskSchema = z.object({
  /** The risk's id (new at every import of the unit's risks): PATCH …/risks/:id edits it. */
  id: z.number().int(),
  unitCode: z.string(),
  risk: textsSchema,
  category: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  measures: textsSchema,
  owner: z.string(),
  status: z.string(),
  /** Raised by every edit; PATCH with it as `version` to refuse an edit based on an older one. */
  version: z.number().int(),
});
export type RiskView = z.infer<typeof riskSchema>;

const riskScaleSchema = z.number().int().min(RISK_SCALE.min).max(RISK_SCALE.max);
const editedTextsSchema = z.object({
  sv: z.string().max(5000).optional(),
  fi: z.string().max(5000).optional(),
  en: z.string().max(5000).optional(),
});

/**
 * An edit of a risk (PATCH …/risks/:id): what is given changes, texts language by language (an
 * empty text removes that language); `version` is the version it was based on.
 */
export const riskChangeSchema = z.object({
  risk: editedTextsSchema.optional(),
  measures: editedTextsSchema.optional(),
  category: z.enum(RISK_CATEGORIES).optional(),
  likelihood: riskScaleSchema.optional(),
  impact: riskScaleSchema.optional(),
  owner: z.string().trim().max(200).optional(),
  status: z.enum(RISK_STATUSES).optional(),
  /** The version the edit is based on: an edit of a risk changed since is refused (409). */
  version: z.number().int().min(1),
});
export type RiskChangeInput = z.infer<typeof riskChangeSchema>;

/**
 * A key goal added to a unit (POST …/units/:code/goals): under a theme of the year's strategy,
 * its text in at least one language, indicators with a name and a target (decimals as text,
 * "80", "64.4"). It starts without an outcome, not assessed. `binding` only for finance.
 */
export const newGoalSchema = z.object({
  theme: z.number().int().min(1).max(99),
  goal: editedTextsSchema,
  cityGoal: editedTextsSchema.optional(),
  boardGoal: editedTextsSchema.optional(),
  actionPlan: editedTextsSchema.optional(),
  responsible: z.string().trim().max(500).optional(),
  binding: z.boolean().optional(),
  indicators: z
    .array(
      z.object({
        name: editedTextsSchema,
        measureUnit: z.string().trim().max(20).optional(),
        operator: z.enum(INDICATOR_OPERATORS).optional(),
        target: z
          .string()
          .trim()
          .regex(/^[+-]?\d{1,12}([.,]\d{1,6})?$/),
        baseline: z
          .string()
          .trim()
          .regex(/^[+-]?\d{1,12}([.,]\d{1,6})?$/)
          .nullable()
          .optional(),
      }),
    )
    .max(20)
    .optional(),
});
export type NewGoalInput = z.infer<typeof newGoalSchema>;

export const commentSchema = z.object({
  id: z.number().int(),
  target: z.string(),
  /** The user name of who wrote it. */
  author: z.string(),
  /** Their display name, as the page shows who wrote it (the user name when there is none). */
  authorName: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});
export type CommentView = z.infer<typeof commentSchema>;

/** Where in the web application a finding belongs: a unit, and on its page a line or a goal. */
export const findingLinkSchema = z.object({
  unit: z.string(),
  line: lineCodeSchema.optional(),
  goalId: z.number().int().optional(),
});

/**
 * The rules a finding may come from, by id: the checks on the stored data, the checks of a
 * rendered report's tables, and a text the report shows in another language.
 */
export const FINDING_RULES = [...CHECK_RULES, ...TABLE_RULES, 'report.missing-text'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

/**
 * A finding of the checks: the rules of `utfall check` on the stored data (data.*, binding.*,
 * goal.*), and on the reports as Utfall renders them (table.* and report.missing-text).
 */
export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  unitCode: z.string(),
  line: lineCodeSchema.nullable(),
  account: z.string().nullable(),
  /** The column of the table a finding concerns. */
  column: z.enum(TABLE_COLUMNS).nullable(),
  expected: centsSchema,
  found: centsSchema,
  source: z.enum(['budget', 'actual']).nullable(),
  goalId: z.number().int().nullable(),
  /** The finding in the request's language (the CLI's `utfall check` text). */
  message: z.string(),
  /** null when the unit is not in the year's tree (rule data.unknown-unit). */
  link: findingLinkSchema.nullable(),
});
export type FindingView = z.infer<typeof findingSchema>;

/**
 * A narrative saved against an older version than the stored one: nothing was written, and both
 * texts come back so that the writer can merge them.
 */
export const conflictSchema = z.object({
  error: z.literal('conflict'),
  message: z.string(),
  stored: z.object({
    version: z.number().int(),
    body: z.string(),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime().nullable(),
  }),
  attempted: z.object({ baseVersion: z.number().int().nullable(), body: z.string() }),
  details: z.unknown().optional(),
});
export type ConflictView = z.infer<typeof conflictSchema>;

export const workflowStateSchema = z.object({
  state: reportStateSchema,
  reason: z.string().nullable(),
});

export const unitPageSchema = z.object({
  unit: z.object({
    code: z.string(),
    parentCode: z.string().nullable(),
    kind: unitKindSchema,
    names: namesSchema,
    responsible: z.string().nullable(),
    board: z.string().nullable(),
  }),
  /** From the root down to the parent. */
  ancestors: z.array(unitRefSchema),
  children: z.array(unitRefSchema.extend({ binding: bindingFiguresSchema.nullable() })),
  toMonth: z.number().int().min(1).max(12).nullable(),
  /**
   * The reporting period whose content the page carries (its last month): `toMonth` at an
   * interim period (1–11: the interim report's own texts, key goals' outcome and status,
   * workflow and approval; write them with `?period=YYYY-MM`), else 12, the year's.
   */
  period: z.number().int().min(1).max(12),
  /**
   * Whether the current user may edit the content of the page's period now (their unit, and
   * that period's report, or one above it, not approved or locked).
   */
  editable: z.boolean(),
  /** The workflow state of the page's period's report. */
  state: workflowStateSchema,
  /** The report whose approval freezes the unit's content (its own or one above it); null: open. */
  frozenBy: z.object({ code: z.string(), state: reportStateSchema }).nullable(),
  /** The unit's approval in force: when (ISO 8601), by whom, and its snapshot's SHA-256. */
  approval: z
    .object({ approvedAt: z.string(), approvedBy: z.string(), sha256: z.string() })
    .nullable(),
  /** Whether the current user may comment on the unit (their unit, in any state). */
  commentable: z.boolean(),
  /**
   * Whether the current user may mark a key goal they add as binding towards the council
   * (finance: GOAL_BINDING_RULE in src/domain/goals.ts). Adding one needs `editable`.
   */
  goalBinding: z.boolean(),
  /** Workflow actions the current user may take from the current state. */
  actions: z.array(workflowActionSchema),
  may: abilitiesSchema,
  /** The binding line (or margin) with its use %. */
  binding: bindingFiguresSchema,
  lines: z.array(figureLineSchema),
  monthly: z.array(monthlyPointSchema),
  narratives: z.array(narrativeSchema),
  sections: z.array(z.string()),
  goals: z.array(goalSchema),
  themes: z.array(themeSchema),
  risks: z.array(riskSchema),
  comments: z.array(commentSchema),
  findings: z.array(findingSchema),
});
export type UnitPage = z.infer<typeof unitPageSchema>;

export const checksSchema = z.object({
  year: z.number().int(),
  /** The period checked: `period`, else the last month booked; null when nothing is booked. */
  toMonth: z.number().int().min(1).max(12).nullable(),
  findings: z.array(findingSchema),
  summary: findingCountSchema,
});
export type ChecksView = z.infer<typeof checksSchema>;

export const budgetChangeAmountSchema = z.object({
  unit: z.string().min(1).max(64),
  line: lineCodeSchema,
  /** Integer cents, report sign (a cost increase is negative). */
  amount: z
    .number()
    .int()
    .refine((n) => Math.abs(n) <= 1e15, 'amount out of range'),
});

export const budgetChangeSchema = z.object({
  id: z.number().int(),
  decision: z.string(),
  date: z.string(),
  /** What the council decided, beside the reference; empty when none was given. */
  text: z.string(),
  /** Raised by every correction: a correction or deletion names the version it is based on. */
  version: z.number().int(),
  /** The import history entry the change was written under (a file, or the form). */
  importId: z.number().int(),
  /** The profile its months were spread by; null: each line's own profile, else even. */
  profile: z.string().nullable(),
  amounts: z.array(budgetChangeAmountSchema),
  /** Sum of the amounts, cents. */
  total: z.number().int(),
});
export type BudgetChangeView = z.infer<typeof budgetChangeSchema>;

export const budgetChangesSchema = z.object({ changes: z.array(budgetChangeSchema) });

export const budgetChangeInputSchema = z.object({
  decision: z.string().trim().min(1).max(200),
  date: z.iso.date(),
  text: z.string().max(2000).optional(),
  amounts: z.array(budgetChangeAmountSchema).min(1).max(10_000),
});
export type BudgetChangeInput = z.infer<typeof budgetChangeInputSchema>;

/** A correction of a recorded decision: all of it as it should be, and the version it is based on. */
export const budgetChangeCorrectionSchema = budgetChangeInputSchema.extend({
  version: z.number().int().min(1),
});

/** A decision deleted. */
export const budgetChangeDeletedSchema = z.object({
  id: z.number().int(),
  decision: z.string(),
});

/**
 * What the audit log records (its `action`): content created, updated or deleted, a file
 * imported or an import undone, a year started, and the workflow's steps.
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'undo',
  'start',
  ...workflowActionSchema.options,
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry is about (its `entity`). */
export const AUDIT_ENTITIES = [
  'import',
  'workflow',
  'budgetChange',
  'forecast',
  'profile',
  'columnMapping',
  'narrative',
  'goal',
  'goals',
  'risk',
  'risks',
  'comment',
  'user',
  'municipality',
  'year',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  key: z.string(),
  /** The unit the entry concerns, when its key names one. */
  unit: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  total: z.number().int(),
  /** Everyone who has acted in the municipality's log, by name: the choices of the actor filter. */
  actors: z.array(z.string()),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const forecastMethodSchema = z.enum(['remaining', 'runRate', 'previousYear']);
export type ForecastMethodView = z.infer<typeof forecastMethodSchema>;

/**
 * A forecast Utfall proposes for a line: `remaining` (actual to date + remaining budget),
 * `runRate` (actual to date × 12 ÷ months), `previousYear` (actual to date grown as last year's
 * did to the year's end). Cents, report sign.
 */
export const forecastProposalSchema = z.object({
  method: forecastMethodSchema,
  amount: z.number().int(),
});

/**
 * One line of a unit's forecast form at an interim period (src/domain/interim.ts): the year's
 * revised budget, budget to date, actual to date, use %, deviation to date, the forecast for the
 * year and its deviation from the revised budget, in cents and report sign; `entered` whether
 * someone entered (part of) the forecast; `own` the unit's own entry; Utfall's proposals.
 */
export const forecastLineSchema = z.object({
  code: lineCodeSchema,
  revised: centsSchema,
  revisedToDate: centsSchema,
  actual: centsSchema,
  useRate: z.number().nullable(),
  deviation: centsSchema,
  forecast: centsSchema,
  forecastDeviation: centsSchema,
  entered: z.boolean(),
  own: z
    .object({
      amount: z.number().int(),
      version: z.number().int(),
      updatedAt: z.string(),
      updatedBy: z.string(),
    })
    .nullable(),
  proposals: z.array(forecastProposalSchema),
});
export type ForecastLineView = z.infer<typeof forecastLineSchema>;

/** GET …/units/:code/forecasts?period=YYYY-MM: the form, and whether the user may change it now. */
export const forecastFormSchema = z.object({
  /** The period's last month, 1–11. */
  period: z.number().int(),
  editable: z.boolean(),
  lines: z.array(forecastLineSchema),
});
export type ForecastFormView = z.infer<typeof forecastFormSchema>;

/** PUT …/units/:code/forecasts/:line: the entry's new version (null: removed). */
export const forecastSavedSchema = z.object({ version: z.number().int().nullable() });
