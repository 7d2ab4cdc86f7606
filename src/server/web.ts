/**
 * The web application's files. Hashed assets are cached for good; every other GET outside the
 * API is the application's index.html, never cached (it carries the session's data). For a
 * logged-in user the page's first API answers — the session, the municipalities and, on the
 * overview or a unit page, that page's data — are embedded in it as JSON, so the first screen
 * needs no further round trip. They are produced by the API itself (in-process requests with
 * the user's own cookie), so the same rules and shapes apply as for any request.
 *
 * The overview and unit pages are also rendered here, from those same answers, by the web
 * application's own components (dist/web-server, built from web/src/entry-server.tsx): the page
 * shows its figures as soon as the HTML has arrived, and the browser's first render hydrates it.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Language } from '../domain/lines.js';
import { pageDataPath } from '../domain/paths.js';
import { acceptedLanguage, isLanguage, translate } from '../i18n/index.js';

/** The cookie in which the web application keeps the chosen language (web/src/i18n). */
const LANGUAGE_COOKIE = 'utfall_lang';

interface Embedded {
  status: number;
  body: unknown;
}

export interface BootData {
  /** The language the answers were asked in (the client uses them only when it agrees). */
  lang: Language;
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

/**
 * The language the browser will show the page in, as web/src/i18n decides it: the one chosen
 * before, else the first of the browser's that Utfall has, else Swedish.
 */
export function pageLanguage(request: FastifyRequest): Language {
  const chosen = request.cookies[LANGUAGE_COOKIE];
  if (chosen !== undefined && isLanguage(chosen)) return chosen;
  return acceptedLanguage(request.headers['accept-language']) ?? 'sv';
}

async function bootData(
  app: FastifyInstance,
  request: FastifyRequest,
  lang: Language,
): Promise<BootData> {
  const headers = {
    cookie: request.headers.cookie ?? '',
    'accept-language': lang,
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
    lang,
    session: await ask('/api/session'),
    meta: await ask('/api/meta'),
    page,
  };
}

/** web/src/entry-server.tsx, as built (its types live with the web application). */
interface PageRenderer {
  renderPage(input: {
    url: string;
    lang: Language;
    session: unknown;
    municipalities: unknown;
    page: { path: string; data: unknown };
  }): string;
}

/**
 * The built renderer, or null when the application was built without it. Loaded again when the
 * file changes, so that a rebuilt application is rendered as it is served.
 */
async function loadRenderer(file: string): Promise<PageRenderer | null> {
  const changed = await stat(file).then(
    (s) => s.mtimeMs,
    () => null,
  );
  if (changed === null) return null;
  return (await import(`${pathToFileURL(file).href}?v=${changed}`)) as PageRenderer;
}

/** The page's first screen, when it is one the server renders and every answer is there. */
async function firstScreen(
  request: FastifyRequest,
  data: BootData,
  rendererFile: string,
): Promise<string> {
  const { lang, session, meta, page } = data;
  if (page?.status !== 200 || session.status !== 200 || meta.status !== 200) return '';
  try {
    const renderer = await loadRenderer(rendererFile);
    if (!renderer) return '';
    return renderer.renderPage({
      url: request.url,
      lang,
      session: session.body,
      municipalities: (meta.body as { municipalities: unknown }).municipalities,
      page: { path: page.path, data: page.body },
    });
  } catch (error) {
    // The browser renders the page itself; the failure is for the log, not for the user.
    request.log.error({ err: error }, 'rendering the first screen failed');
    return '';
  }
}

/** Whether a page's address names no municipality, or one of those the meta answer lists. */
function ownMunicipality(url: string, meta: Embedded): boolean {
  const named = /^\/m\/([^/?#]+)/.exec(url)?.[1];
  if (named === undefined) return true;
  let id: string;
  try {
    id = decodeURIComponent(named);
  } catch {
    return false;
  }
  const list = (meta.body as { municipalities?: { id: string }[] } | null)?.municipalities ?? [];
  return meta.status === 200 && list.some((m) => m.id === id);
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
  const rendererFile = join(webRoot, '..', 'web-server', 'entry-server.js');

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    if (
      request.method !== 'GET' ||
      request.url.startsWith('/api/') ||
      request.url.startsWith('/assets/')
    ) {
      return reply.status(404).send({
        error: 'notFound',
        message: translate(request.lang)('errors:notFound'),
      });
    }
    // Read each time: a rebuilt application is served without a restart.
    let html = await readFile(index, 'utf8');
    let status = 200;
    if (request.user) {
      const lang = pageLanguage(request);
      const data = await bootData(app, request, lang);
      // A municipality the user does not belong to is not found, as one that does not exist.
      if (!ownMunicipality(request.url, data.meta)) status = 404;
      const screen = await firstScreen(request, data, rendererFile);
      html = html
        .replace(/<html lang="[a-z]+">/, `<html lang="${lang}">`)
        .replace(
          '<head>',
          `<head>\n    <script id="utfall-boot" type="application/json">${scriptJson(data)}</script>`,
        );
      if (screen) {
        html = html.replace(
          '<div id="root"></div>',
          `<div id="root" data-rendered="${lang}">${screen}</div>`,
        );
      }
    }
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  });
}
