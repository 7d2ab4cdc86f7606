/**
 * The web at an interim period is that period's report, in Swedish (and Finnish for the
 * screenshots), on the Lovisa demo: the overview at 2023-08 heads its columns as the interim
 * report 1–8/2023 does and shows STK's deviation to date (actual − budget to date), not eight
 * months' actual against the year's budget; the editor of STK-ICT opens the unit at 2023-08, sees
 * that its texts are the interim report's ("Delårsrapport 1–8/2023"), writes one, and finds it
 * in the interim report's preview and neither on the annual page nor in the annual report;
 * finance assesses a key goal of STK at 2023-08 (its status is the period's, its indicators the
 * year's). axe-core checks both pages. Screenshots go to e2e/output/screenshots/ and /tmp/shots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Overview } from '../src/api/pages.js';
import { formatEuros } from '../src/domain/format.js';
import { expectAccessible, logIn } from './support.js';

const base = '/m/lovisa/2023';
const SHOTS = [join(import.meta.dirname, 'output', 'screenshots'), '/tmp/shots'];
const EVENTS = 'Händelser som inverkat på verksamheten (Svenska)';

test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, name: string): Promise<void> {
  for (const folder of SHOTS) {
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  }
}

/** The text of the cell under the column headed `header` in a row of a table. */
async function cellUnder(page: Page, row: ReturnType<Page['locator']>, header: string) {
  const headers = (await page.locator('table.overview-table thead th').allInnerTexts()).map((h) =>
    h.replace(/\u00ad/g, '').trim(),
  );
  const column = headers.indexOf(header);
  expect(column, headers.join(' | ')).toBeGreaterThan(0);
  return (await row.locator('th, td').nth(column).innerText()).trim();
}

test('the overview at 2023-08 compares with the budget to date, headed as the interim report', async ({
  page,
}) => {
  await logIn(page, 'editor', `${base}?period=2023-08`);
  const stk = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^STK / }) });
  await expect(stk).toBeVisible();
  const overview = (await (
    await page.request.get('/api/m/lovisa/2023/overview?period=2023-08')
  ).json()) as Overview;
  const binding = overview.units.find((u) => u.code === 'STK')!.binding!;
  expect(binding.revisedToDate).not.toBeNull();
  expect(binding.deviation).toBe(binding.actual! - binding.revisedToDate!);

  const table = page.locator('table.overview-table');
  for (const header of ['Budget 1–8/2023', 'Utfall 1–8/2023', 'Avvikelse 1–8', 'Förbrukat %'])
    await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  expect(await cellUnder(page, stk, 'Budget 1–8/2023')).toBe(formatEuros(binding.revisedToDate));
  expect(await cellUnder(page, stk, 'Avvikelse 1–8')).toBe(formatEuros(binding.deviation));
  // Not eight months' actual against the whole year's budget.
  expect(await cellUnder(page, stk, 'Avvikelse 1–8')).not.toBe(
    formatEuros(binding.actual! - binding.revised!),
  );
  await expect(page.locator('.footnote')).toContainText('Avvikelse 1–8 = utfall − budget 1–8/2023');
  await expectAccessible(page, 'overview at 2023-08');
  await page.setViewportSize({ width: 1680, height: 900 });
  await shoot(page, 'interim-overview-sv');
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  await expect(
    table.getByRole('columnheader', { name: 'Poikkeama 1–8', exact: true }),
  ).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'TA 1–8/2023', exact: true })).toBeVisible();
  await shoot(page, 'interim-overview-fi');
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');

  // The year's overview is headed as the annual report's comparison.
  await page.goto(`${base}?period=2023-12`);
  await expect(table.getByRole('columnheader', { name: 'Avvikelse', exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Budget 1–8/2023' })).toHaveCount(0);
});

test('the editor writes an interim text on STK-ICT; it is the interim report’s, not the year’s', async ({
  page,
}) => {
  const text = `Delårets licenskostnader steg (e2e ${Date.now()}).`;
  await logIn(page, 'editor', `${base}/units/STK-ICT?period=2023-08`);
  await expect(page.getByRole('heading', { level: 1, name: /^STK-ICT/ })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Delårsrapport 1–8/2023' })).toContainText(
    'hör till delårsrapporten 1–8/2023, inte till verksamhetsberättelsen 2023',
  );
  const narratives = page.locator('#narratives');
  await expect(narratives).toContainText('Texterna hör till: Delårsrapport 1–8/2023.');
  await expect(page.locator('#workflow')).toContainText('Rapport: Delårsrapport 1–8/2023.');
  await expect(
    page.locator('#figures').getByRole('columnheader', { name: 'AVVIKELSE 1–8', exact: true }),
  ).toBeVisible();

  const editor = page.getByRole('textbox', { name: EVENTS });
  const statusId = (await editor.getAttribute('aria-describedby'))?.split(' ').at(-1);
  const status = page.locator(`[id="${statusId}"]`);
  await expect(status).toHaveText('Inte skriven ännu.');
  const saved = page.waitForResponse(
    (r) =>
      r.request().method() === 'PUT' &&
      r.url().includes('/units/STK-ICT/narratives/events/sv?period=2023-08'),
  );
  await editor.fill(text);
  expect((await saved).status()).toBe(200);
  await expect(status).toContainText('Sparad (version 1,');
  await expectAccessible(page, 'unit page at 2023-08');
  await shoot(page, 'interim-unit-sv');
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  await expect(narratives).toContainText('Tekstit kuuluvat raporttiin: Osavuosikatsaus 1–8/2023.');
  await expectAccessible(page, 'unit page at 2023-08 (fi)');
  await shoot(page, 'interim-unit-fi');
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');

  // The annual page: its own texts, named as the annual report's; not the interim one.
  await page.getByRole('link', { name: 'Till verksamhetsberättelsen 2023' }).click();
  await expect(page).toHaveURL(/period=2023-12$/);
  await expect(narratives).toContainText('Texterna hör till: Verksamhetsberättelse 2023.');
  await expect(page.getByRole('note', { name: 'Delårsrapport 1–8/2023' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: EVENTS })).not.toHaveValue(text);
  await expect(narratives).not.toContainText(text);

  // The interim report's preview prints it; the annual report's does not.
  await page.goto(`${base}/report?unit=STK-ICT&lang=sv&period=2023-08`);
  await expect(page.frameLocator('iframe').getByText(text)).toBeVisible();
  await page.goto(`${base}/report?unit=STK-ICT&lang=sv`);
  const annual = page.frameLocator('iframe');
  await expect(annual.locator('table.figures').first()).toBeVisible();
  await expect(annual.getByText(text)).toHaveCount(0);
});

test('a key goal assessed at 2023-08 is the interim report’s; the year keeps its own', async ({
  page,
}) => {
  const goals = page.locator('#goals');
  const firstStatus = () =>
    goals.locator('article.goal').first().getByLabel('Status', { exact: true });
  await logIn(page, 'finance', `${base}/units/STK?period=2023-12`);
  await expect(goals).toContainText('Utfall och status hör till: Verksamhetsberättelse 2023.');
  const year = await firstStatus().inputValue();

  await page.goto(`${base}/units/STK?period=2023-08`);
  await expect(goals).toContainText('Utfall och status hör till: Delårsrapport 1–8/2023.');
  const goal = goals.locator('article.goal').first();
  // Not assessed for the period until someone does; the indicators' values are the year's.
  await expect(firstStatus()).toHaveValue('notAssessed');
  await expect(goal.getByRole('textbox', { name: /^Utfallet för / })).toHaveCount(0);
  const next = year === 'postponed' ? 'partlyAchieved' : 'postponed';
  // The goals are collapsed by theme: the first theme opens to its goals.
  await goals.locator('details.theme > summary').first().click();
  await firstStatus().selectOption(next);
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes('?period=2023-08'),
  );
  await goal.getByRole('button', { name: 'Spara målet' }).click();
  expect((await saved).status()).toBe(200);
  await expect(goal.getByRole('status')).toHaveText('Sparat.');
  await page.reload();
  await expect(firstStatus()).toHaveValue(next);
  await page.goto(`${base}/units/STK?period=2023-12`);
  await expect(firstStatus()).toHaveValue(year);
});
