/** What the end-to-end tests share: logging in as a demo user, and the accessibility check. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { AxeResults } from 'axe-core';
import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_USERS } from '../src/service/demo.js';

export type DemoUser = (typeof DEMO_USERS)[number]['username'];

/** Logs in on the login page `path` leads to, as a demo user, in Swedish. */
export async function logIn(page: Page, user: DemoUser, path: string): Promise<void> {
  const password = DEMO_USERS.find((u) => u.username === user)!.password;
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeVisible();
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
}

/** A page of a browser context of its own, logged in as `user` at `path`. */
export async function newPage(browser: Browser, user: DemoUser, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, user, path);
  return page;
}

/**
 * axe-core's own script, injected into the page under test (rather than through
 * `@axe-core/playwright`, which wants Node 22.12 while Utfall supports Node 20).
 */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * No violations of WCAG 2.1 A and AA that axe-core finds on the page as it is now; `soft`: a
 * failure is reported with the test's others instead of ending it (a walk of many pages).
 */
export async function expectAccessible(
  page: Page,
  what: string,
  options: { soft?: boolean } = {},
): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE); // by the debugger protocol, so the page's CSP allows it
  const results = await page.evaluate(
    (tags) => {
      const inPage = globalThis as unknown as {
        axe: { run(context: unknown, options: object): Promise<AxeResults> };
        document: unknown;
      };
      return inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: tags } });
    },
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
  );
  const found = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  (options.soft ? expect.soft : expect)(found, what).toEqual([]);
}
