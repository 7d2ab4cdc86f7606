/**
 * The route walk: every operation of the OpenAPI document, each of its examples
 * (route-examples.ts) sent as nobody, the demo's reader, editor, finance and admin (users of
 * Lovisa), the admin of a second municipality (Borgå, with the demo's units) and an installation
 * administrator, in each of the two municipalities: allowed or refused exactly as the
 * operation's rule says. Allowed is any status but 401 and 403 (a 404, 409 or 422 is the
 * route's own answer) that does not hide the municipality; refused is 401 for nobody, 403 for a
 * user, and 404 `municipality.unknown` for a user of the other municipality — the same answer as
 * for a municipality that does not exist, so that it gives no hint. Fresh per engine; the
 * examples change the data as they go, which only their answers feel.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import type { Rule } from '../../src/server/access.js';
import { RULES } from '../../src/server/access.js';
import { buildServer } from '../../src/server/app.js';
import { DEMO_USERS, ensureDemoUsers, loadDemo } from '../../src/service/demo.js';
import { runImport } from '../../src/service/imports.js';
import { addUser, createMunicipalityAs } from '../../src/service/users.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';
import { ROUTE_EXAMPLES, type RouteExample } from './route-examples.js';

/** The demo's users are Lovisa's; `borga` is the admin of Borgå; `root` the installation's. */
const CALLERS = ['anonymous', 'reader', 'editor', 'finance', 'admin', 'borga', 'root'] as const;
type Caller = (typeof CALLERS)[number];
const OTHER = 'borga';
const PASSWORDS = { borga: 'borga-admin-2023', root: 'installation-root-2023' } as const;
/** Which municipality each caller belongs to (null: every one). */
const HOME: Record<Exclude<Caller, 'anonymous'>, string | null> = {
  reader: 'lovisa',
  editor: 'lovisa',
  finance: 'lovisa',
  admin: 'lovisa',
  borga: OTHER,
  root: null,
};
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Ends the caller's session: walked last. */
const LOGOUT = 'DELETE /api/session';

interface Operation {
  key: string;
  method: string;
  path: string;
  rule: Rule;
}

type Verdict = 'allowed' | 401 | 403 | 404;

/** The municipality of an example's URL, or null for the installation's routes. */
function municipalityOf(url: string): string | null {
  return /^\/api\/m\/([^/?#]+)/.exec(url)?.[1] ?? null;
}

/** What the rule says of a caller, in the municipality of the URL. */
function verdict(rule: Rule, caller: Caller, example: RouteExample, url: string): Verdict {
  if (rule === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  const m = municipalityOf(url);
  const home = HOME[caller];
  if (m !== null && home !== null && m !== home) return 404;
  // In their own municipality, Borgå's admin and the installation's are admins.
  const role = caller === 'borga' || caller === 'root' ? 'admin' : caller;
  switch (rule) {
    case 'reader':
      return 'allowed';
    case 'finance':
      return role === 'finance' || role === 'admin' ? 'allowed' : 403;
    case 'admin':
      return role === 'admin' ? 'allowed' : 403;
    case 'unit-editor':
      if (role === 'reader') return 403;
      if (role === 'editor') return example.editorAllowed ? 'allowed' : 403;
      return 'allowed';
  }
}

function judged(response: LightMyRequestResponse): Verdict {
  const status = response.statusCode;
  if (status === 401 || status === 403) return status;
  if (status === 404 && response.json<{ error?: string }>().error === 'municipality.unknown')
    return 404;
  return 'allowed';
}

/** The example in the other municipality (the same units, as Borgå has the demo's). */
function inOther(url: string): string {
  return url.replace(/^\/api\/m\/lovisa\//, `/api/m/${OTHER}/`);
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
    // The installation administrator creates Borgå with its first admin; it gets the demo's units.
    await addUser(store.db, {
      username: 'root',
      displayName: 'Installation Root',
      password: PASSWORDS.root,
      memberships: {},
      installationAdmin: true,
    });
    await createMunicipalityAs(store.db, systemActor('root'), {
      id: OTHER,
      name: 'Borgå',
      admin: { username: 'borga', displayName: 'Birgitta Borgå', password: PASSWORDS.borga },
    });
    const org = await runImport(
      store.db,
      {
        kind: 'org',
        file: join(import.meta.dirname, '..', '..', 'fixtures', 'lovisa-2023', 'org.csv'),
        municipalityId: OTHER,
        year: 2023,
      },
      systemActor('root'),
    );
    expect(org.ok).toBe(true);
    app = await buildServer({ store, webRoot: null });
    // Logging in costs a scrypt hash: once per caller.
    for (const user of [
      ...DEMO_USERS,
      { username: 'borga', password: PASSWORDS.borga },
      { username: 'root', password: PASSWORDS.root },
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: user.username, password: user.password },
      });
      expect(response.statusCode, `login ${user.username}`).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'utfall_session')!;
      sessions.set(user.username as Caller, {
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
    url = example.url,
  ): Promise<LightMyRequestResponse> {
    const session = caller === 'anonymous' ? undefined : sessions.get(caller);
    const headers: Record<string, string> = { 'accept-language': 'en' };
    if (session) headers.cookie = session.cookie;
    if (session && csrf && MUTATING.has(operation.method)) headers['x-csrf-token'] = session.csrf;
    const request: InjectOptions = {
      method: operation.method,
      url,
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

  it('answers a user of another municipality exactly as for one that does not exist', async () => {
    const differ: string[] = [];
    let compared = 0;
    for (const operation of operations) {
      for (const example of ROUTE_EXAMPLES[operation.key] ?? []) {
        if (!municipalityOf(example.url)) continue;
        for (const caller of ['reader', 'admin', 'borga'] as const) {
          const hidden = caller === 'borga' ? example.url : inOther(example.url);
          const other = caller === 'borga' ? 'lovisa' : OTHER;
          const nowhere = hidden.replace(`/api/m/${other}/`, '/api/m/nowhere/');
          const [a, b] = [
            await send(operation, example, caller, true, hidden),
            await send(operation, example, caller, true, nowhere),
          ];
          compared++;
          const seen = (r: LightMyRequestResponse) =>
            `${r.statusCode} ${r.body.replace(/nowhere|lovisa|borga/g, 'M')}`;
          if (a.statusCode !== 404 || seen(a) !== seen(b)) {
            differ.push(`${caller} ${operation.method} ${hidden}: ${seen(a)} ≠ ${seen(b)}`);
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(differ).toEqual([]);
  });

  it('lists only the caller’s municipalities, and what they may do in each', async () => {
    const meta = async (caller: Caller) => {
      const response = await send(
        { key: 'GET /api/meta', method: 'GET', path: '/api/meta', rule: 'reader' },
        { url: '/api/meta' },
        caller,
      );
      return response.json<{ municipalities: { id: string }[] }>().municipalities.map((m) => m.id);
    };
    const may = async (caller: Caller) => {
      const response = await send(
        { key: 'GET /api/session', method: 'GET', path: '/api/session', rule: 'reader' },
        { url: '/api/session' },
        caller,
      );
      return Object.keys(response.json<{ may: Record<string, unknown> }>().may).sort();
    };
    expect(await meta('reader')).toEqual(['lovisa']);
    expect(await meta('admin')).toEqual(['lovisa']);
    expect(await meta('borga')).toEqual([OTHER]);
    expect((await meta('root')).sort()).toEqual([OTHER, 'lovisa']);
    expect(await may('finance')).toEqual(['lovisa']);
    expect(await may('borga')).toEqual([OTHER]);
    expect(await may('root')).toEqual([OTHER, 'lovisa']);
  });

  // Walked last: its logout ends the sessions the other tests use.
  it('allows and refuses each example exactly as its rule states, in each municipality', async () => {
    const wrong: string[] = [];
    const crashed: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      for (const example of ROUTE_EXAMPLES[operation.key] ?? []) {
        const rule = example.rule ?? operation.rule;
        const urls = municipalityOf(example.url)
          ? [example.url, inOther(example.url)]
          : [example.url];
        for (const url of urls) {
          for (const caller of CALLERS) {
            const response = await send(operation, example, caller, true, url);
            sent++;
            const expected = verdict(rule, caller, example, url);
            const got = judged(response);
            if (got !== expected) {
              wrong.push(
                `${caller} ${operation.method} ${url} (${rule}): ${response.statusCode}, expected ${expected} — ${response.body.slice(0, 200)}`,
              );
            }
            if (response.statusCode >= 500) {
              crashed.push(`${caller} ${operation.method} ${url}: ${response.statusCode}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(crashed).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(operations.length * CALLERS.length);
  });
});
