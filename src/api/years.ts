/** The fiscal years of a municipality, and the start of a new one from an earlier one. */
import { z } from 'zod';

const yearSchema = z.number().int().min(1990).max(2100);

/** GET /api/m/:m/years */
export const yearsSchema = z.object({
  years: z
    .array(z.object({ year: z.number().int(), units: z.number().int() }))
    .describe('Every fiscal year, oldest first, with how many units it has'),
  mayStart: z.boolean().describe('Whether the caller may start a year (admin or finance)'),
  proposal: z
    .object({ year: z.number().int(), from: z.number().int() })
    .nullable()
    .describe('The start a form proposes: from the latest year with units into the year after it'),
});
export type YearsView = z.infer<typeof yearsSchema>;

/** POST /api/m/:m/years */
export const yearStartInputSchema = z.object({
  year: yearSchema.describe('The year to start'),
  from: yearSchema.describe('The earlier year whose structure it starts with'),
});
export type YearStartInput = z.infer<typeof yearStartInputSchema>;

export const yearStartedSchema = z.object({
  year: z.number().int(),
  from: z.number().int(),
  copied: z
    .object({
      units: z.number().int(),
      bindings: z.number().int(),
      accountRanges: z.number().int(),
      themes: z.number().int(),
      goals: z.number().int(),
      profiles: z.number().int(),
    })
    .describe('How many were copied of each'),
});
export type YearStartedView = z.infer<typeof yearStartedSchema>;
