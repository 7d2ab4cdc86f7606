/** Every route of the API, one module per concern. */
import type { Api, ServerOptions } from '../http.js';
import { importRoutes } from './imports.js';
import { metaRoutes } from './meta.js';
import { profileRoutes } from './profiles.js';
import { sessionRoutes } from './session.js';
import { userRoutes } from './users.js';
import { yearRoutes } from './year.js';

export async function registerRoutes(app: Api, options: ServerOptions): Promise<void> {
  await app.register(async (api) => {
    sessionRoutes(api, options);
    metaRoutes(api, options);
    // Pages, content, checks, budget changes, reports, audit: a plugin with its own error wording.
    await api.register(yearRoutes, options);
    // Budget profiles: how a year budget is spread over its months.
    await api.register(profileRoutes, options);
    // Uploads and the import history; users and their roles: plugins with their own wording.
    await api.register(importRoutes, options);
    await api.register(userRoutes, options);
  });
}
