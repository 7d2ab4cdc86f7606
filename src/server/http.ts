/** What the server's modules share: the API type, options, cookie and header names, errors. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyServerOptions,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Store } from '../service/store.js';
import type { Language } from '../domain/lines.js';
import type { Actor } from '../domain/access.js';
import type { User } from '../service/users.js';

export const SESSION_COOKIE = 'utfall_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** The user as the access module sees them; null without a session. */
    actor: Actor | null;
    csrfToken: string | null;
    lang: Language;
  }
}

export interface ServerOptions {
  store: Store;
  /** Fastify's logger option: true for JSON lines on stdout, false for none. */
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web application; null serves the API only. */
  webRoot?: string | null;
  /** Mark cookies Secure (behind https). */
  secureCookies?: boolean;
  /** Largest upload, bytes. */
  uploadLimit?: number;
}

export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
