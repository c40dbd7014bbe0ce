import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScroll, screenshots } from './helpers';

// A KCC medewerker looks up a demo inwoner with a reason, sees the same overview as that
// inwoner, stops viewing; then the inwoner logs in and sees that look-up on /inzage.

test('a medewerker looks up an inwoner, who then sees it on /inzage', async ({ browser }) => {
  const staff = await (await browser.newContext()).newPage();
  await staff.goto('/');
  // Medewerkers have their own entry in the footer; /kcc starts their login.
  await staff.getByRole('link', { name: 'Voor medewerkers' }).click();
  await staff.getByLabel(/Anna Visser/).check();
  await staff.getByRole('button', { name: 'Inloggen' }).click();
  await expect(staff).toHaveURL(/\/kcc$/);
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('Zaken opzoeken');
  await expectNoAxeViolations(staff);
  await expectNoHorizontalScroll(staff);
  await screenshots(staff, 'kcc-formulier');

  // A wrong number first: a clear message, nothing shown.
  await staff.getByLabel('Burgerservicenummer of KVK-nummer').fill('123456789');
  await staff.getByRole('button', { name: 'Zaken bekijken' }).click();
  await expect(staff.getByTestId('formulier-fouten')).toContainText('burgerservicenummer');
  await expectNoAxeViolations(staff);

  await staff.getByLabel('Burgerservicenummer of KVK-nummer').fill('999993653');
  await staff.getByLabel('Reden').selectOption('Terugbelverzoek');
  await staff.getByLabel('Toelichting (niet verplicht)').fill('Vraag over de dakkapel');
  await staff.getByRole('button', { name: 'Zaken bekijken' }).click();
  await expect(staff).toHaveURL(/\/kcc\/zaken$/);
  await expect(staff.getByTestId('kcc-banner')).toContainText('BSN *****3653');
  await expect(staff.getByTestId('kcc-banner')).toContainText('Terugbelverzoek');
  const seenByStaff = await staff.getByTestId('zaaknummer').allTextContents();
  expect(seenByStaff).toHaveLength(6);
  await expectNoAxeViolations(staff);
  await screenshots(staff, 'kcc-overzicht');

  await staff.getByTestId('zaak').first().getByRole('link').click();
  await expect(staff.getByTestId('kcc-banner')).toBeVisible();
  await expectNoAxeViolations(staff);
  await screenshots(staff, 'kcc-zaak');

  await staff.getByRole('button', { name: 'Stoppen met bekijken' }).click();
  await expect(staff).toHaveURL(/\/kcc$/);
  await staff.goto('/kcc/zaken');
  await expect(staff).toHaveURL(/\/kcc$/);

  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto('/');
  await citizen.getByRole('link', { name: 'Inloggen met DigiD' }).click();
  await citizen.getByLabel('Jansen').check();
  await citizen.getByRole('button', { name: 'Inloggen' }).click();
  expect(await citizen.getByTestId('zaaknummer').allTextContents()).toEqual(seenByStaff);
  await citizen.getByRole('link', { name: 'Bekijk wie uw gegevens heeft bekeken' }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText(
    'Wie heeft uw gegevens bekeken',
  );
  const rows = citizen.getByTestId('inzage-regel');
  await expect(rows.first()).toContainText('Terugbelverzoek');
  await expect(rows.first()).toContainText('Klantcontactcentrum');
  // On a phone each record is a card: all of it, Reden and Wat too, within the screen.
  await citizen.setViewportSize({ width: 360, height: 740 });
  for (const cell of await rows.first().locator('td').all()) {
    const box = await cell.boundingBox();
    expect(box!.x + box!.width, 'inside the screen').toBeLessThanOrEqual(360);
    const spills = await cell.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    expect(spills, 'the name and the value fit in the cell, not over the next').toBe(false);
  }
  const caption = await citizen.locator('caption').boundingBox();
  expect(caption!.x + caption!.width, 'the caption whole').toBeLessThanOrEqual(360);
  await expectNoAxeViolations(citizen);
  await expectNoHorizontalScroll(citizen);
  await screenshots(citizen, 'inzage');
});

test('a medewerker without the kcc role gets no access', async ({ page }) => {
  await page.goto('/auth/medewerker/login');
  await page.getByLabel(/Bram de Wit/).check();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByTestId('login-fout')).toContainText('geen toegang');
  await expectNoAxeViolations(page);
});

test('the look-up form on a desk at 1280 px: labels above their controls, the reason whole, the chosen radio filled', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/kcc');
  await page.getByLabel(/Anna Visser/).check();
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/kcc$/);
  for (const [label, id] of [
    ['Burgerservicenummer of KVK-nummer', 'nummer'],
    ['Reden', 'reden'],
    ['Toelichting (niet verplicht)', 'toelichting'],
  ]) {
    const labelBox = (await page.locator(`label[for=${id}]`).boundingBox())!;
    const controlBox = (await page.locator(`#${id}`).boundingBox())!;
    expect(labelBox.y + labelBox.height, `${label} above its control`).toBeLessThanOrEqual(controlBox.y);
    expect(Math.abs(labelBox.x - controlBox.x), `${label} aligned with its control`).toBeLessThan(2);
  }
  // Every reason fits in the select: its text is not cut off.
  const cut = await page.locator('#reden').evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const probe = document.createElement('span');
    probe.style.font = style.font;
    probe.style.whiteSpace = 'pre';
    document.body.append(probe);
    const widest = Math.max(
      ...Array.from(select.options).map((o) => {
        probe.textContent = o.text;
        return probe.getBoundingClientRect().width;
      }),
    );
    probe.remove();
    const room = select.clientWidth - parseFloat(style.paddingInlineStart) - parseFloat(style.paddingInlineEnd);
    return widest > room;
  });
  expect(cut, 'the longest reason is cut off').toBe(false);
  // No browser box around the radio buttons.
  const fieldset = await page.locator('fieldset').evaluate((f) => getComputedStyle(f).borderTopStyle);
  expect(fieldset).toBe('none');
  // The chosen radio is a dot in the ring's colour on a white ground; the other has no dot.
  const look = (id: string) =>
    page.locator(`#${id}`).evaluate((r) => {
      const s = getComputedStyle(r);
      return { ground: s.backgroundColor, ring: s.borderTopColor, image: s.backgroundImage };
    });
  const chosen = await look('soort-bsn');
  expect(chosen.ground).toBe('rgb(255, 255, 255)');
  expect(chosen.image.startsWith(`radial-gradient(circle, ${chosen.ring}`), chosen.image).toBe(true);
  const other = await look('soort-kvk');
  expect(other.image.startsWith(`radial-gradient(circle, ${chosen.ring}`)).toBe(false);
  await expectNoAxeViolations(page);
  await screenshots(page, 'kcc-formulier-bureau');
});
