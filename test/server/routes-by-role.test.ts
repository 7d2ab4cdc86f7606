/**
 * The route walk: every operation of the OpenAPI document, each of its examples
 * (route-examples.ts) sent as nobody, reader, editor, finance and admin, allowed or refused
 * exactly as the operation's rule says. Allowed is any status but 401 and 403 (a 404, 409 or
 * 422 is the route's own answer); refused is 401 for nobody and 403 for a user. On the Lovisa
 * demo, fresh per engine; the examples change it as they go, which only their answers feel.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import type { Rule } from '../../src/server/access.js';
import { RULES } from '../../src/server/access.js';
import { buildServer } from '../../src/server/app.js';
import { DEMO_USERS, ensureDemoUsers, loadDemo } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';
import { ROUTE_EXAMPLES, type RouteExample } from './route-examples.js';

const CALLERS = ['anonymous', 'reader', 'editor', 'finance', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Ends the caller's session: walked last. */
const LOGOUT = 'DELETE /api/session';

interface Operation {
  key: string;
  method: string;
  path: string;
  rule: Rule;
}

type Verdict = 'allowed' | 401 | 403;

/** What the rule says of a caller. */
function verdict(rule: Rule, caller: Caller, example: RouteExample): Verdict {
  if (rule === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  switch (rule) {
    case 'reader':
      return 'allowed';
    case 'finance':
      return caller === 'finance' || caller === 'admin' ? 'allowed' : 403;
    case 'admin':
      return caller === 'admin' ? 'allowed' : 403;
    case 'unit-editor':
      if (caller === 'reader') return 403;
      if (caller === 'editor') return example.editorAllowed ? 'allowed' : 403;
      return 'allowed';
  }
}

function judged(status: number): Verdict {
  return status === 401 || status === 403 ? status : 'allowed';
}

/** The path of an OpenAPI template (`/api/m/{m}`) as a pattern for concrete URLs. */
function pathPattern(path: string): RegExp {
  const escaped = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/?#]+');
  return new RegExp(`^${escaped}(\\?.*)?$`);
}

describe.each(ENGINES)('every route by role on $name', (engine) => {
  let store: Store;
  let app: FastifyInstance;
  let operations: Operation[];
  const sessions = new Map<Caller, { cookie: string; csrf: string }>();

  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
    await ensureDemoUsers(store.db);
    app = await buildServer({ store, webRoot: null });
    // Logging in costs a scrypt hash: once per role.
    for (const user of DEMO_USERS) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: user.username, password: user.password },
      });
      expect(response.statusCode, `login ${user.username}`).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'utfall_session')!;
      sessions.set(user.username, {
        cookie: `${cookie.name}=${cookie.value}`,
        csrf: response.json<{ csrfToken: string }>().csrfToken,
      });
    }
    const document = (await app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { 'x-rule'?: Rule }>>;
    }>();
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => {
        const rule = operation['x-rule'];
        if (!rule || !RULES.includes(rule)) {
          throw new Error(`${method.toUpperCase()} ${path} has no x-rule`);
        }
        return { key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, rule };
      }),
    );
    // Logging out ends the session that the rest of the walk uses.
    operations.sort((a, b) => Number(a.key === LOGOUT) - Number(b.key === LOGOUT));
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  function send(
    operation: Operation,
    example: RouteExample,
    caller: Caller,
    csrf = true,
  ): Promise<LightMyRequestResponse> {
    const session = caller === 'anonymous' ? undefined : sessions.get(caller);
    const headers: Record<string, string> = { 'accept-language': 'en' };
    if (session) headers.cookie = session.cookie;
    if (session && csrf && MUTATING.has(operation.method)) headers['x-csrf-token'] = session.csrf;
    const request: InjectOptions = {
      method: operation.method,
      url: example.url,
      headers,
    };
    if (example.multipart) {
      const body = multipart({ path: example.multipart.file }, example.multipart.fields ?? {});
      request.payload = body.payload;
      Object.assign(headers, body.headers);
    } else if (example.body !== undefined) {
      request.payload = example.body as InjectOptions['payload'];
    }
    return app.inject(request);
  }

  it('has examples for every operation, each naming an operation of the document', () => {
    const keys = new Set(operations.map((o) => o.key));
    expect(operations.length).toBeGreaterThan(20);
    expect(
      operations.filter((o) => !(ROUTE_EXAMPLES[o.key]?.length ?? 0)).map((o) => o.key),
    ).toEqual([]);
    expect(Object.keys(ROUTE_EXAMPLES).filter((key) => !keys.has(key))).toEqual([]);
    const misplaced: string[] = [];
    for (const operation of operations) {
      for (const example of ROUTE_EXAMPLES[operation.key] ?? []) {
        if (!pathPattern(operation.path).test(example.url)) {
          misplaced.push(`${operation.key}: ${example.url}`);
        }
        const rule = example.rule ?? operation.rule;
        if (rule === 'unit-editor' && example.editorAllowed === undefined) {
          misplaced.push(`${operation.key}: ${example.url} does not say editorAllowed`);
        }
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('refuses every change without the CSRF token, even to the admin', async () => {
    const answers: string[] = [];
    for (const operation of operations) {
      if (!MUTATING.has(operation.method) || operation.rule === 'public') continue;
      const example = ROUTE_EXAMPLES[operation.key]![0]!;
      const response = await send(operation, example, 'admin', false);
      answers.push(
        `${operation.key} ${response.statusCode} ${response.json<{ error: string }>().error}`,
      );
    }
    expect(answers.length).toBeGreaterThan(5);
    expect(answers).toEqual(answers.map((a) => a.replace(/ \d+ \S+$/, ' 403 csrf')));
  });

  it('allows and refuses each example exactly as its rule states', async () => {
    const wrong: string[] = [];
    const crashed: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      for (const example of ROUTE_EXAMPLES[operation.key] ?? []) {
        const rule = example.rule ?? operation.rule;
        for (const caller of CALLERS) {
          const response = await send(operation, example, caller);
          sent++;
          const expected = verdict(rule, caller, example);
          const got = judged(response.statusCode);
          if (got !== expected) {
            wrong.push(
              `${caller} ${operation.method} ${example.url} (${rule}): ${response.statusCode}, expected ${expected} — ${response.body.slice(0, 200)}`,
            );
          }
          if (response.statusCode >= 500) {
            crashed.push(`${caller} ${operation.method} ${example.url}: ${response.statusCode}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(crashed).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(operations.length * CALLERS.length);
  });
});
