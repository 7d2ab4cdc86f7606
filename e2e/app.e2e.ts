/**
 * The web application end to end, in Swedish, on the Lovisa demo: an editor writes a narrative
 * of their own area and finds it in the report preview, finds another area read-only, and two
 * browsers editing one text keep both; finance imports a bad file (errors, nothing changes) and
 * a good one (the overview changes) and downloads the PDF. Screenshots of the main pages go to
 * e2e/output/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logIn, newPage } from './support.js';

const root = join(import.meta.dirname, '..');
const shots = join(import.meta.dirname, 'output', 'screenshots');
const base = '/m/lovisa/2023';
test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Types a narrative and waits until the editor's own status says the next version is saved. */
async function writeNarrative(page: Page, name: string, text: string): Promise<void> {
  const editor = page.getByRole('textbox', { name });
  const statusId = (await editor.getAttribute('aria-describedby'))?.split(' ').at(-1);
  const status = page.locator(`[id="${statusId}"]`);
  const before = /version (\d+)/.exec(await status.innerText())?.[1];
  const next = before === undefined ? 1 : Number(before) + 1;
  await editor.fill(text);
  await expect(status).toContainText(`Sparad (version ${next},`);
}

/** The cells of a unit's row in the overview: revised budget, actual, deviation as printed. */
async function overviewRow(page: Page, code: string) {
  await page.goto(base);
  const link = page.getByRole('link', { name: new RegExp(`^${code} `) });
  const row = page.getByRole('row').filter({ has: link });
  await expect(row).toBeVisible();
  const cells = row.getByRole('cell');
  return {
    revised: (await cells.nth(1).innerText()).trim(),
    actual: (await cells.nth(2).innerText()).trim(),
  };
}

/** A printed amount (`−1 234 567`) as a number of euros. */
function euros(printed: string): number {
  return Number(printed.replace(/\u2212/g, '-').replace(/[\s\u00a0\u202f]/g, ''));
}

test('an editor edits a narrative of their area and sees it in the report preview', async ({
  page,
}) => {
  await logIn(page, 'editor', `${base}/units/STK-ICT`);
  await expect(page.getByRole('heading', { level: 1, name: /^STK-ICT/ })).toBeVisible();
  const text = `Licensavtalen förnyades i december (e2e ${Date.now()}).`;
  await writeNarrative(page, 'Händelser som inverkat på verksamheten (Svenska)', text);
  await shoot(page, 'unit-page');

  await page.goto(`${base}/report?unit=STK-ICT&lang=sv`);
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport 2023' })).toBeVisible();
  await expect(page.frameLocator('iframe').getByText(text)).toBeVisible();
  await shoot(page, 'report');
});

test('an area the editor is not assigned to is read-only', async ({ page }) => {
  await logIn(page, 'editor', `${base}/units/STK-ADM`);
  await expect(page.getByRole('heading', { level: 1, name: /^STK-ADM/ })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'Endast läsning.' })).toBeVisible();
  await expect(
    page.getByRole('textbox', { name: 'Händelser som inverkat på verksamheten (Svenska)' }),
  ).toHaveCount(0);
  // The API refuses it too, whatever the page shows: a well-formed save, with the CSRF token.
  const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  const refused = await page.request.put(`/api/m/lovisa/2023/units/STK-ADM/narratives/events/sv`, {
    data: { body: 'x', version: 1 },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: string }).error).toBe('forbidden');
});

test('a page loaded anew arrives rendered by the server and comes alive without differences', async ({
  page,
}) => {
  await logIn(page, 'editor', `${base}/units/STK-ICT`);
  // From here on (the login page's refusals of the anonymous first requests are expected).
  const complaints: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') complaints.push(message.text());
  });
  // A full page load now that the session exists: the server renders it, the bundle hydrates it.
  const response = await page.goto(`${base}/units/STK-ICT`);
  expect(await response?.text()).toContain('<div id="root" data-rendered="sv">');
  await page.waitForFunction(() => performance.getEntriesByName('utfall:interactive').length > 0);
  // Hydrated: a link now navigates inside the application, without loading the page again.
  await page.evaluate(() => {
    (globalThis as unknown as { stayed: boolean }).stayed = true;
  });
  await page
    .getByRole('navigation', { name: 'Brödsmulor' })
    .getByRole('link', { name: /^STK / })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^STK / })).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { stayed?: boolean }).stayed)).toBe(
    true,
  );
  // The language chosen in the application is the one the server renders the next load in.
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  const finnish = await page.goto(`${base}/units/STK-ICT`);
  expect(await finnish?.text()).toContain('<div id="root" data-rendered="fi">');
  await page.waitForFunction(() => performance.getEntriesByName('utfall:interactive').length > 0);
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');
  expect(complaints).toEqual([]);
});

test('two browsers editing one narrative: the second save shows a conflict and keeps both texts', async ({
  browser,
}) => {
  const path = `${base}/units/STK-ICT`;
  const name = 'Riskanalys (Svenska)';
  const first = await newPage(browser, 'editor', path);
  const second = await newPage(browser, 'editor', path);
  const mine = `Första webbläsarens riskanalys ${Date.now()}.`;
  const theirs = `Andra webbläsarens riskanalys ${Date.now()}.`;

  await writeNarrative(first, name, mine);

  await second.getByRole('textbox', { name }).fill(theirs);
  const conflict = second.getByRole('alert').filter({
    has: second.getByRole('heading', { name: 'Någon annan sparade texten medan du skrev' }),
  });
  await expect(conflict).toBeVisible();
  // Both texts: the stored one shown beside, the second writer's kept in the editor.
  await expect(second.getByRole('textbox', { name: /^Sparad text \(version/ })).toHaveValue(mine);
  await expect(second.getByRole('textbox', { name })).toHaveValue(theirs);
  await shoot(second, 'narrative-conflict');

  // Nothing was overwritten: the first text is what the server holds.
  const stored = await first.request.get(`/api/m/lovisa/2023/units/STK-ICT`);
  const data = (await stored.json()) as {
    narratives: { section: string; lang: string; body: string }[];
  };
  expect(data.narratives.find((n) => n.section === 'risks' && n.lang === 'sv')?.body).toBe(mine);
  await first.context().close();
  await second.context().close();
});

test('finance imports a bad file: every error shown, nothing written', async ({ page }) => {
  await logIn(page, 'finance', base);
  const before = await overviewRow(page, 'STK');
  await shoot(page, 'overview');

  await page.goto(`${base}/imports`);
  await page.getByRole('radio', { name: 'Utfall (huvudbok eller månadssaldon)' }).check();
  await page
    .getByLabel('Fil (CSV eller XLSX)')
    .setInputFiles(join(root, 'fixtures', 'import', 'demo', 'actuals-bad.csv'));
  await page.getByRole('button', { name: 'Kontrollera filen' }).click();
  const problems = page.getByRole('table', { name: 'Problem i filen' });
  await expect(problems).toBeVisible();
  // Unknown unit on row 3, a date that does not exist on row 4, an amount that is not one on row 5.
  for (const [row, column, value] of [
    ['3', 'unit', '999999'],
    ['4', 'date', '31.6.2023'],
    ['5', 'amount', '12,3x'],
  ] as const) {
    const problem = problems.getByRole('row').filter({ hasText: value });
    await expect(problem.getByRole('rowheader')).toHaveText(row);
    await expect(problem.getByRole('cell').first()).toHaveText(column);
  }
  await expect(page.getByRole('button', { name: 'Importera filen' })).toHaveCount(0);
  await shoot(page, 'import-errors');

  expect(await overviewRow(page, 'STK')).toEqual(before);
});

test('finance imports a good file and the overview changes', async ({ page }) => {
  await logIn(page, 'finance', base);
  const before = await overviewRow(page, 'STK-ICT');

  await page.goto(`${base}/imports`);
  await page.getByRole('radio', { name: 'Utfall (huvudbok eller månadssaldon)' }).check();
  await page.getByRole('checkbox', { name: /^Lägg till de lagrade månaderna/ }).check();
  await page
    .getByLabel('Fil (CSV eller XLSX)')
    .setInputFiles(join(root, 'fixtures', 'import', 'demo', 'actuals-good.csv'));
  await page.getByRole('button', { name: 'Kontrollera filen' }).click();
  await expect(page.getByRole('table', { name: 'Filens första rader' })).toBeVisible();
  await page.getByRole('button', { name: 'Importera filen' }).click();
  await expect(page.getByText(/^Importerat: 1 post/)).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Alla importer, nyaste först' }).getByText('actuals-good.csv'),
  ).toBeVisible();
  await shoot(page, 'import-done');

  const after = await overviewRow(page, 'STK-ICT');
  expect(after.revised).toBe(before.revised);
  expect(euros(after.actual)).toBe(euros(before.actual) - 12_345);
});

test('finance downloads the report as PDF; the other pages render', async ({ page }) => {
  await logIn(page, 'finance', `${base}/report?unit=STK&lang=sv`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Ladda ner PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const file = join(import.meta.dirname, 'output', download.suggestedFilename());
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

  for (const [path, heading, shot] of [
    [`${base}/checks`, 'Kontroller 2023', 'checks'],
    [`${base}/budget-changes`, /Budgetförändringar/, 'budget-changes'],
    [`${base}/audit`, 'Händelselogg', 'audit-log'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await shoot(page, shot);
  }
});
