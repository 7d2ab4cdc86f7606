/**
 * The drill-down from a figure to the ledger lines behind it (GET /api/m/:m/:year/drill): a
 * scope (a unit's subtree or its own entries, a line, an account, a month, up to a period) and
 * the level it is broken down by. Each level's rows add up to the scope's figure, and the answer
 * says whether they do (`adds`). Amounts are integer cents in report sign (revenue +, cost −);
 * the deviation is actual − budget (positive is favourable), the budget being the revised budget
 * of the year, or its months up to the period (the budget to date) when a period is asked.
 */
import { z } from 'zod';
import { DRILL_LEVELS, POSTING_SORTS } from '../domain/drill.js';
import { lineCodeSchema, namesSchema, unitKindSchema } from './pages.js';
import { centsSchema } from './schemas.js';

export { DRILL_LEVELS, POSTING_SORTS };
export type { DrillLevel, PostingSort } from '../domain/drill.js';

export const drillLevelSchema = z.enum(DRILL_LEVELS);
export const postingSortSchema = z.enum(POSTING_SORTS);

/** Accounts as the ledger writes them: digits, at most 12. */
const accountSchema = z.string().regex(/^\d{1,12}$/);

/** The query string of a drill-down. */
export const drillQuerySchema = z.object({
  unit: z.string().min(1).max(64),
  line: lineCodeSchema,
  /** `YYYY-MM`: the figures up to that month (the unit page's period); default: the year. */
  period: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  /** Only the unit's own entries, not its descendants' ("own" row of the units level). */
  own: z.enum(['true', 'false']).optional(),
  account: accountSchema.optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  /** The level to break the scope down by; default: the next one the scope has. */
  by: drillLevelSchema.optional(),
  /** Postings: a text or voucher to look for (case-insensitive, part of the word). */
  q: z.string().max(200).optional(),
  sort: postingSortSchema.optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
});
export type DrillQuery = z.infer<typeof drillQuerySchema>;

/** Budget, actual and deviation of a scope or a row (null where there is none). */
export const drillFiguresSchema = z.object({
  budget: centsSchema.nullable(),
  actual: centsSchema.nullable(),
  deviation: centsSchema.nullable(),
});

/** One row of the units, accounts or months level, and the scope it drills into. */
export const drillRowSchema = drillFiguresSchema.extend({
  /** The unit (units level): a child with its subtree, or the scope's unit itself (`own`). */
  unit: z
    .object({
      code: z.string(),
      kind: unitKindSchema,
      names: namesSchema,
      own: z.boolean(),
    })
    .nullable(),
  /** The account (accounts level); null on the accounts level for a budget entered by line. */
  account: z.string().nullable(),
  /** The month (months level). */
  month: z.number().int().min(1).max(12).nullable(),
  /** Ledger lines and balance rows booked in the row (of the actual). */
  lines: z.number().int(),
  /**
   * Months level: whether the month's actual is all from ledger imports whose postings are
   * kept (false: some of it is a monthly balance, which has none).
   */
  postings: z.boolean(),
  /** Share of the scope's deviation, 0–1 and more (null where the scope has none). */
  share: z.number().nullable(),
  /** Whether the row can be drilled into (a budget entered by line has nothing below it). */
  drillable: z.boolean(),
});
export type DrillRow = z.infer<typeof drillRowSchema>;

/** One posting of the ledger, as the import kept it. */
export const postingSchema = z.object({
  /** `YYYY-MM-DD`. */
  date: z.string(),
  unitCode: z.string(),
  account: z.string(),
  voucher: z.string(),
  text: z.string(),
  /** Report sign, in cents. */
  amount: centsSchema,
  /** The import it came from and its row in that file (header = 1). */
  importId: z.number().int(),
  row: z.number().int(),
});
export type PostingView = z.infer<typeof postingSchema>;

export const drillSchema = z.object({
  year: z.number().int(),
  /** The period asked (its last month), or null for the year. */
  period: z.number().int().min(1).max(12).nullable(),
  unit: z.object({ code: z.string(), kind: unitKindSchema, names: namesSchema }),
  /** The unit's ancestors, from the root down to its parent (for the path down). */
  ancestors: z.array(z.object({ code: z.string(), kind: unitKindSchema, names: namesSchema })),
  own: z.boolean(),
  line: z.object({ code: lineCodeSchema, label: namesSchema }),
  account: z.string().nullable(),
  month: z.number().int().min(1).max(12).nullable(),
  by: drillLevelSchema,
  /** The levels this scope may be broken down by, in order. */
  levels: z.array(drillLevelSchema),
  /** The scope's figures: the figure the rows add up to. */
  figure: drillFiguresSchema,
  /** Units, accounts or months level: the rows, largest deviation first (months in order). */
  rows: z.array(drillRowSchema),
  /** The sum of the rows (units, accounts, months) or of every posting and balance (postings). */
  total: drillFiguresSchema,
  /** Whether the rows add up to the figure, to the cent. */
  adds: z.boolean(),
  /** Postings level. */
  postings: z
    .object({
      /** The page of postings matching `q`, sorted. */
      rows: z.array(postingSchema),
      page: z.number().int(),
      pageSize: z.number().int(),
      /** Postings matching `q` in all, and their sum. */
      matching: z.number().int(),
      matchingAmount: centsSchema,
      /** Every posting of the scope, and their sum. */
      count: z.number().int(),
      amount: centsSchema,
      /**
       * The part of the actual booked as monthly balances (balances imports, or imports from
       * before postings were kept), which has no postings; 0 when every cent has its posting.
       */
      balances: centsSchema,
    })
    .nullable(),
});
export type DrillView = z.infer<typeof drillSchema>;

/** One contributor to a unit's deviation on a line: a cost centre × account. */
export const contributorSchema = z.object({
  unit: z.object({ code: z.string(), kind: unitKindSchema, names: namesSchema }),
  account: z.string().nullable(),
  budget: centsSchema.nullable(),
  actual: centsSchema.nullable(),
  deviation: centsSchema,
  /** Share of the line's deviation (0–1 and more; of opposite sign where it works against it). */
  share: z.number().nullable(),
});
export type ContributorView = z.infer<typeof contributorSchema>;

export const explanationSchema = z.object({
  year: z.number().int(),
  period: z.number().int().min(1).max(12).nullable(),
  unit: z.object({ code: z.string(), kind: unitKindSchema, names: namesSchema }),
  line: z.object({ code: lineCodeSchema, label: namesSchema }),
  figure: drillFiguresSchema,
  /** The largest contributors, largest first (by how much they move the deviation). */
  contributors: z.array(contributorSchema),
});
export type ExplanationView = z.infer<typeof explanationSchema>;
