/**
 * Budget decisions and imports in the browser (issue 14), on the Lovisa demo: finance records a
 * council decision, corrects its amount and text in the form filled in with it, and deletes it
 * after the confirmation dialog; a reader sees no import link and, opening the import page's
 * address, is told they may not import (no form); finance maps the columns of an ERP's file,
 * whose fields the wizard names in Finnish, and remembers the mapping, which the next check of
 * the file applies. axe-core on each page; screenshots in sv and fi to e2e/output/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, newPage } from './support.js';

const base = '/m/lovisa/2023';
const SHOTS = join(import.meta.dirname, 'output', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

async function toFinnish(page: Page): Promise<void> {
  await page.getByLabel('Språk', { exact: true }).first().selectOption('fi');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
}

test('finance corrects and deletes a recorded decision', async ({ browser }) => {
  const page = await newPage(browser, 'finance', `${base}/budget-changes`);
  await expect(
    page.getByRole('heading', { name: 'Budgetförändringar 2023', level: 1 }),
  ).toBeVisible();

  const record = page.getByRole('region', { name: 'Registrera ett beslut' });
  await record.getByLabel('Beslutets hänvisning').fill('E2E Fge 12.6.2023 § 45');
  await record.getByLabel('Beslutsdatum').fill('2023-06-12');
  await record.getByLabel('Beslutets innehåll').fill('Tilläggsanslag för licenser');
  await record.getByLabel('Enhet, rad 1').selectOption('STK-ICT');
  await record.getByLabel('Belopp i euro, rad 1').fill('-50000');
  await record.getByRole('button', { name: 'Registrera beslutet' }).click();

  const decisions = page.getByRole('table', { name: /Fullmäktiges beslut om ändringar/ });
  const row = decisions.getByRole('row').filter({ hasText: 'E2E Fge 12.6.2023 § 45' });
  await expect(row).toContainText('Tilläggsanslag för licenser');
  await expect(row).toContainText(/−50\s000/);

  await row.getByRole('button', { name: 'Rätta beslutet E2E Fge 12.6.2023 § 45' }).click();
  const correct = page.getByRole('region', { name: 'Rätta beslutet E2E Fge 12.6.2023 § 45' });
  await expect(correct.getByLabel('Belopp i euro, rad 1')).toHaveValue(/^−50\s000,00$/);
  await expectAccessible(page, 'budget changes: correcting (sv)');
  await page.screenshot({ path: join(SHOTS, 'budget-correct-sv.png'), fullPage: true });
  await correct.getByLabel('Beslutets hänvisning').fill('E2E Fge 12.6.2023 § 46');
  await correct.getByLabel('Belopp i euro, rad 1').fill('-40 000');
  await correct.getByLabel('Beslutets innehåll').fill('Tilläggsanslag, rättat belopp');
  await correct.getByRole('button', { name: 'Spara rättelsen' }).click();
  await expect(
    page.getByRole('main').getByText('Beslutet E2E Fge 12.6.2023 § 46 rättades.'),
  ).toBeVisible();
  const corrected = decisions.getByRole('row').filter({ hasText: 'E2E Fge 12.6.2023 § 46' });
  await expect(corrected).toContainText(/−40\s000/);
  await expect(corrected).toContainText('Tilläggsanslag, rättat belopp');
  await expect(decisions.getByRole('row').filter({ hasText: '§ 45' })).toHaveCount(0);

  // Deleting asks first; cancelling keeps it.
  await corrected.getByRole('button', { name: 'Ta bort beslutet E2E Fge 12.6.2023 § 46' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ta bort beslutet E2E Fge 12.6.2023 § 46?' });
  await expect(dialog).toContainText(/−40\s000/);
  await expectAccessible(page, 'budget changes: the delete dialog (sv)');
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(corrected).toHaveCount(1);
  await corrected.getByRole('button', { name: 'Ta bort beslutet E2E Fge 12.6.2023 § 46' }).click();
  await dialog.getByRole('button', { name: 'Ta bort beslutet' }).click();
  await expect(
    page.getByRole('main').getByText('Beslutet E2E Fge 12.6.2023 § 46 togs bort.'),
  ).toBeVisible();
  await expect(decisions.getByRole('row').filter({ hasText: 'E2E Fge' })).toHaveCount(0);
  await expectAccessible(page, 'budget changes (sv)');
  await page.screenshot({ path: join(SHOTS, 'budget-changes-sv.png'), fullPage: true });

  await toFinnish(page);
  await expect(
    page.getByRole('heading', { name: 'Talousarviomuutokset 2023', level: 1 }),
  ).toBeVisible();
  await expectAccessible(page, 'budget changes (fi)');
  await page.screenshot({ path: join(SHOTS, 'budget-changes-fi.png'), fullPage: true });
});

test('a reader sees no import link and is told they may not import', async ({ browser }) => {
  const page = await newPage(browser, 'reader', base);
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  await expect(nav.getByRole('link', { name: 'Budgetförändringar' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Importer' })).toHaveCount(0);
  await page.goto(`${base}/imports`);
  await expect(
    page.getByRole('heading', { name: 'Du får inte göra importer här', level: 1 }),
  ).toBeVisible();
  await expect(page.getByLabel('Fil (CSV eller XLSX)')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Importhistorik' })).toBeVisible();
  await expectAccessible(page, 'imports refused (sv)');
  await page.screenshot({ path: join(SHOTS, 'imports-refused-sv.png'), fullPage: true });
  await toFinnish(page);
  await expect(
    page.getByRole('heading', { name: 'Et voi tehdä tuonteja täällä', level: 1 }),
  ).toBeVisible();
  await expectAccessible(page, 'imports refused (fi)');
  await page.screenshot({ path: join(SHOTS, 'imports-refused-fi.png'), fullPage: true });
  // Nor may a reader change a decision: no buttons for it.
  await page.goto(`${base}/budget-changes`);
  await expect(page.getByRole('button', { name: /^Korjaa päätös/ })).toHaveCount(0);
});

test('finance maps an ERP file in Finnish, remembers the mapping, and the next check applies it', async ({
  browser,
}) => {
  const page = await newPage(browser, 'finance', `${base}/imports`);
  await toFinnish(page);
  await page.getByRole('radio', { name: 'Talousarvio', exact: true }).check();
  await page.getByRole('radio', { name: /^Talousarviomuutos/ }).check();
  await page.getByLabel('Päätöksen viite').fill('E2E Kv 1.9.2023 § 80');
  await page.getByLabel('Päätöspäivä').fill('2023-09-01');
  await page.getByLabel('Tiedosto (CSV tai XLSX)').setInputFiles({
    name: 'raindance-syyskuu.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Ansvar;Post;Netto\n120101;services;-1 000,00\n'),
  });
  const check = page.getByRole('button', { name: 'Tarkista tiedosto' });
  await check.click();
  const map = page.getByRole('group', { name: 'Kohdista sarakkeet' });
  await expect(map.getByLabel('Yksikkö (kustannuspaikka)')).toBeVisible();
  await expect(map.getByLabel('Tuloslaskelman rivi')).toBeVisible();
  await expect(map).not.toContainText('amount');
  await map.getByLabel('Yksikkö (kustannuspaikka)').selectOption('Ansvar');
  await map.getByLabel('Tuloslaskelman rivi').selectOption('Post');
  await map.getByLabel('Summa', { exact: true }).selectOption('Netto');
  await expectAccessible(page, 'imports: mapping columns (fi)');
  await page.screenshot({ path: join(SHOTS, 'imports-mapping-fi.png'), fullPage: true });
  await map.getByRole('button', { name: /Tarkista uudelleen/ }).click();

  const remember = page.getByRole('region', { name: 'Muista sarakekohdistus' });
  await remember.getByLabel('Kohdistuksen nimi').fill('Raindance-vienti');
  await remember.getByRole('button', { name: 'Muista kohdistus' }).click();
  await expect(
    page.getByRole('main').getByText('Sarakekohdistus ”Raindance-vienti” tallennettiin'),
  ).toBeVisible();
  const saved = page.getByRole('table', {
    name: 'Tallennetut sarakekohdistukset tietotyypeittäin',
  });
  await expect(saved.getByRole('row').filter({ hasText: 'Raindance-vienti' })).toContainText(
    'Yksikkö (kustannuspaikka): Ansvar',
  );

  // The next file with that header: the mapping is applied, and said so.
  await page.getByLabel('Tiedosto (CSV tai XLSX)').setInputFiles({
    name: 'raindance-lokakuu.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Ansvar;Post;Netto\n120103;materials;-500,00\n'),
  });
  await check.click();
  await expect(
    page.getByRole('main').getByText('Käytettiin sarakekohdistusta ”Raindance-vienti”'),
  ).toBeVisible();
  await expectAccessible(page, 'imports: mapping applied (fi)');
  await page.screenshot({ path: join(SHOTS, 'imports-mapping-applied-fi.png'), fullPage: true });

  await saved.getByRole('button', { name: 'Poista sarakekohdistus Raindance-vienti' }).click();
  await page
    .getByRole('dialog', { name: 'Poistetaanko sarakekohdistus ”Raindance-vienti”?' })
    .getByRole('button', { name: 'Poista kohdistus' })
    .click();
  await expect(
    page.getByRole('main').getByText('Sarakekohdistus ”Raindance-vienti” poistettiin.'),
  ).toBeVisible();
});
