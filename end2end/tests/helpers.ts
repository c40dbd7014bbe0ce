import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import * as path from 'node:path';

/** The WCAG 2.2 AA rule sets the law asks of government sites. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the current page and fails with the violations listed. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, 'axe violations').toEqual([]);
}

/** Saves full-page screenshots at a phone and a desktop width (git-ignored artifacts). */
export async function screenshots(page: Page, name: string) {
  for (const [width, height] of [
    [360, 740],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({
      path: path.join(__dirname, '..', 'screenshots', `${name}-${width}.png`),
      fullPage: true,
    });
  }
}

/** No horizontal scrolling at this width: WCAG 1.4.10 reflow. */
export async function expectNoHorizontalScroll(page: Page, width = 320) {
  await page.setViewportSize({ width, height: 640 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
}
