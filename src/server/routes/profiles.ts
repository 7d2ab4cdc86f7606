/**
 * Budget profiles: the year's named ways of spreading a year budget over its months (the
 * personnel profile with holiday pay in June and July), read by everyone and set or removed by
 * finance, through the same service as `utfall profile`, audited (entity `profile`).
 */
import { z } from 'zod';
import { deleteProfile, listProfiles, setProfile } from '../../service/profiles.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, errorSchema, yearParams } from '../../api/schemas.js';
import {
  profileInputSchema,
  profileParams,
  profileSchema,
  profilesSchema,
  type ProfilesView,
  type ProfileView,
} from '../../api/profiles.js';
import type { ProfileView as StoredView } from '../../service/profiles.js';

const view = (profile: StoredView): ProfileView => ({
  ...profile,
  updatedAt: profile.updatedAt.toISOString(),
});

export async function profileRoutes(app: Api, options: ServerOptions): Promise<void> {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/profiles',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The budget profiles of the year',
        description:
          'The built-in profiles (even, previous-year) and the year’s own, each with its twelve weights (January first) and the line whose budgets it spreads by default. A budget import spreads a year budget by the profile it names, else by its line’s profile, else evenly (docs/interim.md).',
        tags: ['budget'],
        params: yearParams,
        response: { 200: profilesSchema, ...commonErrors },
      },
    },
    async (request): Promise<ProfilesView> => {
      const { m, year } = request.params;
      const list = await listProfiles(db, request.actor!, m, year);
      return { ...list, profiles: list.profiles.map(view) };
    },
  );

  app.put(
    '/api/m/:m/:year/profiles',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Create or replace a named budget profile',
        description:
          'The profile of the body’s name gets its twelve weights (whole numbers 0–1 000 000, January first, not all zero) and its line (a leaf line, at most one profile per line; null: none). Like `utfall profile set`; audited. Budgets stored before keep their months: a profile spreads the budgets imported after it.',
        tags: ['budget'],
        params: yearParams,
        body: profileInputSchema,
        response: { 200: profileSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request): Promise<ProfileView> => {
      const { m, year } = request.params;
      return view(await setProfile(db, request.actor!, m, year, request.body));
    },
  );

  app.delete(
    '/api/m/:m/:year/profiles/:name',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Remove a named budget profile',
        description:
          'Like `utfall profile delete`; audited. Stored budgets keep their months. 404 when the year has no profile of that name.',
        tags: ['budget'],
        params: profileParams,
        response: { 204: z.null().describe('Removed'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const { m, year, name } = request.params;
      await deleteProfile(db, request.actor!, m, year, name);
      return reply.status(204).send(null);
    },
  );
  return Promise.resolve();
}
