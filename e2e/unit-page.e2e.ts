/**
 * The unit page of issue 14, in the browser on the Lovisa demo: at phone width (375 px) no unit's
 * page is wider than the screen, in Swedish or Finnish — long names wrap, wide tables scroll in
 * regions of their own that the keyboard can focus; STK's key goals are collapsed by theme, each
 * theme's summary naming it with its goals' statuses and the whole unit's statuses above them;
 * the editor of STK-ICT edits a risk and adds a key goal; comments name their author by display
 * name. axe-core checks the page at 1280 and 375 px. Screenshots in sv and fi at both widths go
 * to e2e/output/screenshots/ (unit-page-*). An empty outcome section proposes the texts the
 * report preview proposes, shown at once and then naming where a driving line's deviation came
 * from (the drill-down's largest contributors), in sv and fi.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExplanationView } from '../src/api/drill.js';
import type { Overview, UnitPage } from '../src/api/pages.js';
import { expectAccessible, logIn } from './support.js';

const base = '/m/lovisa/2023';
const SHOTS = join(import.meta.dirname, 'output', 'screenshots');
const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The page's width and the window's (the test runs no DOM library: read through globalThis). */
interface InPage {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  innerWidth: number;
}

/** What the test reads of an element (it runs without the DOM library's types). */
interface Box {
  scrollWidth: number;
  clientWidth: number;
  scrollLeft: number;
  getBoundingClientRect(): { height: number };
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

async function chooseLanguage(page: Page, from: 'Språk' | 'Kieli', lang: 'sv' | 'fi') {
  await page.getByLabel(from, { exact: true }).selectOption(lang);
}

test('at 375 px no unit page is wider than the screen, and its tables scroll in focusable regions', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await logIn(page, 'reader', `${base}/units/STK`);
  await expect(page.getByRole('heading', { level: 1, name: /^STK / })).toBeVisible();
  // scrollWidth ≤ innerWidth (and ≤ the viewport's width without its scroll bar).
  expect(await overflow(page), 'STK at 375 px').toBeLessThanOrEqual(0);

  // The risk register of a unit with risks: a named region that takes focus from the keyboard.
  await page.goto(`${base}/units/STK-ICT`);
  const risks = page.getByRole('region', { name: 'Riskregister' });
  await expect(risks).toBeVisible();
  await expect(risks).toHaveAttribute('tabindex', '0');
  await risks.focus();
  await expect(risks).toBeFocused();
  // It scrolls: the table is wider than its region, and the arrow keys move it.
  const widths = await risks.evaluate((el: Box) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
  }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => risks.evaluate((el: Box) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await overflow(page), 'STK-ICT at 375 px').toBeLessThanOrEqual(0);
  await expectAccessible(page, 'STK-ICT at 375 px');

  // Every unit of the year, in Swedish and in Finnish (whose names are longer).
  const overview = (await (
    await page.request.get('/api/m/lovisa/2023/overview')
  ).json()) as Overview;
  for (const lang of ['sv', 'fi'] as const) {
    if (lang === 'fi') await chooseLanguage(page, 'Språk', 'fi');
    for (const unit of overview.units) {
      await page.goto(`${base}/units/${encodeURIComponent(unit.code)}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(unit.code);
      await expect(page.locator('#comments')).toBeVisible();
      expect(await overflow(page), `${unit.code} (${lang}) at 375 px`).toBeLessThanOrEqual(0);
    }
  }
  await chooseLanguage(page, 'Kieli', 'sv');
});

test('STK’s key goals are collapsed by theme, each with its statuses, under the unit’s summary', async ({
  page,
}) => {
  await logIn(page, 'reader', `${base}/units/STK`);
  const data = (await (await page.request.get('/api/m/lovisa/2023/units/STK')).json()) as UnitPage;
  const goals = page.locator('#goals');
  const themes = goals.locator('details.theme');
  const numbers = [...new Set(data.goals.map((g) => g.theme))].sort((a, b) => a - b);
  await expect(themes).toHaveCount(numbers.length);
  // Collapsed: no goal shows until its theme is opened.
  await expect(goals.locator('article.goal').first()).toBeHidden();
  const achieved = data.goals.filter((g) => g.status === 'achieved').length;
  await expect(goals.locator('.goal-summary')).toContainText(`${data.goals.length} nyckelmål`);
  await expect(goals.locator('.goal-summary')).toContainText(`Uppnått: ${achieved}`);

  const first = numbers[0]!;
  const theme = data.themes.find((th) => th.number === first)!;
  const inTheme = data.goals.filter((g) => g.theme === first);
  const summary = themes.first().locator(':scope > summary');
  await expect(summary.getByRole('heading', { level: 3 })).toContainText(
    `Tema ${first}: ${theme.names.sv}`,
  );
  for (const status of new Set(inTheme.map((g) => g.status))) {
    const count = inTheme.filter((g) => g.status === status).length;
    const word = {
      achieved: 'Uppnått',
      partlyAchieved: 'Delvis uppnått',
      notAchieved: 'Inte uppnått',
      postponed: 'Uppskjutet',
      notAssessed: 'Inte bedömt',
    }[status];
    await expect(summary).toContainText(`${word}: ${count}`);
  }
  // Opened from the keyboard, it shows its goals as before.
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(themes.first().locator('article.goal')).toHaveCount(inTheme.length);
  await expect(themes.first().locator('article.goal').first()).toBeVisible();
  await expect(themes.nth(1).locator('article.goal').first()).toBeHidden();
  // A link to a goal opens its theme.
  const last = data.goals.at(-1)!;
  await page.goto(`${base}/units/STK#goal-${last.id}`);
  await expect(page.locator(`#goal-${last.id}`)).toBeVisible();

  // The page's height is the themes', not every goal's.
  await page.goto(`${base}/units/STK`);
  const height = await goals.evaluate((el: Box) => el.getBoundingClientRect().height);
  expect(height).toBeLessThan(2500);

  for (const [width, name] of [
    [DESKTOP, '1280'],
    [PHONE, '375'],
  ] as const) {
    await page.setViewportSize(width);
    await expectAccessible(page, `STK at ${name} px (sv)`);
    await shoot(page, `unit-page-stk-sv-${name}`);
    await chooseLanguage(page, 'Språk', 'fi');
    await expect(goals.locator('.goal-summary')).toContainText('avaintavoitetta');
    await expectAccessible(page, `STK at ${name} px (fi)`);
    await shoot(page, `unit-page-stk-fi-${name}`);
    await chooseLanguage(page, 'Kieli', 'sv');
  }
});

test('the editor of STK-ICT edits a risk, adds a key goal and comments under their display name', async ({
  page,
}) => {
  await logIn(page, 'editor', `${base}/units/STK-ICT`);
  const risks = page.locator('#risks');
  const row = risks.getByRole('row').nth(1);
  const before = await row.getByRole('rowheader').innerText();
  await row.getByRole('button', { name: /^Ändra/ }).click();
  const form = page.getByRole('form', { name: /^Ändra risken/ });
  await expect(form).toBeVisible();
  await expect(form.getByRole('heading', { level: 3 })).toBeFocused();
  await form.getByLabel('Risk (Svenska)').fill('Cyberangreppen mot stadens system ökar.');
  await form.getByLabel('Sannolikhet').selectOption('5');
  await form.getByLabel('Status').selectOption('mitigated');
  await form.getByLabel('Åtgärder (Suomi)').fill('Koko henkilöstö käy tietoturvakoulutuksen.');
  await expectAccessible(page, 'the risk form');
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await form.getByRole('button', { name: 'Spara risken' }).click();
  expect((await saved).status()).toBe(200);
  await expect(form).toHaveCount(0);
  await expect(row.getByRole('rowheader')).toHaveText('Cyberangreppen mot stadens system ökar.');
  expect(before).not.toBe('Cyberangreppen mot stadens system ökar.');
  await expect(row.getByRole('cell').nth(1)).toHaveText('5');
  await expect(row).toContainText('Begränsad');
  await page.reload();
  await expect(risks.getByRole('row').nth(1)).toContainText(
    'Cyberangreppen mot stadens system ökar.',
  );

  // A new key goal, not binding (the editor may not mark one), with an indicator.
  const goals = page.locator('#goals');
  await goals.getByRole('button', { name: 'Lägg till nyckelmål' }).click();
  const add = page.getByRole('form', { name: 'Nytt nyckelmål' });
  await expect(add.getByLabel('Bindande gentemot fullmäktige')).toHaveCount(0);
  await add.getByLabel('Tema i stadsstrategin').selectOption({ index: 0 });
  await add.getByLabel('Nyckelmål (Svenska)').fill('Alla anställda går datasäkerhetsutbildningen.');
  await add
    .getByLabel('Nyckelmål (Suomi)')
    .fill('Koko henkilöstö suorittaa tietoturvakoulutuksen.');
  await add.getByRole('button', { name: 'Lägg till en mätare' }).click();
  await add.getByLabel('Mätarens namn (Svenska)').fill('Andel som gått utbildningen');
  await add.getByLabel('Mål', { exact: true }).fill('90,5');
  await add.getByLabel('Enhet (t.ex. %, st)').fill('%');
  await expectAccessible(page, 'the new goal form');
  const created = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/goals'),
  );
  await add.getByRole('button', { name: 'Spara nyckelmålet' }).click();
  expect((await created).status()).toBe(201);
  await expect(
    goals.getByRole('status').filter({ hasText: 'Nyckelmålet har lagts till.' }),
  ).toBeVisible();
  const theme = goals.locator('details.theme').first();
  await expect(theme.locator(':scope > summary')).toContainText('Inte bedömt: 1');
  await theme.locator(':scope > summary').click();
  const goal = theme
    .locator('article.goal')
    .filter({ hasText: 'Alla anställda går datasäkerhetsutbildningen.' });
  await expect(goal).toBeVisible();
  await expect(goal.getByRole('table')).toContainText('≥ 90,5 %');
  // Inline editing works on it as on any goal.
  await goal.getByLabel('Status', { exact: true }).selectOption('partlyAchieved');
  await goal.getByRole('button', { name: 'Spara målet' }).click();
  await expect(goal.getByRole('status')).toHaveText('Sparat.');

  // The comment names its author as the users table does, not by user name.
  await page.getByLabel('Kommentar', { exact: true }).fill('Riskerna är uppdaterade.');
  await page.getByRole('button', { name: 'Lägg till kommentar' }).click();
  const comment = page.locator('#comments li').filter({ hasText: 'Riskerna är uppdaterade.' });
  await expect(comment.locator('.comment-meta strong')).toHaveText('Eeva Redaktör');
  await page.reload();
  await expect(
    page.locator('#comments li').filter({ hasText: 'Riskerna är uppdaterade.' }).locator('strong'),
  ).toHaveText('Eeva Redaktör');
  await expectAccessible(page, 'STK-ICT as its editor at 1280 px');
  await page.setViewportSize(PHONE);
  expect(await overflow(page), 'STK-ICT as its editor at 375 px').toBeLessThanOrEqual(0);
  await expectAccessible(page, 'STK-ICT as its editor at 375 px');
  await shoot(page, 'unit-page-ict-editor-sv-375');
});

/** The report preview's proposed outcome texts of a unit, in order (revenue, costs, margin). */
async function previewProposals(page: Page, unit: string, lang: 'sv' | 'fi'): Promise<string[]> {
  const answer = await page.request.get(
    `/api/m/lovisa/2023/report?unit=STK&format=document&proposals=true&lang=${lang}`,
  );
  expect(answer.status()).toBe(200);
  const document = (await answer.json()) as {
    sections: { unitCode: string; blocks: { kind: string; text?: string; proposal?: boolean }[] }[];
  };
  const section = document.sections.find((s) => s.unitCode === unit);
  expect(section, `the preview has ${unit}`).toBeDefined();
  // "Förslag från Utfall (inte skrivet av någon): …": the proposal after its label.
  return section!.blocks
    .filter((b) => b.proposal === true)
    .map((b) => b.text!.slice(b.text!.indexOf(': ') + 2));
}

/** The proposal offered in the empty outcome section `section` of the unit page. */
function proposalOf(page: Page, section: 'revenue' | 'costs' | 'margin') {
  return page.locator(
    `section[aria-labelledby="narrative-${section}"] .proposal p:not(.proposal-title)`,
  );
}

/** The costs section with its proposal, at 1280 and 375 px (no wider than the screen). */
async function shootProposal(page: Page, lang: 'sv' | 'fi'): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [size, width] of [
    [DESKTOP, '1280'],
    [PHONE, '375'],
  ] as const) {
    await page.setViewportSize(size);
    expect(await overflow(page), `STK’s proposal (${lang}) at ${width} px`).toBeLessThanOrEqual(0);
    await page
      .locator('section[aria-labelledby="narrative-costs"]')
      .screenshot({ path: join(SHOTS, `unit-page-stk-proposal-${lang}-${width}.png`) });
  }
  await page.setViewportSize(DESKTOP);
}

test('an empty outcome section proposes the report preview’s texts, naming the largest contributors once the drill-down has them', async ({
  page,
}) => {
  await logIn(page, 'finance', base);
  // STK-ICT has no outcome texts: the preview proposes its three, naming contributors.
  const preview = {
    sv: await previewProposals(page, 'STK-ICT', 'sv'),
    fi: await previewProposals(page, 'STK-ICT', 'fi'),
  };
  expect(preview.sv).toHaveLength(3);
  expect(preview.sv[1]).toContain(' kom främst från konto 4320 vid kostnadsställe 120102 ');

  // The explanations held back: the proposals show at once without them, then with them.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const asked: string[] = [];
  await page.route('**/api/m/lovisa/2023/drill/explanation?*', async (route) => {
    asked.push(new URL(route.request().url()).searchParams.get('line') ?? '');
    await held;
    await route.continue();
  });
  await page.goto(`${base}/units/STK-ICT`);
  const costs = proposalOf(page, 'costs');
  await expect(costs).toBeVisible();
  await expect(costs).toContainText('Avvikelsen uppstod främst inom köp av tjänster');
  await expect(costs).not.toContainText('konto 4320');
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  release();
  await expect(costs).toHaveText(preview.sv[1]!);
  for (const [i, section] of (['revenue', 'costs', 'margin'] as const).entries())
    await expect(proposalOf(page, section)).toHaveText(preview.sv[i]!);
  expect(asked.sort()).toEqual(['personnel', 'sales', 'services']);
  await page.unroute('**/api/m/lovisa/2023/drill/explanation?*');
  await page.locator('input[name="narrative-language"][value="fi"]').check();
  for (const [i, section] of (['revenue', 'costs', 'margin'] as const).entries())
    await expect(proposalOf(page, section)).toHaveText(preview.fi[i]!);
  await expectAccessible(page, 'STK-ICT’s proposals');

  // STK, as if its costs had no text yet (the demo has one, so the page's answer is changed on
  // its way): its services came mostly from 4320 at 120102, by the share the drill-down gives.
  const explanation = (await (
    await page.request.get('/api/m/lovisa/2023/drill/explanation?unit=STK&line=services')
  ).json()) as ExplanationView;
  const top = explanation.contributors[0]!;
  expect([top.unit.code, top.account]).toEqual(['120102', '4320']);
  const percent = Math.round(top.share! * 100);
  await page.route('**/api/m/lovisa/2023/units/STK', async (route) => {
    const answer = await route.fetch();
    const data = (await answer.json()) as UnitPage;
    await route.fulfill({
      response: answer,
      json: { ...data, narratives: data.narratives.filter((n) => n.section !== 'costs') },
    });
  });
  // By the breadcrumbs: a page loaded anew has its data embedded, not asked for.
  await page
    .getByRole('navigation', { name: 'Brödsmulor' })
    .getByRole('link', { name: 'STK Stadskanslicentralen' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('STK Stadskanslicentralen');
  await page.locator('input[name="narrative-language"][value="sv"]').check();
  await expect(proposalOf(page, 'costs')).toContainText(
    `Underskridningen inom köp av tjänster kom främst från konto 4320 vid kostnadsställe 120102 Nätverk och datatrafik (${percent}\u00a0%).`,
  );
  await shootProposal(page, 'sv');
  await chooseLanguage(page, 'Språk', 'fi');
  await page.locator('input[name="narrative-language"][value="fi"]').check();
  await expect(proposalOf(page, 'costs')).toContainText(
    `Alitus palvelujen ostoissa syntyi pääosin tilillä 4320 kustannuspaikalla 120102 Verkot ja tietoliikenne (${percent}\u00a0%).`,
  );
  await shootProposal(page, 'fi');
  await chooseLanguage(page, 'Kieli', 'sv');
  await page.unroute('**/api/m/lovisa/2023/units/STK');
});
