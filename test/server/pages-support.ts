/**
 * A server on the demo for the page and content tests: the Lovisa 2023 demo with its four
 * users, and one session per role (logging in costs a scrypt hash, so once per file).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../src/db/open.js';
import { buildServer } from '../../src/server/app.js';
import { ensureDemoUsers, loadDemo, DEMO_USERS } from '../../src/service/demo.js';
import type { EngineUnderTest } from '../support/engines.js';

export type DemoRole = (typeof DEMO_USERS)[number]['username'];

export interface DemoServer {
  store: Store;
  app: FastifyInstance;
  /** A request as the demo user of the role, with its cookie and CSRF token. */
  as(
    role: DemoRole,
    request: InjectOptions & { lang?: 'sv' | 'fi' | 'en' },
  ): Promise<LightMyRequestResponse>;
  /** The demo user's session cookie (`name=value`). */
  cookie(role: DemoRole): string;
  close(): Promise<void>;
}

/** `webRoot`: the built web application to serve as well (default none: the API only). */
export async function demoServer(
  engine: EngineUnderTest,
  webRoot: string | null = null,
): Promise<DemoServer> {
  const store = await engine.open();
  await loadDemo(store.db);
  await ensureDemoUsers(store.db);
  const app = await buildServer({ store, webRoot });
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  for (const user of DEMO_USERS) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: user.username, password: user.password },
    });
    if (response.statusCode !== 200) throw new Error(`login ${user.username}: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'utfall_session');
    if (!cookie) throw new Error(`login ${user.username}: no session cookie`);
    sessions.set(user.username, {
      cookie: `${cookie.name}=${cookie.value}`,
      csrf: response.json<{ csrfToken: string }>().csrfToken,
    });
  }
  return {
    store,
    app,
    as(role, { lang, headers, ...request }) {
      const session = sessions.get(role)!;
      return app.inject({
        ...request,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrf,
          'accept-language': lang ?? 'en',
          ...headers,
        },
      });
    },
    cookie: (role) => sessions.get(role)!.cookie,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
