/**
 * The first screen rendered on the server: src/server/web.ts renders the overview and unit pages
 * with the data it embeds in index.html, so that the page shows its figures as soon as the HTML
 * has arrived, before the bundle has been downloaded and compiled; main.tsx then hydrates it.
 * Built by `vite build --ssr` into dist/web-server.
 */
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './app.js';
import { forgetPrefetched, provideData } from './hooks.js';
import type { Language } from './i18n/index.js';
import { setServerLocation } from './router.js';
import type { Municipality, Session } from './session.js';

export interface ServerPage {
  /** The page's address (path and query). */
  url: string;
  lang: Language;
  session: Session;
  municipalities: Municipality[];
  /** The page's API path and its answer, as the page itself asks for them. */
  page: { path: string; data: unknown };
}

/** The HTML inside #root, as the browser's first render will produce it. */
export function renderPage(input: ServerPage): string {
  // One render at a time: renderToString is synchronous, and these are undone before it returns.
  setServerLocation(input.url);
  provideData(input.page.path, input.page.data);
  try {
    return renderToString(
      <StrictMode>
        <App
          start={{
            phase: { kind: 'in', session: input.session },
            municipalities: input.municipalities,
            lang: input.lang,
          }}
        />
      </StrictMode>,
    );
  } finally {
    forgetPrefetched();
  }
}
