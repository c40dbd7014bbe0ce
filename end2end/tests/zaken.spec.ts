import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScroll, screenshots } from './helpers';

// The product: an inwoner and an ondernemer log in through the demo provider, open the
// overview and every demo zaak, and download a document. axe = 0 on every page.

async function loginAs(page: Page, provider: 'DigiD' | 'eHerkenning', label?: string) {
  await page.goto('/');
  await page.getByRole('link', { name: `Inloggen met ${provider}` }).click();
  if (label) await page.getByLabel(label).check();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/zaken$/);
}

test('an inwoner sees the overview and every zaak', async ({ page }) => {
  await loginAs(page, 'DigiD', 'Jansen');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn zaken');
  const lopend = page.getByTestId('lopende-zaken').getByTestId('zaak');
  const afgerond = page.getByTestId('afgeronde-zaken').getByTestId('zaak');
  await expect(lopend).toHaveCount(4);
  await expect(afgerond).toHaveCount(2);
  await expect(page.locator('body')).not.toContainText('999993653');
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  // 200 % zoom of a 1280 px window is a 640 px viewport.
  await expectNoHorizontalScroll(page, 640);
  await screenshots(page, 'overzicht-inwoner');

  const links = await page.locator('[data-testid=zaak] h3 a').evaluateAll((as) =>
    as.map((a) => [a.textContent ?? '', (a as HTMLAnchorElement).getAttribute('href') ?? '']),
  );
  expect(links).toHaveLength(6);
  for (const [name, href] of links) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name.trim());
    await expect(page.getByTestId('zaaknummer')).not.toBeEmpty();
    await expect(page.getByTestId('stappen').locator('[aria-current=step]')).toHaveCount(1);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await expectNoHorizontalScroll(page, 640);
    const slug = href.split('/').pop()!.slice(-4);
    await screenshots(page, `zaak-${slug}`);
  }
});

test('on a phone the first screen answers how three zaken stand and when they are ready', async ({ page }) => {
  // 360 x 740 without the demo banner's height, as a gemeente's portal shows it: two whole
  // cards, and the third's title, status and expected date (its badge and zaaknummer
  // follow just below).
  await loginAs(page, 'DigiD', 'Jansen');
  await page.setViewportSize({ width: 360, height: 740 });
  const banner = (await page.locator('.mijnzaken-demo-banner').boundingBox())?.height ?? 0;
  const second = await page.getByTestId('zaak').nth(1).boundingBox();
  expect(second!.y + second!.height - banner, "the second card's end").toBeLessThanOrEqual(740);
  const third = page.getByTestId('zaak').nth(2);
  await expect(third.locator('dt')).toHaveText(['Status', 'Verwacht klaar']);
  const date = await third.locator('.utrecht-data-list__item').nth(1).boundingBox();
  expect(date!.y + date!.height - banner, "the third card's date").toBeLessThanOrEqual(740);
  // Each card leads with its status, then the date; the zaaknummer is on its last line.
  const first = page.getByTestId('zaak').first();
  await expect(first.locator('dt')).toHaveText(['Status', 'Verwacht klaar']);
  await expect(first.locator('p').last()).toContainText('Zaaknummer');
  await screenshots(page, 'overzicht-kaarten');
});

test('on a phone the summary of every zaak is in the first screen', async ({ page }) => {
  // 360 x 740, measured as a gemeente's portal shows it: without the demo banner's height.
  await loginAs(page, 'DigiD', 'Jansen');
  await page.setViewportSize({ width: 360, height: 740 });
  const hrefs = await page
    .locator('[data-testid=zaak] h3 a')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
  expect(hrefs).toHaveLength(6);
  let actions = 0;
  for (const href of hrefs) {
    await page.goto(href);
    const banner = (await page.locator('.mijnzaken-demo-banner').boundingBox())?.height ?? 0;
    const summary = page.getByTestId('samenvatting');
    await expect(summary).toBeVisible();
    // Where the zaak is (or how it ended) and the date are both in it.
    await expect(summary.locator('dt')).not.toHaveCount(0);
    const box = await summary.boundingBox();
    expect(box!.y + box!.height - banner, `${href}: the summary's end`).toBeLessThanOrEqual(740);
    // What to do, with where to do it, is part of that first screen.
    if ((await summary.getByTestId('samenvatting-actie').count()) > 0) {
      actions += 1;
      await expect(summary.getByTestId('actie-link')).toBeVisible();
      await screenshots(page, 'zaak-actie');
    }
  }
  expect(actions, 'the inkomenstoeslag asks for bank statements').toBe(1);
  await screenshots(page, 'zaak-samenvatting');
});

test('a suspended and extended zaak says so, and a document downloads', async ({ page }) => {
  await loginAs(page, 'DigiD', 'Jansen');
  await page.getByRole('link', { name: /WOZ/ }).first().click();
  await expect(page.getByTestId('verlengd')).toBeVisible();
  await expect(page.getByTestId('verwachte-einddatum')).toContainText('na verlenging');
  const document = page.getByTestId('document').first().getByRole('link');
  const [download] = await Promise.all([page.waitForEvent('download'), document.click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');

  await page.goto('/zaken');
  await page.getByRole('link', { name: /toeslag/i }).first().click();
  await expect(page.getByTestId('opgeschort')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('a long overview shows a screen at a time, and Toon meer lands on the next zaak', async ({ page }) => {
  await loginAs(page, 'DigiD', 'Bakker (153 zaken)');
  await expect(page.getByRole('heading', { name: 'Lopende zaken (102)' })).toBeVisible();
  const lopend = page.getByTestId('lopende-zaken').getByTestId('zaak');
  await expect(lopend).toHaveCount(20);
  await expect(page.getByTestId('lopend-aantal')).toHaveText('U ziet 20 van de 102 lopende zaken.');
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'overzicht-lang');
  await page.getByRole('link', { name: 'Toon meer lopende zaken' }).click();
  await expect(page).toHaveURL(/lopend=40.*#lopend-21$/);
  await expect(lopend).toHaveCount(40);
  await expect(page.locator('#lopend-21')).toBeInViewport();
  await expectNoAxeViolations(page);
});

test('a step that was not needed stays in its place', async ({ page }) => {
  await loginAs(page, 'DigiD', 'Jansen');
  await page.getByRole('link', { name: 'Klacht over de behandeling aan de balie' }).click();
  const skipped = page.locator('[data-testid=stap][data-state=skipped]');
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toContainText('Deze stap was niet nodig.');
  await expectNoAxeViolations(page);
  await screenshots(page, 'zaak-overgeslagen-stap');
});

test('an inwoner without zaken sees how to reach the gemeente', async ({ page }) => {
  await loginAs(page, 'DigiD', 'De Vries (geen zaken)');
  await expect(page.getByTestId('geen-zaken')).toContainText('Hebt u een vraag?');
  await expectNoAxeViolations(page);
  await screenshots(page, 'overzicht-leeg');
});

test('an ondernemer sees the company zaken once each', async ({ page }) => {
  await loginAs(page, 'eHerkenning');
  await expect(page.getByTestId('ingelogd-als')).toContainText('KVK-nummer 69599084');
  const cards = page.getByTestId('zaak');
  await expect(cards).toHaveCount(3);
  await expectNoAxeViolations(page);
  await screenshots(page, 'overzicht-ondernemer');
  for (const href of await page.locator('[data-testid=zaak] h3 a').evaluateAll((as) =>
    as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''),
  )) {
    await page.goto(href);
    await expect(page.getByTestId('zaakgegevens')).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test('another zaak by direct URL is the 404 page', async ({ page }) => {
  await loginAs(page, 'DigiD', 'El Amrani');
  await page.goto('/zaken/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the overview and a zaak work', async ({ page }) => {
    await loginAs(page, 'DigiD', 'Jansen');
    await page.getByTestId('zaak').first().getByRole('link').click();
    await expect(page.getByTestId('stappen')).toBeVisible();
  });
});

test('in forced colours the current step is underlined, not only bold', async ({ page }) => {
  await loginAs(page, 'DigiD', 'Jansen');
  await page.locator('[data-testid=lopende-zaken] [data-testid=zaak] h3 a').first().click();
  const heading = page.locator('[data-testid=stap][aria-current=step] .denhaag-process-steps__step-heading');
  const decoration = () => heading.evaluate((el) => getComputedStyle(el).textDecorationLine);
  expect(await decoration()).not.toContain('underline');
  await page.emulateMedia({ forcedColors: 'active' });
  expect(await decoration()).toContain('underline');
});
