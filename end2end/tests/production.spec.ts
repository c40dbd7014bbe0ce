import { expect, test, type Page } from '@playwright/test';
import { opURL, productionURL } from '../playwright.config';
import { expectNoAxeViolations, expectNoHorizontalScroll, screenshots } from './helpers';

// The portal in production mode, as a gemeente runs it: DigiD is the certified
// oidc-provider on another origin, and the Documenten API cannot be reached.

test.use({ baseURL: productionURL });

/** Logs in at the provider's own login page and lands on /zaken. */
async function logIn(page: Page) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
  await expect(page).toHaveURL(new RegExp(`^${opURL}/interaction/`));
  await page.getByLabel('Account').fill('jansen');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(`${productionURL}/zaken`);
}

test('a zaak whose documents cannot be fetched says so and shows the rest', async ({ page }) => {
  await logIn(page);
  await page.getByRole('link', { name: /WOZ/ }).first().click();
  await expect(page.getByTestId('stappen')).toBeVisible();
  await expect(page.getByTestId('documenten-deels')).toContainText(
    'We kunnen nu niet alle documenten van deze zaak laten zien.',
  );
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'zaak-deels');
});

test('logging out also ends the session at the identity provider on its own origin', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await logIn(page);
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  // The logout form's redirect goes on to the provider and back to our "logged out" page;
  // a CSP form-action of 'self' alone would stop the browser at the first hop.
  await expect(page).toHaveURL(`${productionURL}/uitgelogd`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('uitgelogd');
  expect(violations, 'no CSP violations').toEqual([]);

  // The provider's session is gone too: the next login asks for the account again.
  await page.goto('/auth/digid/login');
  await expect(page).toHaveURL(new RegExp(`^${opURL}/interaction/`));
  await expect(page.getByLabel('Account')).toBeVisible();
});
