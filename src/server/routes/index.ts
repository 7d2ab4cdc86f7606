/** Every route of the API, one module per concern. */
import type { Api, ServerOptions } from '../http.js';
import { metaRoutes } from './meta.js';
import { sessionRoutes } from './session.js';
import { yearRoutes } from './year.js';

export async function registerRoutes(app: Api, options: ServerOptions): Promise<void> {
  await app.register(async (api) => {
    sessionRoutes(api, options);
    metaRoutes(api, options);
    // Pages, content, checks, budget changes, reports, audit: a plugin with its own error wording.
    await api.register(yearRoutes, options);
  });
}
