/**
 * The workflow in the web application as documented (draft → submitted → approved → locked): on a
 * draft and on a submitted unit finance is offered no lock; approve asks in a modal dialog that
 * says what it freezes, and nothing changes until it is confirmed (Cancel leaves the report
 * submitted); lock asks too and says only an administrator can reopen; the admin then reopens
 * with a reason. axe-core checks the unit page and the open dialog. Screenshots of the dialog in
 * Swedish and Finnish go to e2e/output/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { expectAccessible, logIn } from './support.js';

const shots = join(import.meta.dirname, 'output', 'screenshots');
const unitUrl = '/m/lovisa/2023/units/STK-ADM';
test.describe.configure({ mode: 'serial' });

/** The workflow section's buttons, by their visible names. */
async function workflowButtons(page: Page): Promise<string[]> {
  const section = page.locator('#workflow');
  return (await section.getByRole('button').allInnerTexts()).map((s) => s.trim());
}

async function expectState(page: Page, state: string): Promise<void> {
  await expect(page.locator('#workflow .badge')).toHaveText(new RegExp(`${state}$`));
}

test('finance is offered no lock on a draft or submitted unit; approve and lock ask first', async ({
  page,
}) => {
  await logIn(page, 'finance', unitUrl);
  const workflow = page.locator('#workflow');
  await expectState(page, 'Utkast');
  expect(await workflowButtons(page)).toEqual(['Lämna in för godkännande']);
  await expectAccessible(page, 'unit page, draft');

  await workflow.getByRole('button', { name: 'Lämna in för godkännande' }).click();
  await expectState(page, 'Inlämnad');
  expect(await workflowButtons(page)).toEqual(['Godkänn', 'Öppna på nytt']);

  // Approve asks first, in a modal dialog that says what approving freezes.
  await workflow.getByRole('button', { name: 'Godkänn' }).click();
  const dialog = page.getByRole('dialog', { name: /^Godkänna rapporten för STK-ADM/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    /Godkännandet fryser siffrorna för STK-ADM .* och dess enheter för månaderna 1–\u2060?12 år 2023 samt enhetens texter, mål och risker\. Importer och budgetändringar som skulle ändra dem avvisas tills rapporten öppnas på nytt\./,
  );
  await expect(dialog.getByRole('button', { name: 'Avbryt' })).toBeFocused();
  await expectAccessible(page, 'approve dialog (sv)');
  await page.screenshot({ path: join(shots, 'workflow-approve-dialog-sv.png') });

  // Not yet approved: the dialog is open, and Cancel leaves the report submitted.
  await expectState(page, 'Inlämnad');
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expectState(page, 'Inlämnad');

  // The same dialog in Finnish.
  await page.getByRole('combobox', { name: 'Språk' }).selectOption('fi');
  await page.locator('#workflow').getByRole('button', { name: 'Hyväksy' }).click();
  const fiDialog = page.getByRole('dialog', { name: /^Hyväksytäänkö yksikön STK-ADM/ });
  await expect(fiDialog).toContainText(
    /Hyväksyminen jäädyttää yksikön STK-ADM .* ja sen alayksiköiden luvut vuoden 2023 kuukausilta 1–\u2060?12/,
  );
  await expectAccessible(page, 'approve dialog (fi)');
  await page.screenshot({ path: join(shots, 'workflow-approve-dialog-fi.png') });
  // Escape cancels too.
  await page.keyboard.press('Escape');
  await expect(fiDialog).toBeHidden();
  await expectState(page, 'Jätetty');
  await page.getByRole('combobox', { name: 'Kieli' }).selectOption('sv');

  // Confirmed, it approves; only now is lock offered, and it asks too.
  await workflow.getByRole('button', { name: 'Godkänn' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Godkänn och frys' }).click();
  await expectState(page, 'Godkänd');
  expect(await workflowButtons(page)).toEqual(['Lås', 'Öppna på nytt']);
  await workflow.getByRole('button', { name: 'Lås' }).click();
  const lockDialog = page.getByRole('dialog', { name: /^Låsa rapporten för STK-ADM/ });
  await expect(lockDialog).toContainText(
    'Endast en administratör kan öppna en låst rapport på nytt, och endast med en motivering.',
  );
  await expectAccessible(page, 'lock dialog (sv)');
  await page.screenshot({ path: join(shots, 'workflow-lock-dialog-sv.png') });
  await lockDialog.getByRole('button', { name: 'Lås rapporten' }).click();
  await expectState(page, 'Låst');
  // Locked is approved and closed: finance is offered nothing more.
  expect(await workflowButtons(page)).toEqual([]);
});

test('the admin reopens the locked unit, with a reason', async ({ page }) => {
  await logIn(page, 'admin', unitUrl);
  const workflow = page.locator('#workflow');
  await expectState(page, 'Låst');
  expect(await workflowButtons(page)).toEqual(['Öppna på nytt']);
  await workflow.getByRole('button', { name: 'Öppna på nytt' }).click();
  // The reason is required: without one nothing is sent.
  await workflow.getByRole('button', { name: 'Öppna på nytt med denna orsak' }).click();
  await expectState(page, 'Låst');
  await workflow.getByLabel('Orsak till att öppna på nytt').fill('Rättelse av en kontering.');
  await workflow.getByRole('button', { name: 'Öppna på nytt med denna orsak' }).click();
  await expectState(page, 'Utkast');
  await expect(workflow).toContainText('Rättelse av en kontering.');
});
