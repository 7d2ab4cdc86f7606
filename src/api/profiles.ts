/**
 * The shapes of the budget profile routes (GET and PUT …/profiles, DELETE …/profiles/:name):
 * the year's named profiles, which spread a year budget over its months (docs/interim.md).
 */
import { z } from 'zod';
import { BUILT_IN_PROFILES } from '../domain/spread.js';
import { lineCodeSchema } from './pages.js';

export const profileSchema = z.object({
  name: z.string(),
  line: lineCodeSchema
    .nullable()
    .describe('The leaf line whose budgets it spreads unless an import names a profile'),
  weights: z.array(z.number().int()).describe('Twelve weights, January first'),
  updatedAt: z.string().describe('ISO 8601'),
  updatedBy: z.string(),
});
export type ProfileView = z.infer<typeof profileSchema>;

export const profilesSchema = z.object({
  year: z.number().int(),
  builtIn: z
    .array(z.enum(BUILT_IN_PROFILES))
    .describe('even, and previous-year (the unit and line’s actual of the year before)'),
  profiles: z.array(profileSchema).describe('The year’s own profiles, by name'),
});
export type ProfilesView = z.infer<typeof profilesSchema>;

/** A profile as set: checked by the service (profile.name, profile.weights, profile.line). */
export const profileInputSchema = z.object({
  name: z
    .string()
    .max(200)
    .describe('Letters, digits, ".", "_" or "-", up to 64; not even or previous-year'),
  weights: z
    .array(z.number())
    .max(100)
    .describe('Twelve whole weights from 0 to 1 000 000, January first, not all zero'),
  line: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe('A leaf line (code or label) it is the default of; null or absent: none'),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

export const profileParams = z.object({
  m: z.string().min(1).max(64),
  year: z.coerce.number().int().min(1990).max(2100),
  name: z.string().min(1).max(200),
});
