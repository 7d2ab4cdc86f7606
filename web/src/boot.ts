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

  /** The answers the server embedded in the page (src/server/web.ts), when in this language. */
  function embedded(lang: string): {
    session: Promise<Response>;
    meta: Promise<Response>;
    page: { path: string; response: Promise<Response> } | null;
  } | null {
    const element = document.getElementById('utfall-boot');
    if (!element?.textContent) return null;
    try {
      interface Answer {
        status: number;
        body: unknown;
      }
      const data = JSON.parse(element.textContent) as {
        lang: string;
        session: Answer;
        meta: Answer;
        page: (Answer & { path: string }) | null;
      };
      if (data.lang !== lang) return null;
      const respond = (answer: Answer) =>
        Promise.resolve(
          new Response(JSON.stringify(answer.body), {
            status: answer.status,
            headers: { 'content-type': 'application/json' },
          }),
        );
      const path = pageDataPath(window.location.pathname, window.location.search);
      return {
        session: respond(data.session),
        meta: respond(data.meta),
        page: data.page && data.page.path === path ? { path, response: respond(data.page) } : null,
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
