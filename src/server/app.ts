/**
 * The HTTP server: the API of docs/api.md over the same service functions the CLI calls, and the
 * web application's files. Sessions by cookie, CSRF token header on every change, one rule per
 * route (access.ts), zod-validated input, OpenAPI at /api/openapi.json, security headers.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../domain/lines.js';
import { acceptedLanguage } from '../i18n/index.js';
import { sessionOf } from '../service/users.js';
import { actorOf } from '../service/access.js';
import { judge, type Rule } from './access.js';
import { answerError } from './errors.js';
import { CSRF_HEADER, SESSION_COOKIE, type ServerOptions } from './http.js';
import { DEFAULT_UPLOAD_LIMIT, UPLOAD_PARTS } from './routes/imports.js';
import { registerRoutes } from './routes/index.js';
import { serveWeb } from './web.js';
import { UtfallError } from '../domain/errors.js';

export type { Api, ServerOptions } from './http.js';

/** The language of messages: the first of Accept-Language we have, else English. */
function languageOf(request: FastifyRequest): Language {
  return acceptedLanguage(request.headers['accept-language']) ?? 'en';
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a value holds a NUL character anywhere (strings, keys, arrays, objects). */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || depth > 32) return false;
  if (Buffer.isBuffer(value)) return false;
  return Object.entries(value).some(
    ([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1),
  );
}

/** A route's path as a pattern for concrete paths (`/api/m/:m` matches `/api/m/lovisa`). */
function pathPattern(url: string): RegExp {
  const segments = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':')
        ? '[^/]+'
        : segment === '*'
          ? '.*'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}$`);
}

/** Converts an OpenAPI path (`/a/{b}`) to Fastify's (`/a/:b`). */
function fastifyPath(openapiPath: string): string {
  return openapiPath.replace(/\{([^}]+)\}/g, ':$1');
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options.store;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Request ids in the logs; cookies and tokens never are.
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const rules = new Map<string, Rule>();
  // The API's paths and their methods, to tell a wrong method (405) from an unknown path (404).
  const apiPaths = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    const rule = route.config?.rule;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.startsWith('/api/')) {
      const entry = apiPaths.get(route.url) ?? {
        pattern: pathPattern(route.url),
        methods: new Set(),
      };
      for (const method of methods) entry.methods.add(method);
      apiPaths.set(route.url, entry);
    }
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!rule) throw new Error(`route ${methods.join(',')} ${route.url} states no rule`);
    for (const method of methods) rules.set(`${method} ${route.url}`, rule);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Charts and React set style attributes; no inline script is ever allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: options.secureCookies ? undefined : false,
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT, ...UPLOAD_PARTS },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Utfall',
        description:
          'Budget follow-up and annual reporting. Amounts are integer cents. Each operation states its rule in x-rule (see docs/api.md).',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      const { openapiObject } = documentObject;
      for (const [path, item] of Object.entries(openapiObject.paths ?? {})) {
        for (const [method, operation] of Object.entries(item ?? {})) {
          const rule = rules.get(`${method.toUpperCase()} ${fastifyPath(path)}`);
          if (!rule || typeof operation !== 'object' || operation === null) continue;
          const op = operation as Record<string, unknown>;
          op['x-rule'] = rule;
          op.description = `Rule: ${rule}.${typeof op.description === 'string' ? ` ${op.description}` : ''}`;
          if (rule !== 'public') {
            op.security = MUTATING.has(method.toUpperCase())
              ? [{ session: [], csrf: [] }]
              : [{ session: [] }];
          }
        }
      }
      return openapiObject;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { rule: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.decorateRequest('user', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('lang', 'en');

  // Who is asking, and may they? Runs before validation so that refusals don't leak the schema.
  app.addHook('onRequest', async (request) => {
    request.lang = languageOf(request);
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await sessionOf(db, token);
      if (session) {
        request.user = session.user;
        request.actor = actorOf(session.user);
        request.csrfToken = session.csrfToken;
      }
    }
  });
  // PostgreSQL takes no NUL in text: refused here, before any query sees it.
  app.addHook('preValidation', async (request) => {
    if (
      /%00/i.test(request.url) ||
      holdsNul(request.url) ||
      holdsNul(request.params) ||
      holdsNul(request.query) ||
      holdsNul(request.body)
    ) {
      throw new UtfallError('request.nul');
    }
  });
  app.addHook('preValidation', async (request, reply) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    if (request.is404) {
      // No route of this method: an unknown address, or a known one with other methods.
      const path = request.url.split('?')[0]!;
      const allowed = new Set<string>();
      for (const { pattern, methods } of apiPaths.values()) {
        if (pattern.test(path)) for (const method of methods) allowed.add(method);
      }
      if (allowed.size === 0) throw new UtfallError('route.unknown');
      const allow = [...allowed, 'OPTIONS'].sort().join(', ');
      // A preflight is answered without granting any other origin (no Access-Control-* headers).
      if (request.method === 'OPTIONS') return reply.status(204).header('allow', allow).send();
      throw new UtfallError('route.method', { method: request.method, allow });
    }
    const rule = config.ruleFor?.(request) ?? config.rule;
    if (!rule) throw new UtfallError('noRule');
    if (rule === 'public') return;
    const actor = request.actor;
    if (!actor) throw new UtfallError('unauthenticated');
    if (MUTATING.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== request.csrfToken) {
        throw new UtfallError('csrf');
      }
    }
    await judge(request, rule, actor, db);
  });

  // Answers of the API carry sessions' data (the session route the CSRF token): never cached.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler(answerError);

  await registerRoutes(app, options);

  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  if (webRoot) await serveWeb(app, webRoot);
  return app;
}

/** The built web application: dist/web beside dist/server, or from the sources, the repository's. */
function defaultWebRoot(): string | null {
  const candidates = [
    join(import.meta.dirname, '..', 'web'),
    join(import.meta.dirname, '..', '..', 'dist', 'web'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}
