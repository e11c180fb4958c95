import { describe, expect, inject, it } from 'vitest';
import { encodeShareHash } from '../../src/engine/share-link.ts';
import { EXAMPLES } from '../../src/examples/catalog.ts';
import { chartTextProblems } from './chart-layout.ts';
import { cells, checkA11y, checkContrast, gotoApp, setTheme, useBrowser, waitForStatus } from './harness.ts';

const { open } = useBrowser();
const endToEnd = EXAMPLES.find((e) => e.id === 'kmeans-end-to-end')!;

describe('teaching', () => {
  it('steps through k-means on two features: initialise, assign, move, back, play to convergence, presenter mode', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: `Open the example: ${endToEnd.title}` }).click();
    const cluster = cells(page).filter({ has: page.getByText('Step through k-means (teaching view)') });
    await waitForStatus(cluster, 'done', 90_000);
    await cluster.getByText('Step through k-means (teaching view)').click();
    const view = cluster.getByRole('region', { name: 'Step through k-means' });
    await view.getByRole('button', { name: 'Load points' }).click();
    const status = view.locator('p.status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/Step 0: no centres yet/);
    const steps = view.getByRole('toolbar', { name: 'k-means steps' });
    await steps.getByRole('button', { name: 'Initialise' }).click();
    await expect.poll(() => status.innerText()).toMatch(/Step 1: 3 centres placed/);
    await steps.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => status.innerText()).toMatch(/Step 2: points assigned .* Inertia/);
    await steps.getByRole('button', { name: 'Move centroids' }).click();
    await expect.poll(() => status.innerText()).toMatch(/Step 3: each centre moved/);
    await steps.getByRole('button', { name: 'Step back' }).click();
    await expect.poll(() => status.innerText()).toMatch(/Step 2: points assigned/);
    await steps.getByLabel('Pace').selectOption('fast');
    await steps.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/has converged/);
    await expect.poll(() => view.locator('figcaption').filter({ hasText: 'stars are the centres' }).count()).toBe(1);
    await expect.poll(() => view.locator('figcaption').filter({ hasText: 'Inertia (sum of squared distances' }).count()).toBe(1);
    // At a laptop's narrow window every text of both charts stays inside its chart, and neither
    // chart runs past the cell (Plot's own legend figure once indented it by 40 px).
    await page.setViewportSize({ width: 800, height: 900 });
    await expect.poll(() => chartTextProblems(page), { timeout: 10_000 }).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    // The view under test; the example's other cells are checked where they are the subject.
    await checkA11y(page, 'step-through, light', '.stepper');
    await steps.getByRole('button', { name: 'Presenter mode' }).click();
    await expect.poll(() => steps.getByRole('button', { name: 'Presenter mode' }).getAttribute('aria-pressed')).toBe('true');
    const size = await view.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThan(18);
    await setTheme(page, 'dark');
    // Presenter mode only enlarges the text; the structure was checked above, in the light theme.
    await checkContrast(page, 'step-through presenter mode, dark', '.stepper');
  }, 180_000);

  it('opens an example from a share link in review mode, and runs it when asked', async () => {
    const { page } = await open({ noGoto: true });
    const hash = await encodeShareHash({ workbook: endToEnd.workbook(), data: {} });
    await gotoApp(page, `${inject('baseURL')}${hash}`);
    await expect.poll(() => page.getByText('Shared workbook: review it, then press Run all.').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => cells(page).count()).toBe(endToEnd.workbook().cells.length);
    // Nothing runs before the user says so.
    await page.waitForTimeout(1500);
    const statuses = await cells(page).evaluateAll((els) => els.map((el) => el.querySelector('[data-status]')?.getAttribute('data-status') ?? 'none'));
    expect(statuses.filter((s) => s === 'done' || s === 'running')).toEqual([]);
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect
      .poll(() => cells(page).evaluateAll((els) => els.map((el) => el.querySelector('[data-status]')?.getAttribute('data-status') ?? 'done')), { timeout: 90_000 })
      .toEqual(endToEnd.workbook().cells.map(() => 'done'));
    // The exact options count their inputs once the cells upstream have made them (the validate
    // cell's stayed blank when its input table did not exist yet as the workbook opened).
    const exact = page.locator('.exact');
    await expect.poll(() => exact.allInnerTexts()).toEqual(['Exact: use every row, no samples\nAll 2,000 rows are used either way.', 'Exact: use every row, no samples\nAll 2,000 rows are used either way.']);
  }, 180_000);
});
