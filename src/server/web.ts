/**
 * The web application's files. Hashed assets are cached for good; every other GET outside the
 * API is the application's index.html, never cached (it carries the session's data). For a
 * logged-in user the page's first API answers — the session, the municipalities and, on the
 * overview or a unit page, that page's data — are embedded in it as JSON, so the first screen
 * needs no further round trip. They are produced by the API itself (in-process requests with
 * the user's own cookie), so the same rules and shapes apply as for any request.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { translate } from '../i18n/index.js';

/** The API path of the page at `pathname`; web/src/boot.ts computes the same. */
export function pageDataPath(pathname: string, search: string): string | null {
  const match = /^(?:\/m)?\/([^/]+)\/(\d{4})(?:\/units\/([^/]+))?\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  const segment = (raw: string) => {
    try {
      return encodeURIComponent(decodeURIComponent(raw));
    } catch {
      return raw;
    }
  };
  const period = new URLSearchParams(search).get('period');
  const suffix = period ? `?${new URLSearchParams({ period }).toString()}` : '';
  const base = `/api/m/${segment(match[1])}/${match[2]}`;
  return `${base}/${match[3] === undefined ? 'overview' : `units/${segment(match[3])}`}${suffix}`;
}

interface Embedded {
  status: number;
  body: unknown;
}

export interface BootData {
  /** The language the answers were asked in (the client uses them only when it agrees). */
  lang: string;
  session: Embedded;
  meta: Embedded;
  page: (Embedded & { path: string }) | null;
}

/** JSON inside <script type="application/json">: nothing in it may close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

async function bootData(app: FastifyInstance, request: FastifyRequest): Promise<BootData> {
  const headers = {
    cookie: request.headers.cookie ?? '',
    'accept-language': request.lang,
    accept: 'application/json',
  };
  const ask = async (url: string): Promise<Embedded> => {
    const response = await app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.json<unknown>() };
  };
  const [path, search] = [request.url.split('?')[0] ?? '/', request.url.split('?')[1] ?? ''];
  const pagePath = pageDataPath(path, search);
  // One after the other: the embedded database answers one query at a time anyway.
  const page = pagePath ? { path: pagePath, ...(await ask(pagePath)) } : null;
  return {
    lang: request.lang,
    session: await ask('/api/session'),
    meta: await ask('/api/meta'),
    page,
  };
}

export async function serveWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    index: false,
    // Vite names assets by their content: a changed file has a new name.
    maxAge: '365d',
    immutable: true,
  });
  const index = join(webRoot, 'index.html');

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    if (
      request.method !== 'GET' ||
      request.url.startsWith('/api/') ||
      request.url.startsWith('/assets/')
    ) {
      return reply.status(404).send({
        error: 'notFound',
        message: translate(request.lang)('server:error.notFound'),
      });
    }
    // Read each time: a rebuilt application is served without a restart.
    let html = await readFile(index, 'utf8');
    if (request.user) {
      const data = await bootData(app, request);
      html = html.replace(
        '<head>',
        `<head>\n    <script id="utfall-boot" type="application/json">${scriptJson(data)}</script>`,
      );
    }
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
}
