import { expect, test } from '@playwright/test';
import { degradedURL } from '../playwright.config';
import { expectNoAxeViolations, expectNoHorizontalScroll, screenshots } from './helpers';

// A portal whose Documenten API cannot be reached: the zaak still shows, with its steps,
// and says plainly that the documents are missing. axe = 0 on that partial-failure page.

test.use({ baseURL: degradedURL });

test('a zaak whose documents cannot be fetched says so and shows the rest', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
  await page.getByLabel('Jansen').check();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/zaken$/);
  await page.getByRole('link', { name: /WOZ/ }).first().click();
  await expect(page.getByTestId('stappen')).toBeVisible();
  await expect(page.getByTestId('documenten-deels')).toContainText(
    'We kunnen nu niet alle documenten van deze zaak laten zien.',
  );
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'zaak-deels');
});
