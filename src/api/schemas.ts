/**
 * The API's shapes as zod schemas: validation of input, serialisation of output and the OpenAPI
 * document come from these. The web application reads the API's answers through them, so they
 * import only zod and src/domain.
 */
import { z } from 'zod';
import { LANGUAGES } from '../domain/lines.js';
import { ROLES } from '../domain/roles.js';
import { IMPORT_KINDS } from '../domain/import-kinds.js';

export const languageSchema = z.enum(LANGUAGES);

export const errorSchema = z
  .object({ error: z.string(), message: z.string(), details: z.unknown().optional() })
  .describe('An error: a stable code and a message in the language of Accept-Language');

/** What a user is in one municipality: their role and, for an editor, their units. */
export const membershipSchema = z.object({
  role: z.enum(ROLES),
  units: z.array(z.string()),
});

export const userSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  /** The highest role held (admin for an installation administrator), for a list. */
  role: z.enum(ROLES),
  /** unit codes per municipality */
  units: z.record(z.string(), z.array(z.string())),
  disabled: z.boolean(),
  /** Creates municipalities and their first admins; an admin in every municipality. */
  installationAdmin: z.boolean(),
  /** The role and units in each municipality the user belongs to (that the viewer manages). */
  memberships: z.record(z.string(), membershipSchema),
});
export type UserView = z.infer<typeof userSchema>;

/** What the current user may do in the municipality beyond the units' pages (the access module's). */
export const abilitiesSchema = z.object({
  /** The kinds of import they may run. */
  imports: z.array(z.enum(IMPORT_KINDS)),
  /** Record budget changes. */
  budgetChanges: z.boolean(),
  /** Approve, lock and reopen reports. */
  approve: z.boolean(),
  /** Manage users. */
  users: z.boolean(),
});
export type Abilities = z.infer<typeof abilitiesSchema>;

/** GET /api/users: the users of the municipalities the caller administers, without secrets. */
export const usersSchema = z.object({ users: z.array(userSchema) });

export const sessionSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  /** What the user may do in each municipality they belong to. */
  may: z.record(z.string(), abilitiesSchema),
});

/** GET /api/meta: the municipalities and their fiscal years (the web reads its answer through this). */
export const metaSchema = z.object({
  /** The version of Utfall that answers (package.json, semantic versioning). */
  version: z.string(),
  municipalities: z.array(
    z.object({ id: z.string(), name: z.string(), years: z.array(z.number().int()) }),
  ),
});
export type SessionView = z.infer<typeof sessionSchema>;

/** Path parameters of everything under a municipality and year. */
export const yearParams = z.object({
  m: z.string().min(1).max(64),
  year: z.coerce.number().int().min(1990).max(2100),
});
export const unitParams = yearParams.extend({ code: z.string().min(1).max(64) });

/** `2023-08`: actuals up to August. */
export const periodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('YYYY-MM: actuals up to and including this month');

/** Integer cents; null where there is no figure. */
export const centsSchema = z.number().int().nullable();

/** Standard errors every route may answer with. */
export const commonErrors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
} as const;

/** The approval snapshots of a year (GET …/snapshots). */
export const snapshotListSchema = z.object({
  snapshots: z.array(
    z.object({
      id: z.number().int(),
      unitCode: z.string(),
      period: z.number().int().min(1).max(12).describe("The period's last month"),
      approvedAt: z.string().describe('ISO 8601'),
      approvedBy: z.string(),
      sha256: z.string(),
      released: z
        .object({ at: z.string(), by: z.string(), reason: z.string() })
        .nullable()
        .describe('Set when a reopening released the snapshot'),
    }),
  ),
});
export type SnapshotListView = z.infer<typeof snapshotListSchema>;

/**
 * `?period=2023-08`: the reporting period a unit's texts and workflow are of, named by its last
 * month (2023-08: the interim report 1–8); left out, the year's (YYYY-12).
 */
export const reportingPeriodQuery = z.object({
  period: periodSchema
    .optional()
    .describe(
      'YYYY-MM: the reporting period by its last month, in the path’s year (2023-08: the interim report 1–8); left out, the year’s (YYYY-12)',
    ),
});
