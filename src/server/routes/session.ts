/** Logging in and out: a session cookie and the CSRF token the client sends with every change. */
import { z } from 'zod';
import { login, logout } from '../../service/users.js';
import { UtfallError } from '../../domain/errors.js';
import { actorOf } from '../../service/access.js';
import { abilitiesOf } from '../../service/tenant.js';
import { SESSION_COOKIE, type Api, type ServerOptions } from '../http.js';
import { commonErrors, errorSchema, sessionSchema } from '../../api/schemas.js';

/** The host of an Origin header, or null when it names none (`null`, garbage). */
function hostOf(origin: string): string | null {
  if (!URL.canParse(origin)) return null;
  return new URL(origin).host || null;
}

export function sessionRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.post(
    '/api/session',
    {
      config: { rule: 'public' },
      schema: {
        summary: 'Log in',
        tags: ['session'],
        body: z.object({
          username: z.string().min(1).max(64),
          password: z.string().min(1).max(512),
        }),
        response: { 200: sessionSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      // A login form posted from another site would log the victim into the attacker's account.
      // An opaque origin (`null`: a sandboxed frame, a redirect, a file) is refused too.
      const origin = request.headers.origin;
      if (origin !== undefined && hostOf(origin) !== request.headers.host) {
        throw new UtfallError('csrf');
      }
      const result = await login(db, request.body.username, request.body.password, request.ip);
      if (!result.ok) {
        if (result.reason === 'throttled') {
          void reply.header('retry-after', String(result.retryAfterSeconds));
          throw new UtfallError('throttled', { seconds: result.retryAfterSeconds });
        }
        throw new UtfallError('credentials');
      }
      void reply.setCookie(SESSION_COOKIE, result.session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies ?? false,
        expires: result.session.expiresAt,
      });
      request.log.info({ user: result.user.username }, 'login');
      return {
        user: result.user,
        csrfToken: result.session.csrfToken,
        may: await abilitiesOf(db, actorOf(result.user)),
      };
    },
  );

  app.get(
    '/api/session',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The current session',
        tags: ['session'],
        response: { 200: sessionSchema, ...commonErrors },
      },
    },
    async (request) => ({
      user: request.user!,
      csrfToken: request.csrfToken!,
      may: await abilitiesOf(db, request.actor!),
    }),
  );

  app.delete(
    '/api/session',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'Log out',
        tags: ['session'],
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
