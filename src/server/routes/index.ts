/** Every route of the API, one module per concern. */
import type { Api, ServerOptions } from '../http.js';
import { metaRoutes } from './meta.js';
import { sessionRoutes } from './session.js';

export async function registerRoutes(app: Api, options: ServerOptions): Promise<void> {
  await app.register(async (api) => {
    sessionRoutes(api, options);
    metaRoutes(api, options);
  });
}
