/**
 * The first requests of a page load, started by this tiny script (deferred: it runs once the HTML
 * is parsed, ahead of the bundle, which may still be downloading): the data of the overview or
 * unit page in the address, the session, and the municipalities. The application picks up the
 * answers from `window.utfallBoot`. It imports only src/domain/paths.ts (the address → API path
 * rule the server shares), which nothing else in the bundle imports: the build inlines it, and
 * the script stays one small classic script without imports.
 */
import { pageDataPath } from '../../src/domain/paths.js';

export interface BootRequests {
  /** The page's API path (as the page itself asks for it) and its answer. */
  page: { path: string; response: Promise<Response> } | null;
  session: Promise<Response>;
  meta: Promise<Response>;
}

declare global {
  interface Window {
    utfallBoot?: BootRequests;
  }
}

// One function scope: in the build this runs as a classic script, so nothing becomes global.
(() => {
  function language(): string {
    try {
      const stored = localStorage.getItem('utfall.lang');
      if (stored === 'sv' || stored === 'fi' || stored === 'en') return stored;
    } catch {
      // no storage: the browser's languages decide
    }
    for (const tag of navigator.languages) {
      const base = tag.slice(0, 2).toLowerCase();
      if (base === 'sv' || base === 'fi' || base === 'en') return base;
    }
    return 'sv';
  }

  interface Answer {
    status: number;
    body: unknown;
    path?: unknown;
  }

  /** An embedded answer (`{ status, body }`, the page's also with its `path`), or null. */
  function answerOf(value: unknown): Answer | null {
    if (typeof value !== 'object' || value === null || !('body' in value)) return null;
    const answer = value as Record<string, unknown>;
    return typeof answer.status === 'number'
      ? { status: answer.status, body: answer.body, path: answer.path }
      : null;
  }

  /** The answers the server embedded in the page (src/server/web.ts), when in this language. */
  function embedded(lang: string): {
    session: Promise<Response>;
    meta: Promise<Response>;
    page: { path: string; response: Promise<Response> } | null;
  } | null {
    const element = document.getElementById('utfall-boot');
    if (!element?.textContent) return null;
    try {
      // Checked by hand, not by zod: this script stays small and imports nothing the bundle
      // shares. The bodies are read through the API's schemas where the application uses them.
      const data: unknown = JSON.parse(element.textContent);
      if (typeof data !== 'object' || data === null) return null;
      const record = data as Record<string, unknown>;
      const session = answerOf(record.session);
      const meta = answerOf(record.meta);
      const page = answerOf(record.page);
      if (record.lang !== lang || !session || !meta) return null;
      const pageOf = typeof page?.path === 'string' ? { ...page, path: page.path } : null;
      const respond = (answer: Answer) =>
        Promise.resolve(
          new Response(JSON.stringify(answer.body), {
            status: answer.status,
            headers: { 'content-type': 'application/json' },
          }),
        );
      const path = pageDataPath(window.location.pathname, window.location.search);
      return {
        session: respond(session),
        meta: respond(meta),
        page: pageOf && pageOf.path === path ? { path, response: respond(pageOf) } : null,
      };
    } catch {
      return null;
    } finally {
      element.remove();
    }
  }

  function start(): void {
    const lang = language();
    const early = embedded(lang);
    if (early) {
      window.utfallBoot = early;
      return;
    }
    const init: RequestInit = {
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': lang },
    };
    const path = pageDataPath(window.location.pathname, window.location.search);
    // The embedded database answers one request at a time: the page's data first.
    const page = path ? { path, response: fetch(path, init) } : null;
    const session = fetch('/api/session', init);
    const meta = fetch('/api/meta', init);
    for (const response of [page?.response, session, meta]) response?.catch(() => undefined);
    window.utfallBoot = { page, session, meta };
  }

  start();
})();
