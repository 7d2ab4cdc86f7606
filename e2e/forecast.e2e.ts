/**
 * Forecasts end to end, in Swedish (and Finnish for the screenshots), on the Lovisa demo: the
 * editor of STK-ICT opens the unit at period 2023-08 (an interim period: the forecast section
 * shows; at the year it does not), enters a forecast for purchases of services, takes a proposal
 * for materials, meets a save by finance in between (409: the page says who and shows theirs)
 * and saves again; the interim report preview for 2023-08 prints the forecast in its forecast
 * column, and the overview at 2023-08 flags STK, whose binding margin is now forecast to exceed
 * its budget, as do the checks of the period. axe-core checks the page with the forecast fields
 * and the overview. Screenshots go to e2e/output/screenshots/ and /tmp/shots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, logIn, newPage } from './support.js';

const base = '/m/lovisa/2023';
const unitUrl = `${base}/units/STK-ICT?period=2023-08`;
const SHOTS = [join(import.meta.dirname, 'output', 'screenshots'), '/tmp/shots'];
/** −1 500 000 € for STK-ICT's purchases of services (revised −730 000 €): STK's margin suffers. */
const SERVICES = '−1 500 000';

test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, name: string, locator?: ReturnType<Page['locator']>) {
  for (const folder of SHOTS) {
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${name}.png`);
    if (locator) await locator.screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
  }
}

/** A printed amount as the tables print it, with no-break spaces: `−1 500 000`. */
const printed = (amount: string) => amount.replace(/ /g, '\u00a0');

test('the year shows no forecast; an interim period does, with fields for the editor', async ({
  page,
}) => {
  await logIn(page, 'editor', `${base}/units/STK-ICT`);
  await expect(page.getByRole('heading', { level: 1, name: /^STK-ICT/ })).toBeVisible();
  await expect(page.locator('#figures')).toBeVisible();
  await expect(page.locator('#forecast')).toHaveCount(0);

  await page.goto(unitUrl);
  const section = page.locator('#forecast');
  await expect(section.getByRole('heading', { name: 'Prognos för året 2023' })).toBeVisible();
  await expect(
    section.getByRole('table', { name: /^Prognos för 2023 med utfallet 1–8\/2023/ }),
  ).toBeVisible();
  await expect(section.getByLabel('Prognos för Köp av tjänster, euro')).toBeEditable();
  // Totals are computed, not typed.
  await expect(section.getByLabel(/^Prognos för Verksamhetsbidrag/)).toHaveCount(0);
  await expect(section.locator('tbody[data-line="costs"]')).toContainText('Räknas ur raderna');
  await expect(section.locator('tbody[data-line="services"]')).toContainText('Förslag: ');
  await expect(section.locator('tbody[data-line="services"]')).toContainText(
    '(utfall hittills + återstående budget)',
  );
  await expectAccessible(page, 'unit page with forecast fields');
});

test('the editor enters a forecast, takes a proposal, and meets a save by finance in between', async ({
  page,
  browser,
}) => {
  await logIn(page, 'editor', unitUrl);
  const section = page.locator('#forecast');
  const services = section.locator('tbody[data-line="services"]');
  const field = section.getByLabel('Prognos för Köp av tjänster, euro');

  await field.fill(SERVICES);
  await section.getByRole('button', { name: 'Spara prognosen för Köp av tjänster' }).click();
  await expect(services.locator('td.forecast')).toHaveText(printed(SERVICES));
  await expect(services.locator('td.source')).toHaveText(/^editor, \d+\.\d+\.\d{4} \d{2}\.\d{2}$/);
  await expect(field).toHaveValue(printed(`${SERVICES},00`));

  // A proposal taken: filled in and saved at once.
  const materials = section.locator('tbody[data-line="materials"]');
  const proposal = materials.getByRole('button', {
    name: /^Använd förslaget .* \(utfall hittills \+ återstående budget\)$/,
  });
  const label = (await proposal.getAttribute('aria-label')) ?? '';
  const amount = /^Använd förslaget (\S+(?:\s\d{3})*) för/.exec(label)?.[1] ?? '';
  expect(amount).not.toBe('');
  await proposal.click();
  await expect(materials.locator('td.forecast')).toHaveText(amount);
  await expect(materials).toContainText('editor, ');

  // Finance saves services in another browser while the editor's page shows version 1.
  const finance = await newPage(browser, 'finance', unitUrl);
  const financeSection = finance.locator('#forecast');
  await financeSection.getByLabel('Prognos för Köp av tjänster, euro').fill('−1 400 000');
  await financeSection.getByRole('button', { name: 'Spara prognosen för Köp av tjänster' }).click();
  await expect(financeSection.locator('tbody[data-line="services"] td.forecast')).toHaveText(
    printed('−1 400 000'),
  );
  await finance.context().close();

  // The editor's save over version 1 is refused; the page says by whom and shows theirs.
  await field.fill('−1 450 000');
  await section.getByRole('button', { name: 'Spara prognosen för Köp av tjänster' }).click();
  const alert = services.getByRole('alert');
  await expect(alert).toHaveText(
    'finance sparade en prognos för Köp av tjänster efter att du öppnade sidan, så din sparades inte. Den sparade prognosen visas nu; spara din igen om den ska ersätta den.',
  );
  await expect(services.locator('td.forecast')).toHaveText(printed('−1 400 000'));
  await expect(field).toHaveValue('−1 450 000');
  await shoot(page, 'unit-forecast-conflict-sv', section);

  // Saved again, on the version now shown: it is the editor's.
  await field.fill(SERVICES);
  await section.getByRole('button', { name: 'Spara prognosen för Köp av tjänster' }).click();
  await expect(services.locator('td.forecast')).toHaveText(printed(SERVICES));
  await expect(alert).toHaveCount(0);
  await expect(services).toContainText('editor, ');
  await expectAccessible(page, 'unit page after saving forecasts');

  await page.reload();
  await expect(section.locator('tbody[data-line="services"] td.forecast')).toHaveText(
    printed(SERVICES),
  );
  await shoot(page, 'unit-forecast-sv', section);
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  await expect(section.getByRole('heading', { name: 'Ennuste vuodelle 2023' })).toBeVisible();
  await expect(section.getByLabel('Ennuste: Palvelujen ostot, euroa')).toBeVisible();
  await expectAccessible(page, 'unit page with forecast fields (fi)');
  await shoot(page, 'unit-forecast-fi', section);
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');
});

test('the interim report preview for 2023-08 prints the forecast', async ({ page }) => {
  await logIn(page, 'editor', `${base}/report?unit=STK-ICT&lang=sv&period=2023-08`);
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport 2023' })).toBeVisible();
  const report = page.frameLocator('iframe');
  const table = report.locator('table.figures').first();
  await expect(table.locator('thead')).toContainText('PROGNOS');
  const row = table.locator('tr[data-line="services"]');
  await expect(row).toBeVisible();
  // The forecast column: the header cell's position gives the row's cell.
  const headers = (await table.locator('thead tr').last().locator('th').allInnerTexts()).map((h) =>
    h.trim(),
  );
  const column = headers.findIndex((h) => /^PROGNOS\b/.test(h));
  expect(column, headers.join(' | ')).toBeGreaterThan(0);
  await expect(row.locator('th, td').nth(column)).toHaveText(printed(SERVICES));
});

test('the overview at 2023-08 flags the binding line forecast to be exceeded, as do the checks', async ({
  page,
}) => {
  await logIn(page, 'editor', `${base}?period=2023-08`);
  const stk = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^STK / }) });
  await expect(stk).toContainText('Prognos: överskridning');
  await expect(page.locator('.lead')).toContainText(
    '1 bindande rad väntas enligt prognosen överskrida budgeten.',
  );
  // An area without a binding of its own is not flagged.
  const ict = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^STK-ICT / }) });
  await expect(ict).not.toContainText('Prognos: överskridning');
  await expectAccessible(page, 'overview at 2023-08');
  // Wide enough for the whole table (at 1280 it scrolls sideways, as the year's does).
  await page.setViewportSize({ width: 1680, height: 900 });
  await shoot(page, 'overview-forecast-sv');
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  await expect(stk).toContainText('Ennuste: ylitys');
  await shoot(page, 'overview-forecast-fi');
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');

  // The year's overview has no forecast to flag.
  await page.goto(base);
  await expect(stk).toBeVisible();
  await expect(stk).not.toContainText('Prognos: överskridning');

  await page.goto(`${base}/checks?period=2023-08`);
  await expect(page.getByRole('heading', { level: 1, name: 'Kontroller 2023' })).toBeVisible();
  await expect(
    // The rule by its name (binding.forecast-exceeded), as the page words it.
    page.getByRole('row').filter({ hasText: 'Prognosen överskrider budgeten' }),
  ).toContainText(
    /STK, Verksamhetsbidrag, externt är bindande mot fullmäktige: prognosen för året −/,
  );
});
