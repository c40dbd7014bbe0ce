import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScroll, screenshots } from './helpers';

const pages = [
  { path: '/', name: 'home', h1: 'Mijn zaken' },
  { path: '/toegankelijkheid', name: 'toegankelijkheid', h1: 'Toegankelijkheidsverklaring' },
  { path: '/privacy', name: 'privacy', h1: 'Privacyverklaring' },
  { path: '/contact', name: 'contact', h1: 'Contact' },
  { path: '/deze-pagina-bestaat-niet', name: '404', h1: 'Pagina niet gevonden' },
];

for (const { path, name, h1 } of pages) {
  test(`${name}: WCAG 2.2 AA by axe, reflow at 320px, screenshots`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
    await expect(page.getByText('Demo-omgeving — dit zijn geen echte gegevens')).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, name);
  });

  test(`${name}: the skip link is the first tab stop and moves focus to main`, async ({ page }) => {
    await page.goto(path);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Direct naar de inhoud' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('every page shows its content', async ({ page }) => {
    for (const { path, h1 } of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
    }
  });
});

test('the footer leads to the statements and the contact page', async ({ page }) => {
  await page.goto('/');
  const footer = page.getByRole('contentinfo');
  await footer.getByRole('link', { name: 'Toegankelijkheidsverklaring' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Toegankelijkheidsverklaring');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Privacyverklaring' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacyverklaring');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Contact' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact');
});

test('on a phone the DigiD button is in the first screen of the home page', async ({ page }) => {
  // Measured with the demo banner on, which a gemeente's portal does not have.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const box = await page.getByRole('link', { name: 'Inloggen met DigiD' }).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height, 'above the fold').toBeLessThanOrEqual(740);
});

test('a focused link has the same strong focus ring as a button', async ({ page }) => {
  await page.goto('/');
  const ring = async () =>
    page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
  // Tab past the skip link to the header's link, then on to the DigiD button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const link = await ring();
  await expect(page.locator(':focus')).toHaveClass(/utrecht-link/);
  expect(link.style, 'not the browser default ring').not.toBe('auto');
  expect(link.width).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Inloggen met DigiD');
  expect(await ring()).toEqual(link);
});

test("the theme's own fonts load: Noto Serif for headings, Noto Sans for text", async ({ page }) => {
  await page.goto('/');
  const loaded = await page.evaluate(async () => {
    const faces = async (font: string) =>
      (await document.fonts.load(font)).map((f) => `${f.family} ${f.weight} ${f.status}`);
    return {
      heading: await faces('700 16px "Noto Serif"'),
      text: await faces('400 16px "Noto Sans"'),
      bold: await faces('700 16px "Noto Sans"'),
    };
  });
  // A face that is missing (no @font-face) or blocked (CSP, 404) does not come back loaded.
  expect(loaded).toEqual({
    heading: ['Noto Serif 700 loaded'],
    text: ['Noto Sans 400 loaded'],
    bold: ['Noto Sans 700 loaded'],
  });
  const h1 = await page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily);
  expect(h1.startsWith('"Noto Serif"'), h1).toBe(true);
  const body = await page.locator('main p').first().evaluate((p) => getComputedStyle(p).fontFamily);
  expect(body.startsWith('"Noto Sans"'), body).toBe(true);
});
