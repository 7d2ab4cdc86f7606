/**
 * The users page end to end, in Swedish, on the Lovisa demo: the demo admin (Lovisa's) sees the
 * users of Lovisa with their role there, adds an editor of Lovisa with a unit and changes her to
 * a reader; the page names each role "Roll i Lovisa" and offers no other municipality.
 */
import { expect, test } from '@playwright/test';

test('the admin of Lovisa adds a user with a role in Lovisa and changes it', async ({ page }) => {
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeVisible();
  await page.getByLabel('Användarnamn').fill('admin');
  await page.getByLabel('Lösenord').fill('demo-admin-2023');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { name: 'Användare', level: 1 })).toBeVisible();

  const table = page.getByRole('table', { name: 'Användare' });
  await expect(table.getByRole('row').filter({ hasText: 'finance' })).toContainText(
    'Lovisa: ekonomi',
  );

  const add = page.getByRole('region', { name: 'Lägg till en användare' });
  await add.getByLabel('Användarnamn').fill('e2e-anna');
  await add.getByLabel('Visningsnamn').fill('Anna E2E');
  await add.getByLabel('Lösenord').fill('e2e-anna-password');
  const role = add.getByLabel('Roll i Lovisa');
  await expect(role.locator('option')).toHaveText([
    'Inte medlem',
    'administratör',
    'ekonomi',
    'redaktör',
    'läsare',
  ]);
  await role.selectOption({ label: 'redaktör' });
  await add.getByLabel('Enheter i Lovisa').fill('STK-ICT');
  await add.getByRole('button', { name: 'Lägg till användare' }).click();

  const anna = table.getByRole('row').filter({ hasText: 'e2e-anna' });
  await expect(anna).toContainText('Lovisa: redaktör');
  await expect(anna).toContainText('Lovisa: STK-ICT');

  await anna.getByRole('button', { name: 'Redigera e2e-anna' }).click();
  const edit = page.getByRole('region', { name: 'Redigera användaren e2e-anna' });
  await edit.getByLabel('Roll i Lovisa').selectOption({ label: 'läsare' });
  await edit.getByRole('button', { name: 'Spara användaren' }).click();
  await expect(anna).toContainText('Lovisa: läsare');
});
