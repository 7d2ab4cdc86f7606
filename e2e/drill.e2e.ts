/**
 * The drill-down of issue 15 in the browser, on the Lovisa demo: a reader opens STK's unit page,
 * clicks the deviation of purchases of services and goes down level by level — an area, a cost
 * centre, an account, a month — to the postings of one account and month. At each level the
 * amounts shown (read as the page prints them, and checked against the cents each cell carries)
 * add up to the figure above, the page says so, and the figure is the row clicked one level up;
 * the postings add up to the month's actual on the months level; a voucher is searched for, the
 * postings are sorted, and the CSV download's postings sum to the same actual. axe-core checks
 * every level at 1280 and 375 px, where the page is no wider than the screen. Screenshots of each
 * level in sv and fi at both widths go to e2e/output/screenshots/ (drill-*). In a year of its own
 * (2024, started from 2023, so that the demo's figures stay as the other tests read them) finance
 * imports monthly balances of one account and cost centre for January and February and a ledger
 * for March: the months level marks the months booked as balances, and the postings level says
 * how much of the actual is balances without postings, in sv and fi.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCents, formatEuros } from '../src/domain/format.js';
import { expectAccessible, logIn } from './support.js';

const base = '/m/lovisa/2023';
const SHOTS = join(import.meta.dirname, 'output', 'screenshots');
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const FIGURES = ['budget', 'actual', 'deviation'] as const;
type Figures = Record<(typeof FIGURES)[number], number | null>;

test.describe.configure({ mode: 'serial' });

/** What the test reads of the page (it runs without the DOM library's types). */
interface InPage {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  innerWidth: number;
}

/** How much wider than the window the page is (0 or less when it fits). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as InPage;
    return Math.max(
      document.documentElement.scrollWidth - innerWidth,
      document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  });
}

/**
 * An amount as the page prints it in sv and fi (`−1 935 984,00`: a no-break space between
 * groups, the minus sign U+2212, a decimal comma) in cents; null for an empty cell.
 */
function shownCents(text: string): number | null {
  const trimmed = text.replace(/[\s\u00a0]/g, '');
  if (trimmed === '') return null;
  const match = /^([−-]?)(\d+),(\d{2})$/.exec(trimmed);
  if (!match) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const cents = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -cents : cents;
}

/** An amount cell's cents, read from its text and checked against its `data-cents`. */
async function cellCents(cell: Locator): Promise<number | null> {
  const shown = shownCents(await cell.innerText());
  const attribute = await cell.getAttribute('data-cents');
  expect(attribute === null ? null : Number(attribute), 'data-cents is what the cell shows').toBe(
    shown,
  );
  return shown;
}

/** The drill page has its answer for the address (not the previous scope's). */
async function ready(page: Page): Promise<void> {
  await expect(page.locator('.drill-page')).toHaveAttribute('aria-busy', 'false');
}

/** The scope's figure, as the boxes under the heading show it (a figure there is none of: null). */
async function figureOf(page: Page): Promise<Figures> {
  const figure = {} as Figures;
  for (const name of FIGURES) {
    const box = page.locator(`.drill-figure dd[data-figure="${name}"]`);
    if (
      (await box.getAttribute('data-cents')) === null &&
      /^(ingen|ei ole)$/.test(await box.innerText())
    )
      figure[name] = null;
    else figure[name] = await cellCents(box);
  }
  return figure;
}

interface Row {
  label: string;
  link: Locator | null;
  figures: Figures;
}

/**
 * The level's table: each row's label, link and amounts; checks that the rows add up to the
 * figure, that the total row is the figure, and that the page says the rows add up.
 */
async function checkLevel(page: Page, what: string, sentence: string): Promise<Row[]> {
  await ready(page);
  const figure = await figureOf(page);
  const table = page.locator('table.drill-units, table.drill-accounts, table.drill-months');
  await expect(table).toHaveCount(1);
  const rows: Row[] = [];
  const sums = { budget: 0, actual: 0, deviation: 0 };
  for (const tr of await table.locator('tbody tr').all()) {
    const figures = {} as Figures;
    for (const name of FIGURES) {
      figures[name] = await cellCents(tr.locator(`td[data-figure="${name}"]`));
      sums[name] += figures[name] ?? 0;
    }
    const links = tr.getByRole('rowheader').getByRole('link');
    rows.push({
      label: await tr.getByRole('rowheader').innerText(),
      link: (await links.count()) > 0 ? links : null,
      figures,
    });
  }
  expect(rows.length, `${what}: rows`).toBeGreaterThan(0);
  for (const name of FIGURES) {
    expect(sums[name], `${what}: the rows' ${name} add up to the figure above`).toBe(
      figure[name] ?? 0,
    );
    const total = await cellCents(table.locator(`tfoot td[data-figure="${name}"]`));
    expect(total ?? 0, `${what}: the total row's ${name}`).toBe(figure[name] ?? 0);
  }
  const check = page.locator('.drill-check');
  await expect(check).toHaveAttribute('data-adds', 'true');
  await expect(check).toHaveText(sentence);
  return rows;
}

/** Follows a row's link and checks the level below has the row's figures as its figure. */
async function down(page: Page, row: Row, what: string, keyboard = false): Promise<void> {
  expect(row.link, `${what}: the row is a link`).not.toBeNull();
  const before = page.url();
  if (keyboard) {
    await row.link!.focus();
    await page.keyboard.press('Enter');
  } else await row.link!.click();
  await expect.poll(() => page.url()).not.toBe(before);
  await ready(page);
  expect(await figureOf(page), `${what}: the figure is the row clicked`).toEqual(row.figures);
}

/** Accessible and no wider than the screen at 1280 and 375 px; screenshots at both widths. */
async function atBothWidths(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [size, width] of [
    [DESKTOP, '1280'],
    [PHONE, '375'],
  ] as const) {
    await page.setViewportSize(size);
    expect(await overflow(page), `${name} at ${width} px: page width`).toBeLessThanOrEqual(0);
    await expectAccessible(page, `${name} at ${width} px`);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

/** The postings shown on every page of the postings level: their amounts and count. */
async function allPostings(page: Page): Promise<{ sum: number; count: number; first: string }> {
  let sum = 0;
  let count = 0;
  let first = '';
  for (;;) {
    const rows = page.locator('table.drill-postings tbody tr');
    for (const tr of await rows.all()) {
      sum += (await cellCents(tr.locator('td[data-figure="amount"]'))) ?? 0;
      count++;
    }
    if (!first) first = await rows.first().locator('td').nth(1).innerText();
    const next = page.locator('.drill-pager').getByRole('link', { name: 'Nästa' });
    if ((await next.count()) === 0) break;
    await next.click();
    await ready(page);
  }
  return { sum, count, first };
}

/** A CSV field list per line (`;`, RFC 4180 quotes), the BOM and CRLF as the download has them. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** `-1234,56` (the CSV's euros) in cents. */
function csvCents(text: string): number {
  const match = /^(-?)(\d+),(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a CSV amount: ${text}`);
  const cents = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -cents : cents;
}

test('from the unit page’s deviation down to the postings of one account and month, each level adding up', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await logIn(page, 'reader', `${base}/units/STK`);
  const cell = page.getByRole('link', { name: /^Specificera: Köp av tjänster, avvikelse / });
  await expect(cell).toHaveCount(1);
  const shown = await cell.innerText();
  // The actual of the line links too, named by its column.
  await expect(
    page.getByRole('link', {
      name: `Specificera: Köp av tjänster, bokslut 2023 ${await page
        .locator('#line-services td')
        .nth(3)
        .innerText()}`,
    }),
  ).toHaveCount(1);
  // The path down comes with each drill answer (its unit's ancestors): the page reads no tree.
  const overviews: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/m\/[^/]+\/\d+\/overview/.test(request.url())) overviews.push(request.url());
  });
  await cell.click();
  await expect(page).toHaveURL(/\/drill\?unit=STK&line=services$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    'Köp av tjänster: STK Stadskanslicentralen',
  );
  const top = await figureOf(page);
  // The figure is the one clicked: the unit page's whole euros of the deviation.
  expect(formatEuros(top.deviation)).toBe(shown);
  const levels = page.getByRole('navigation', { name: 'Dela upp efter' });
  await expect(levels.getByRole('link')).toHaveText(['Enheter', 'Konton', 'Månader']);
  await expect(levels.getByRole('link', { name: 'Enheter' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const addsSv = 'Raderna summerar till siffrorna ovan, exakt på centen.';
  const areas = await checkLevel(page, 'STK by unit', addsSv);
  // What explains the deviation: the contributors, each a link to its account's months.
  const explanation = page.locator('.drill-explanation');
  await expect(
    explanation.getByRole('heading', { name: 'Vad förklarar avvikelsen?' }),
  ).toBeVisible();
  const contributors = explanation.locator('tbody tr');
  expect(await contributors.count()).toBeGreaterThan(0);
  await expect(contributors.first().getByRole('link')).toHaveAccessibleName(
    /, konto \d+, per månad$/,
  );
  const urls: Record<string, string> = { 'drill-units': page.url() };
  await atBothWidths(page, 'drill-units-sv');

  // The other levels of the figure add up to it too.
  await levels.getByRole('link', { name: 'Konton' }).click();
  await expect(page).toHaveURL(/by=accounts/);
  await checkLevel(page, 'STK by account', addsSv);
  await levels.getByRole('link', { name: 'Månader' }).click();
  await expect(page).toHaveURL(/by=months/);
  const months = await checkLevel(page, 'STK by month', addsSv);
  expect(months.map((m) => m.label)).toEqual([
    'Januari',
    'Februari',
    'Mars',
    'April',
    'Maj',
    'Juni',
    'Juli',
    'Augusti',
    'September',
    'Oktober',
    'November',
    'December',
  ]);
  await levels.getByRole('link', { name: 'Enheter' }).click();
  await ready(page);

  // An area (the first: the largest deviation), by the keyboard.
  const area = areas[0]!;
  await down(page, area, 'the area', true);
  // The link pressed is gone with its level: the focus is on the new level's heading.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(area.label);
  const centres = await checkLevel(page, 'the area by unit', addsSv);
  urls['drill-area'] = page.url();
  await atBothWidths(page, 'drill-area-sv');

  // A cost centre, then its accounts.
  const centre = centres[0]!;
  await down(page, centre, 'the cost centre');
  await expect(
    page.getByRole('navigation', { name: 'Dela upp efter' }).getByRole('link', { name: 'Konton' }),
  ).toHaveAttribute('aria-current', 'page');
  const accounts = await checkLevel(page, 'the cost centre by account', addsSv);
  urls['drill-accounts'] = page.url();
  await atBothWidths(page, 'drill-accounts-sv');

  // An account, then its months.
  const account = accounts.find((a) => a.link !== null)!;
  await down(page, account, 'the account');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Konto ${account.label}`);
  const accountMonths = await checkLevel(page, 'the account by month', addsSv);
  urls['drill-months'] = page.url();
  await atBothWidths(page, 'drill-months-sv');

  // The month of the largest deviation among those with postings (no monthly balance).
  const marks = page.locator('table.drill-months tbody tr');
  const withPostings: Row[] = [];
  for (const [i, month] of accountMonths.entries())
    if ((await marks.nth(i).locator('.balance-mark').count()) === 0) withPostings.push(month);
  const month = withPostings.sort(
    (a, b) => Math.abs(b.figures.deviation ?? 0) - Math.abs(a.figures.deviation ?? 0),
  )[0]!;
  const actual = month.figures.actual ?? 0;
  await down(page, month, 'the month');
  await expect(page).toHaveURL(/&month=\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    `Konto ${account.label}, ${month.label.toLocaleLowerCase('sv')} 2023`,
  );
  urls['drill-postings'] = page.url();

  // The breadcrumbs: the path from the figure down, each a link back but the page itself.
  const crumbs = page.getByRole('navigation', { name: 'Brödsmulor' }).getByRole('listitem');
  await expect(crumbs).toHaveText([
    'STK Stadskanslicentralen',
    'Köp av tjänster',
    area.label,
    centre.label,
    `Konto ${account.label}`,
    month.label,
  ]);
  await expect(crumbs.last()).toHaveAttribute('aria-current', 'page');
  await expect(crumbs.first().getByRole('link')).toHaveAttribute('href', `${base}/units/STK`);
  expect(overviews, 'the drill pages asked for no overview').toEqual([]);

  // The postings: they add up to the month's actual, and the page says so.
  await expect(page.locator('.drill-check')).toHaveAttribute('data-adds', 'true');
  await expect(page.locator('.drill-check')).toContainText('Det stämmer på centen.');
  const matching = page.locator('.drill-matching');
  const count = Number(await matching.getAttribute('data-matching'));
  await expect(matching).toContainText(`${count} bokföringsrader, summa `);
  await expect(page.locator('table.drill-postings tfoot td[data-figure="amount"]')).toHaveAttribute(
    'data-cents',
    String(actual),
  );
  await atBothWidths(page, 'drill-postings-sv');
  const postings = await allPostings(page);
  expect(postings.sum, 'the postings add up to the month’s actual').toBe(actual);
  expect(postings.count).toBe(count);
  await page.goto(urls['drill-postings']);
  await ready(page);

  // Sorted by amount, up and then down, with aria-sort on the column.
  const amountHeader = page.locator('table.drill-postings thead th').filter({ hasText: 'Belopp' });
  await amountHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=amount&order=asc/);
  await ready(page);
  await expect(amountHeader).toHaveAttribute('aria-sort', 'ascending');
  const amounts = async () => {
    const cents: number[] = [];
    for (const c of await page.locator('table.drill-postings tbody td[data-figure="amount"]').all())
      cents.push(Number(await c.getAttribute('data-cents')));
    return cents;
  };
  const up = await amounts();
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await amountHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=amount&order=desc/);
  await ready(page);
  await expect(amountHeader).toHaveAttribute('aria-sort', 'descending');
  const downwards = await amounts();
  expect(downwards).toEqual([...downwards].sort((a, b) => b - a));

  // A voucher searched for, by the keyboard: its postings, counted and summed.
  const voucher = postings.first;
  const search = page.getByRole('searchbox', { name: 'Sök i text och verifikat' });
  await search.fill(voucher);
  await search.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${voucher}`));
  await ready(page);
  await expect(search).toBeFocused();
  await expect(search).toHaveValue(voucher);
  const found = page.locator('table.drill-postings tbody tr');
  expect(await found.count()).toBeGreaterThan(0);
  for (const tr of await found.all())
    expect(
      `${await tr.locator('td').nth(1).innerText()} ${await tr.getByRole('rowheader').innerText()}`,
    ).toContain(voucher);
  await expect(matching).toContainText(`av ${count} bokföringsrader matchar ”${voucher}”`);
  await page.getByRole('link', { name: 'Visa alla bokföringsrader' }).click();
  await ready(page);
  await expect(search).toHaveValue('');
  await expect(page.locator('.drill-matching')).toHaveAttribute('data-matching', String(count));

  // The CSV: every posting of the account and month, summing to the same actual.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Ladda ned som CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const file = join(import.meta.dirname, 'output', download.suggestedFilename());
  await download.saveAs(file);
  const csv = readCsv(readFileSync(file, 'utf8'));
  const header = csv[0]!;
  const amountColumn = header.indexOf('Belopp');
  expect(amountColumn, 'the CSV has an amount column').toBeGreaterThanOrEqual(0);
  const lines = csv.slice(1).filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0] ?? ''));
  expect(lines.length, 'the CSV has every posting').toBe(count);
  expect(lines.reduce((s, r) => s + csvCents(r[amountColumn]!), 0)).toBe(actual);
  await expect(page.getByRole('link', { name: 'Ladda ned som Excel (XLSX)' })).toHaveAttribute(
    'href',
    /\/api\/m\/lovisa\/2023\/drill\.xlsx\?unit=.+&by=postings&sort=amount&order=desc&lang=sv$/,
  );

  // Back to the figure by the breadcrumbs.
  await page
    .getByRole('navigation', { name: 'Brödsmulor' })
    .getByRole('link', { name: 'Köp av tjänster' })
    .click();
  await ready(page);
  expect(await figureOf(page)).toEqual(top);

  // The same levels in Finnish: the same figures, adding up, and said so in Finnish.
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
  for (const [name, url] of Object.entries(urls)) {
    await page.goto(url);
    await ready(page);
    if (name === 'drill-postings') {
      await expect(page.locator('.drill-check')).toContainText('Se täsmää sentilleen.');
      await expect(page.getByRole('link', { name: 'Lataa CSV-tiedostona' })).toHaveAttribute(
        'href',
        /lang=fi$/,
      );
    } else
      await checkLevel(
        page,
        `${name} (fi)`,
        'Rivien summa täsmää yllä oleviin lukuihin sentilleen.',
      );
    await atBothWidths(page, `${name}-fi`);
  }
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');
});

test('at an interim period the unit page drills into the figures to date', async ({ page }) => {
  await logIn(page, 'reader', `${base}/units/STK?period=2023-08`);
  const cell = page.getByRole('link', {
    name: /^Specificera: Köp av tjänster, avvikelse 1–8 /,
  });
  const shown = await cell.innerText();
  await cell.click();
  await expect(page).toHaveURL(/\/drill\?unit=STK&line=services&period=2023-08$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Januari–augusti 2023');
  expect(formatEuros((await figureOf(page)).deviation)).toBe(shown);
  await checkLevel(
    page,
    'STK by unit, 1–8',
    'Raderna summerar till siffrorna ovan, exakt på centen.',
  );
  await expect(page.locator('.footnote')).toContainText('till och med 8/2023');
});

/** Finance's session's CSRF token, which every change through the API sends. */
async function csrfToken(page: Page): Promise<string> {
  const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  return session.csrfToken;
}

/** Imports an actuals file through the imports page of `year`, as finance does. */
async function importActuals(page: Page, year: number, name: string, csv: string): Promise<void> {
  await page.goto(`/m/lovisa/${year}/imports`);
  await page.getByRole('radio', { name: 'Utfall (huvudbok eller månadssaldon)' }).check();
  await page
    .getByLabel('Fil (CSV eller XLSX)')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Kontrollera filen' }).click();
  await expect(page.getByRole('table', { name: 'Filens första rader' })).toBeVisible();
  await page.getByRole('button', { name: 'Importera filen' }).click();
  await expect(page.getByText(/^Importerat: \d+ post/)).toBeVisible();
}

test('months booked as monthly balances are marked, and the postings say how much of the actual they are', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const year = 2024;
  const at = `/m/lovisa/${year}`;
  await logIn(page, 'finance', base);
  const started = await page.request.post('/api/m/lovisa/years', {
    headers: { 'x-csrf-token': await csrfToken(page) },
    data: { year, from: 2023 },
  });
  // 409: started already (by another test of this run); the imports below replace its months.
  expect([201, 409], await started.text()).toContain(started.status());

  // January and February as monthly balances, March as ledger lines (report sign, cents).
  const balances = [-150_000, -225_050];
  const postings = [-30_025, -9_975];
  await importActuals(
    page,
    year,
    'saldon-2024.csv',
    'period;account;unit;amount\n' +
      `${year}-01;4320;120102;-1 500,00\n` +
      `${year}-02;4320;120102;-2 250,50\n`,
  );
  await importActuals(
    page,
    year,
    'huvudbok-2024-03.csv',
    'date;account;unit;amount;text;voucher\n' +
      `15.3.${year};4320;120102;-300,25;Licenser;V-301\n` +
      `20.3.${year};4320;120102;-99,75;Support;V-302\n`,
  );
  const balanceSum = balances[0]! + balances[1]!;
  const postingSum = postings[0]! + postings[1]!;
  const actual = balanceSum + postingSum;

  // The account's months: January and February marked as balances, March not.
  const months = `${at}/drill?unit=120102&line=services&account=4320&by=months`;
  await page.goto(months);
  const rows = await checkLevel(
    page,
    'the account by month',
    'Raderna summerar till siffrorna ovan, exakt på centen.',
  );
  expect((await figureOf(page)).actual).toBe(actual);
  const marked = async () => {
    const names: string[] = [];
    for (const tr of await page.locator('table.drill-months tbody tr').all())
      if ((await tr.locator('.balance-mark').count()) > 0)
        names.push((await tr.getByRole('rowheader').getByRole('link').innerText()).trim());
    return names;
  };
  expect(await marked()).toEqual(['Januari', 'Februari']);
  await expect(page.locator('.balance-mark').first()).toHaveText(
    'Månadssaldo utan bokföringsrader',
  );
  expect(rows.find((r) => r.label.startsWith('Mars'))?.figures.actual).toBe(postingSum);
  await expect(page.locator('.footnote').first()).toHaveText(
    'Månadssaldo utan bokföringsrader: månaden, eller en del av den, är importerad som ett saldo per månad utan huvudbokens rader, så specifikationen slutar vid saldot.',
  );
  await atBothWidths(page, 'drill-balances-months-sv');

  // The account's postings: March's two, and the balances beside them, adding up to the actual.
  const sv = (cents: number) => formatCents(cents, 'sv');
  const fi = (cents: number) => formatCents(cents, 'fi');
  const levels = page.getByRole('navigation', { name: 'Dela upp efter' });
  await levels.getByRole('link', { name: 'Bokföringsrader' }).click();
  await expect(page).toHaveURL(/by=postings/);
  await ready(page);
  const check = page.locator('.drill-check');
  await expect(check).toHaveAttribute('data-adds', 'true');
  await expect(check).toHaveText(
    `Alla 2 bokföringsrader, ${sv(postingSum)}, och månadssaldon utan bokföringsrader, ` +
      `${sv(balanceSum)}, summerar till ${sv(actual)}; utfallet ovan är ${sv(actual)}. ` +
      'Det stämmer på centen.',
  );
  await expect(page.locator('table.drill-postings tbody tr')).toHaveCount(2);
  const postingsUrl = page.url();
  await atBothWidths(page, 'drill-balances-postings-sv');

  // January: a balance only, no postings.
  await page.goto(months);
  await ready(page);
  await page.locator('table.drill-months').getByRole('link', { name: 'Januari' }).click();
  await expect(page).toHaveURL(/month=1(&|$)/);
  await ready(page);
  // Nothing to search, list or download.
  await expect(page.locator('table.drill-postings')).toHaveCount(0);
  await expect(page.getByRole('search')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ladda ned som CSV' })).toHaveCount(0);
  await expect(check).toHaveAttribute('data-adds', 'true');
  await expect(check).toHaveText(
    `Här finns inga bokföringsrader: utfallet, ${sv(balances[0]!)}, är månadssaldon utan ` +
      `bokföringsrader; utfallet ovan är ${sv(balances[0]!)}. Det stämmer på centen.`,
  );
  await atBothWidths(page, 'drill-balances-january-sv');
  // April: nothing booked, neither postings nor balances.
  await page.goto(`${at}/drill?unit=120102&line=services&account=4320&month=4`);
  await ready(page);
  await expect(check).toHaveText(
    `Här finns inga bokföringsrader; utfallet ovan är ${sv(0)}. Det stämmer på centen.`,
  );
  await page.goBack();
  await ready(page);

  // The same in Finnish.
  await page.getByLabel('Språk', { exact: true }).selectOption('fi');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
  await expect(check).toHaveText(
    `Vientejä ei ole: toteuma, ${fi(balances[0]!)}, on kuukausisaldoja ilman vientejä; yllä ` +
      `oleva toteuma on ${fi(balances[0]!)}. Se täsmää sentilleen.`,
  );
  await atBothWidths(page, 'drill-balances-january-fi');
  await page.goto(months);
  await ready(page);
  await expect(page.locator('.balance-mark')).toHaveText([
    'Kuukausisaldo ilman vientejä',
    'Kuukausisaldo ilman vientejä',
  ]);
  expect(await marked()).toEqual(['Tammikuu', 'Helmikuu']);
  await atBothWidths(page, 'drill-balances-months-fi');
  await page.goto(postingsUrl);
  await ready(page);
  await expect(check).toHaveText(
    `Kaikkien 2 viennin (${fi(postingSum)}) ja ilman vientejä kirjattujen kuukausisaldojen ` +
      `(${fi(balanceSum)}) summa on ${fi(actual)}; yllä oleva toteuma on ${fi(actual)}. ` +
      'Se täsmää sentilleen.',
  );
  await atBothWidths(page, 'drill-balances-postings-fi');
  await page.getByLabel('Kieli', { exact: true }).selectOption('sv');
});
