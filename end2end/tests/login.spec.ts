import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, screenshots } from './helpers';

// A real browser through the whole DigiD and eHerkenning login with the demo provider:
// start page, test login, logged-in page, logout and back. The eHerkenning login runs
// without JavaScript (axe needs scripts, so the others keep them on).

test('an inwoner logs in with DigiD, sees the masked BSN, and logs out', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Testlogin DigiD');
  await page.getByLabel('Jansen').check();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/zaken$/);
  await expect(page.getByTestId('ingelogd-als')).toContainText('BSN *****3653');
  await expect(page.locator('body')).not.toContainText('999993653');
  await expectNoAxeViolations(page);
  await screenshots(page, 'zaken-ingelogd');
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page).toHaveURL(/\/uitgelogd/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('U bent uitgelogd');
  await expectNoAxeViolations(page);
  await page.goto('/zaken');
  await expect(page).toHaveURL(/\/$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an ondernemer logs in with eHerkenning', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Inloggen met eHerkenning' }).click();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByTestId('ingelogd-als')).toContainText('KVK-nummer 69599084');
  });
});

test('a refused login gets a clear Dutch page', async ({ page }) => {
  await page.goto('/auth/digid/login');
  await page.getByLabel('Ongeldig BSN (test van de foutmelding)').check();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggen is niet gelukt');
  await expect(page.getByTestId('login-fout')).toContainText('burgerservicenummer');
  await expectNoAxeViolations(page);
});
