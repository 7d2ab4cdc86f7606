/**
 * The web application's index.html as the server sends it: for a logged-in user it embeds the
 * first API answers, and the overview and unit pages come rendered with their figures, in the
 * language the browser will show (the chosen one, else the browser's), for the bundle to hydrate.
 * Needs the built application (`npm run build`, which `npm test` runs first). On PGlite only: the
 * rendering sits above the database, whose page routes pages.test.ts runs on both engines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEuros } from '../../src/domain/format.js';
import type { Cents } from '../../src/domain/money.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import type { Overview, UnitPage } from '../../src/api/pages.js';
import { runCli } from '../support/cli.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
const renderer = fileURLToPath(new URL('../../dist/web-server/entry-server.js', import.meta.url));
const page = `/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;
const api = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;

/** The HTML the server rendered into #root, or null when it left the page to the browser. */
function renderedRoot(html: string): { lang: string; html: string } | null {
  const match = /<div id="root" data-rendered="([a-z]+)">([\s\S]*)<\/div>\s*<\/body>/.exec(html);
  return match ? { lang: match[1]!, html: match[2]! } : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

describe('the first screen, rendered by the server', () => {
  let server: DemoServer;
  beforeAll(async () => {
    if (!existsSync(renderer) || !existsSync(webRoot)) {
      throw new Error(`${renderer} is missing: run npm run build first`);
    }
    server = await demoServer(ENGINES[0]!, webRoot);
  });
  afterAll(async () => {
    await server.close();
  });

  it('renders a unit page with every figure of its table, in the language asked for', async () => {
    for (const lang of ['sv', 'fi', 'en'] as const) {
      const response = await server.as('reader', { url: `${page}/units/STK`, lang });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toContain(`<html lang="${lang}">`);
      const root = renderedRoot(response.body);
      expect(root?.lang).toBe(lang);
      const data = (await server.as('reader', { url: `${api}/units/STK`, lang })).json<UnitPage>();
      expect(data.lines.length).toBeGreaterThan(5);
      for (const line of data.lines) {
        expect(root!.html).toContain(escapeHtml(line.label[lang]));
        for (const amount of [line.revised, line.actual, line.deviation]) {
          // The application prints amounts as the Swedish and Finnish reports do, in every language.
          if (amount !== null) expect(root!.html).toContain(formatEuros(amount as Cents, 'sv'));
        }
      }
    }
  });

  it('renders the overview with every unit of the tree', async () => {
    const response = await server.as('editor', { url: page, lang: 'fi' });
    const root = renderedRoot(response.body);
    expect(root?.lang).toBe('fi');
    const data = (
      await server.as('editor', { url: `${api}/overview`, lang: 'fi' })
    ).json<Overview>();
    for (const unit of data.units) expect(root!.html).toContain(`>${unit.code}<`);
  });

  it('renders in the language chosen in the application, whatever the browser asks for', async () => {
    const response = await server.as('reader', {
      url: page,
      lang: 'sv',
      headers: { cookie: `${server.cookie('reader')}; utfall_lang=en` },
    });
    expect(renderedRoot(response.body)?.lang).toBe('en');
    expect(response.body).toContain('"lang":"en"');
  });

  it('leaves other pages, unknown units and visitors who are not logged in to the browser', async () => {
    const checks = await server.as('reader', { url: `${page}/checks`, lang: 'sv' });
    expect(checks.body).toContain('id="utfall-boot"');
    expect(renderedRoot(checks.body)).toBeNull();
    expect(checks.body).toContain('<div id="root"></div>');

    const unknown = await server.as('reader', { url: `${page}/units/NOPE`, lang: 'sv' });
    expect(unknown.statusCode).toBe(200);
    expect(renderedRoot(unknown.body)).toBeNull();

    const anonymous = await server.app.inject({ url: `${page}/units/STK` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain('utfall-boot');
    expect(renderedRoot(anonymous.body)).toBeNull();
  });

  it('shows the same version in the footer as `utfall --version` and /api/meta', async () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const cli = await runCli(['--version'], {});
    expect(cli.code).toBe(0);
    expect(cli.out.trim()).toBe(manifest.version);
    const meta = (await server.as('reader', { url: '/api/meta', lang: 'en' })).json<{
      version: string;
    }>();
    expect(meta.version).toBe(manifest.version);
    const html = (await server.as('reader', { url: `${page}/units/STK`, lang: 'sv' })).body;
    const footer = /<footer class="app-footer"><small>([^<]*)<\/small><\/footer>/.exec(
      renderedRoot(html)?.html ?? '',
    );
    expect(footer?.[1]).toBe(`Utfall ${manifest.version}`);
  });
});
