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
import { DEFAULT_UPLOAD_LIMIT } from './routes/imports.js';
import { registerRoutes } from './routes/index.js';
import { serveWeb } from './web.js';
import { UtfallError } from '../domain/errors.js';

export type { Api, ServerOptions } from './http.js';

/** The language of messages: the first of Accept-Language we have, else English. */
function languageOf(request: FastifyRequest): Language {
  return acceptedLanguage(request.headers['accept-language']) ?? 'en';
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
  app.addHook('onRoute', (route) => {
    const rule = route.config?.rule;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
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
    limits: { fileSize: options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT, files: 1, fields: 20 },
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
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    const rule = config.ruleFor?.(request) ?? config.rule;
    if (!rule) throw new UtfallError('noRule');
    if (rule === 'public') return;
    const user = request.user;
    if (!user) throw new UtfallError('unauthenticated');
    if (MUTATING.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== request.csrfToken) {
        throw new UtfallError('csrf');
      }
    }
    await judge(request, rule, request.actor ?? actorOf(user), db);
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
