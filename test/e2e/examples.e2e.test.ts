import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/examples/catalog.ts';
import { cells, checkA11y, setTheme, useBrowser } from './harness.ts';

const { open } = useBrowser();

/** Waits until every cell that runs has finished, and returns the ones that did not end done. */
async function settle(page: Page, timeout = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const statuses = await cells(page).evaluateAll((els) =>
      els.map((el) => [el.getAttribute('aria-label') ?? '', el.querySelector('[data-status]')?.getAttribute('data-status') ?? 'none']),
    );
    const pending = statuses.filter(([, s]) => s !== 'done' && s !== 'none' && s !== 'error' && s !== 'stale');
    if (!pending.length && statuses.some(([, s]) => s === 'done')) return statuses.filter(([, s]) => s !== 'done' && s !== 'none').map(([l, s]) => `${l}: ${s}`);
    if (Date.now() > deadline) return pending.map(([l, s]) => `${l}: still ${s}`);
    await page.waitForTimeout(250);
  }
}

describe('example gallery', () => {
  it('lists every example on the start page, readable in both themes', async () => {
    const { page } = await open();
    const gallery = page.getByRole('region', { name: 'Example workbooks' });
    for (const example of EXAMPLES) await expect.poll(() => gallery.getByRole('button', { name: `Open the example: ${example.title}` }).count()).toBe(1);
    await checkA11y(page, 'gallery, light');
    await setTheme(page, 'dark');
    await checkA11y(page, 'gallery, dark');
  });

  for (const example of EXAMPLES) {
    it(`opens and runs the ${example.title} example, ending in persona cards or a chart`, async () => {
      const { page } = await open();
      await page.getByRole('button', { name: `Open the example: ${example.title}` }).click();
      await expect.poll(() => cells(page).count(), { timeout: 20_000 }).toBe(example.workbook().cells.length);
      expect(await settle(page)).toEqual([]);
      await expect.poll(() => page.locator('.cells figure svg').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const first = await cells(page).first().innerText();
      expect(first).toContain(example.title.split(' (')[0]);
    }, 150_000);
  }
});
