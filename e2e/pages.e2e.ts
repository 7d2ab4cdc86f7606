/**
 * Every page of the web, in Swedish and Finnish, at a desktop's width and a phone's, on the
 * Lovisa demo (issue 14's must-shows): the visible text holds none of the API's code words
 * (import field names, audit actions and entities, check rule ids, goal statuses, workflow
 * states, unit kinds, line and section codes, camelCase identifiers), no page is wider than the
 * viewport at 1280 and 375 px, and axe-core finds no violation of WCAG 2.1 A/AA at either width.
 * A screenshot of each page in each language at each width goes to e2e/output/screenshots/
 * (<page>-<lang>-<width>.png). One logged-in context per language and user; the demo is not
 * reloaded, and nothing is changed.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, FINDING_RULES } from '../src/api/pages.js';
import { GOAL_STATUSES } from '../src/domain/goals.js';
import { FORECAST_HEADERS, HEADERS, IMPORT_KINDS } from '../src/domain/import-kinds.js';
import { LINE_CODES } from '../src/domain/lines.js';
import { UNIT_KINDS } from '../src/domain/model.js';
import { REPORT_STATES } from '../src/domain/workflow.js';
import { NARRATIVE_SECTIONS } from '../src/service/content.js';
import { expectAccessible, logIn, type DemoUser } from './support.js';

const base = '/m/lovisa/2023';
const SHOTS = join(import.meta.dirname, 'output', 'screenshots');
const WIDTHS = [1280, 375] as const;
type Lang = 'sv' | 'fi';

/**
 * The code words of the API, in their code spelling, from its own lists. Not the roles: the
 * demo's users are named after them (`finance`, `editor`…), and a user name is data the pages
 * rightly show (the audit log's actor, the users page).
 */
const CODES = new Set<string>([
  ...Object.values(HEADERS).flatMap((fields) => Object.keys(fields)),
  ...Object.keys(FORECAST_HEADERS),
  ...IMPORT_KINDS,
  ...AUDIT_ACTIONS,
  ...AUDIT_ENTITIES,
  ...GOAL_STATUSES,
  ...REPORT_STATES,
  ...UNIT_KINDS,
  ...LINE_CODES,
  ...NARRATIVE_SECTIONS,
]);

/**
 * Codes that are also words of the language, written the same in lower case, which a sentence
 * may rightly hold: Swedish "import", "start", "text", "period", "budget", "risk" and "central"
 * (a unit kind's Swedish name is "Central", and "central" in a sentence is the word). Finnish
 * has none of them as words.
 */
const WORDS: Record<Lang, ReadonlySet<string>> = {
  sv: new Set(['import', 'start', 'text', 'period', 'budget', 'risk', 'central']),
  fi: new Set(),
};

/** The code words in a page's visible text (file names, which carry kinds like "budget", aside). */
function codeWords(text: string, lang: Lang): string[] {
  const found = new Set<string>();
  const prose = text.replace(/\S+\.(csv|xlsx|pdf|docx|txt)\b/gi, ' ');
  for (const rule of FINDING_RULES) if (prose.includes(rule)) found.add(rule);
  for (const token of prose.match(/[\p{L}_]+/gu) ?? []) {
    if (CODES.has(token) && !WORDS[lang].has(token)) found.add(token);
    // camelCase: an identifier, never a word of Swedish or Finnish.
    else if (/^\p{Ll}+\p{Lu}\p{L}*$/u.test(token)) found.add(token);
  }
  return [...found].sort();
}

interface Walked {
  name: string;
  path: string;
  user: DemoUser;
  /** Logged out: the login page. */
  anonymous?: boolean;
}

const PAGES: readonly Walked[] = [
  { name: 'overview', path: base, user: 'finance' },
  { name: 'overview-interim', path: `${base}?period=2023-08`, user: 'finance' },
  { name: 'unit-stk', path: `${base}/units/STK`, user: 'finance' },
  { name: 'unit-stk-ict', path: `${base}/units/STK-ICT`, user: 'finance' },
  { name: 'unit-costcentre', path: `${base}/units/120101`, user: 'finance' },
  { name: 'unit-interim', path: `${base}/units/STK?period=2023-08`, user: 'finance' },
  { name: 'drill-stk', path: `${base}/drill?unit=STK&line=services`, user: 'finance' },
  {
    name: 'drill-postings',
    path: `${base}/drill?unit=120103&line=services&account=4320&month=3&from=STK`,
    user: 'finance',
  },
  { name: 'checks', path: `${base}/checks`, user: 'finance' },
  { name: 'report', path: `${base}/report`, user: 'finance' },
  { name: 'imports', path: `${base}/imports`, user: 'finance' },
  { name: 'budget-changes', path: `${base}/budget-changes`, user: 'finance' },
  { name: 'audit', path: `${base}/audit`, user: 'finance' },
  { name: 'year-start', path: `${base}/new-year`, user: 'finance' },
  { name: 'no-such-year', path: '/m/lovisa/2031', user: 'finance' },
  { name: 'users', path: '/users', user: 'admin' },
  { name: 'login', path: '/login', user: 'finance', anonymous: true },
];

/** A page of a new context in the language: logged in as `user` (in Swedish, then switched). */
async function contextPage(browser: Browser, lang: Lang, user: DemoUser | null): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
  const page = await context.newPage();
  if (user) await logIn(page, user, base);
  else await page.goto('/login');
  if (lang !== 'sv') {
    await page.getByLabel('Språk', { exact: true }).first().selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
  return page;
}

/** The page loaded: its heading there and nothing still loading. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

for (const lang of ['sv', 'fi'] as const) {
  test(`every page in ${lang}: no code words, no wider than 1280 or 375 px, accessible`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    mkdirSync(SHOTS, { recursive: true });
    const pages = new Map<string, Page>();
    const pageFor = async (walked: Walked) => {
      const key = walked.anonymous ? 'anonymous' : walked.user;
      let page = pages.get(key);
      if (!page) {
        page = await contextPage(browser, lang, walked.anonymous ? null : walked.user);
        pages.set(key, page);
      }
      return page;
    };
    for (const walked of PAGES) {
      const page = await pageFor(walked);
      await page.setViewportSize({ width: WIDTHS[0], height: 900 });
      await page.goto(walked.path);
      await settled(page);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const text = await page.locator('body').innerText();
      expect.soft(codeWords(text, lang), `${walked.name} (${lang}): code words`).toEqual([]);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        const wide = await page.evaluate(() => {
          const inPage = globalThis as unknown as {
            document: { documentElement: { scrollWidth: number } };
            innerWidth: number;
          };
          return { scroll: inPage.document.documentElement.scrollWidth, inner: inPage.innerWidth };
        });
        expect
          .soft(wide.scroll, `${walked.name} (${lang}) at ${width} px: page width`)
          .toBeLessThanOrEqual(wide.inner);
        await expectAccessible(page, `${walked.name} (${lang}) at ${width} px`, { soft: true });
        await page.screenshot({
          path: join(SHOTS, `${walked.name}-${lang}-${width}.png`),
          fullPage: true,
        });
      }
    }
    for (const page of pages.values()) await page.context().close();
  });
}
