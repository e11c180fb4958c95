import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/examples/catalog.ts';
import AxeBuilder from '@axe-core/playwright';
import { chartTextProblems } from './chart-layout.ts';
import { cells, checkA11y, checkContrast, setTheme, useBrowser } from './harness.ts';

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

/** True once every shown chart has been redrawn for the width of the cell that holds it. */
function chartsFitTheirCells(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.cells .plot-figure .chart')].every(
      (host) => host.clientWidth === 0 || host.dataset.drawnWidth === String(Math.floor(host.getBoundingClientRect().width)),
    ),
  );
}

describe('example gallery', () => {
  it('lists every example on the start page, readable in both themes', async () => {
    const { page } = await open();
    const gallery = page.getByRole('region', { name: 'Example workbooks' });
    for (const example of EXAMPLES) await expect.poll(() => gallery.getByRole('button', { name: `Open the example: ${example.title}` }).count()).toBe(1);
    await checkA11y(page, 'gallery, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'gallery, dark');
  });

  for (const [index, example] of EXAMPLES.entries()) {
    it(`opens and runs the ${example.title} example, ending in persona cards or a chart`, async () => {
      const { page } = await open();
      await page.getByRole('button', { name: `Open the example: ${example.title}` }).click();
      await expect.poll(() => cells(page).count(), { timeout: 20_000 }).toBe(example.workbook().cells.length);
      expect(await settle(page)).toEqual([]);
      await expect.poll(() => page.locator('.cells figure svg').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const first = await cells(page).first().innerText();
      expect(first).toContain(example.title.split(' (')[0]);
      // Every chart at a laptop's narrow window, where labels get cut and charts outgrow their
      // cells, and every other example also at 1440 px: no text cut off by its SVG, none
      // overprinting another, no chart wider than its box. Charts redraw at the new width
      // (debounced), so wait for the redraw before measuring.
      for (const width of index % 2 === 0 ? [1440, 800] : [800]) {
        await page.setViewportSize({ width, height: 900 });
        await expect.poll(() => chartsFitTheirCells(page), { timeout: 10_000 }).toBe(true);
        expect(await chartTextProblems(page), `chart text at ${width} px`).toEqual([]);
      }
      // axe can evaluate the chart text's contrast (chart-ink.ts), and it passes.
      const axe = await new AxeBuilder({ page }).include('.cells .plot-figure').withRules(['color-contrast']).analyze();
      expect(axe.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`))).toEqual([]);
    }, 150_000);
  }
});
