/**
 * Users and their roles (admin only): list, create and change, each change in the audit log.
 * An account is disabled rather than deleted, so that the audit log keeps naming it; an admin
 * cannot take away their own admin role or disable themselves.
 */
import { z } from 'zod';
import {
  changeUserAs,
  createUserAs,
  usersFor,
  MIN_PASSWORD_LENGTH,
  ROLES,
} from '../../service/users.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, errorSchema, userSchema, usersSchema } from '../../api/schemas.js';

/**
 * An editor's units: per municipality, or a plain list of codes for the only municipality of
 * the database (docs/api.md).
 */
const unitsInput = z
  .union([
    z.array(z.string().min(1).max(64)).max(1000),
    z.record(z.string().min(1).max(64), z.array(z.string().min(1).max(64)).max(1000)),
  ])
  .describe('Unit codes per municipality ({ "lovisa": ["STK-ICT"] }), or a list for the only one');

const membershipInput = z.object({
  role: z.enum(ROLES),
  units: z.array(z.string().min(1).max(64)).max(1000).default([]),
});

const membershipsInput = z
  .record(z.string().min(1).max(64), membershipInput.nullable())
  .describe(
    'The role and units per municipality ({ "lovisa": { "role": "editor", "units": ["STK-ICT"] } }); null ends a membership',
  );

const newUserSchema = z.object({
  username: z.string().min(1).max(64),
  displayName: z.string().trim().min(1).max(200),
  role: z
    .enum(ROLES)
    .optional()
    .describe('The role in the only municipality whose users the caller manages'),
  password: z.string().min(1).max(512).describe(`At least ${MIN_PASSWORD_LENGTH} characters`),
  units: unitsInput.optional(),
  memberships: membershipsInput.optional(),
  installationAdmin: z.boolean().optional().describe('Only an installation administrator sets it'),
});

const userChangeSchema = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  password: z.string().min(1).max(512).optional(),
  units: unitsInput.optional(),
  memberships: membershipsInput.optional(),
  disabled: z.boolean().optional(),
  installationAdmin: z.boolean().optional(),
});

const usernameParams = z.object({ username: z.string().min(1).max(64) });

export async function userRoutes(app: Api, options: ServerOptions): Promise<void> {
  const { db } = options.store;

  app.get(
    '/api/users',
    {
      config: { rule: 'admin' },
      schema: {
        summary: 'The users',
        description:
          'The users of the municipalities the caller administers (every user for an installation administrator), each with their role and units there and whether they are disabled.',
        tags: ['users'],
        response: { 200: usersSchema, ...commonErrors },
      },
    },
    async (request) => ({ users: await usersFor(db, request.actor!) }),
  );

  app.post(
    '/api/users',
    {
      config: { rule: 'admin' },
      schema: {
        summary: 'Create a user',
        description: `User names: 2–63 lower-case letters, digits, \`.\`, \`_\` or \`-\`. Passwords: at least ${MIN_PASSWORD_LENGTH} characters, stored as scrypt hashes. The user is a member of municipalities the caller administers only (\`memberships\`, or \`role\` for the only one); a name taken, also in another municipality, is 409 user.exists. The creation is in the audit log (entity user) of the user's municipalities, without the password.`,
        tags: ['users'],
        body: newUserSchema,
        response: { 201: userSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { units, ...user } = request.body;
      const created = await createUserAs(db, request.actor!, { ...user, units });
      request.log.info({ user: created.username, role: created.role }, 'user created');
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/users/:username',
    {
      config: { rule: 'admin' },
      schema: {
        summary: 'Change a user',
        description:
          'Any of display name, role, memberships, password, units and disabled, in the municipalities the caller administers; a user of none of them is 404. Name, password and disabled of a user who also belongs to another municipality are the installation administrator’s (403 user.sharedAccount). A new password or disabling ends the user’s sessions. An admin cannot take away their own admin role or disable themselves (400). The change is in the audit log (entity user) with before and after, never a password.',
        tags: ['users'],
        params: usernameParams,
        body: userChangeSchema,
        response: { 200: userSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { units, ...change } = request.body;
      const changed = await changeUserAs(db, request.actor!, request.params.username, {
        ...change,
        units,
      });
      request.log.info({ user: changed.username }, 'user changed');
      return changed;
    },
  );
}
