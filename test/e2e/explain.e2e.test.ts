import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SLOW, addCellOfKind, addNamedSqlCell, checkA11y, openSampleData, setTheme, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();

// Customers with their RFM measures and a few attributes, one row each.
const CUSTOMERS_SQL = `SELECT c.customer_id, c.age, c.income, c.region, r.recency, r.frequency, r.monetary
FROM retail_customers c JOIN (
  SELECT customer_id, date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency,
    count(DISTINCT invoice_id) AS frequency, sum(quantity * unit_price) AS monetary
  FROM retail_transactions WHERE invoice_id NOT LIKE 'C%' GROUP BY customer_id
) r USING (customer_id)`;

async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 90_000);
}

async function cluster(cell: Locator, input: string, columns: string[], log1p: string[], k: number): Promise<void> {
  await cell.getByLabel('Input table').selectOption(input);
  for (const column of columns) await cell.getByLabel(`Use column ${column} as`).selectOption('number');
  for (const column of log1p) await cell.getByLabel(`log1p of ${column}`).check();
  await cell.getByLabel('Segments (k)').fill(String(k));
  await cell.getByLabel('Segments (k)').press('Tab');
  await cell.getByLabel('Restarts').fill('2');
  await cell.getByLabel('Restarts').press('Tab');
  await run(cell);
}

describe('explaining segments', () => {
  it('shows the segment scatter, explains the segments in rules from the keyboard, and draws the perceptual map', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const customers = await addNamedSqlCell(page, 'customers', CUSTOMERS_SQL);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(customers, 'done');

    const clusterCell = await addCellOfKind(page, 'Cluster');
    await cluster(clusterCell, 'customers', ['recency', 'frequency', 'monetary'], ['frequency', 'monetary'], 4);
    const scatter = clusterCell.getByRole('region', { name: 'Segments in two dimensions' });
    const scatterCaption = scatter.locator('figcaption');
    await scatterCaption.waitFor({ timeout: SLOW });
    expect(await scatterCaption.innerText()).toMatch(/numbered discs are the segment centres: segment 1 at .*segment 4 at .*It shows all 2,000 rows\.$/);
    // 4 centres as circles; the 2,000 rows as one path per segment.
    expect(await scatter.locator('svg circle').count()).toBe(4);
    expect(await scatter.locator('svg path[stroke-linecap="round"]').count()).toBe(4);

    const profile = await addCellOfKind(page, 'Profile and personas');
    await profile.getByLabel('Segmented table').selectOption('segments');
    const explain = profile.getByRole('region', { name: 'Explain in rules' });
    const picker = explain.getByRole('group', { name: 'Columns the rules may use' });
    for (const column of ['recency', 'frequency', 'monetary']) await picker.getByLabel(column, { exact: true }).check();
    // Keyboard only: choose the depth, tab to the button, press Enter.
    await explain.getByLabel('Rule depth').focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => explain.getByLabel('Rule depth').inputValue()).toBe('2');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Explain in rules');
    await page.keyboard.press('Enter');
    const accuracy = explain.getByText(/^Accuracy \d+% on 2,000 customers, using recency, frequency, monetary\.$/);
    await accuracy.waitFor({ timeout: SLOW });
    const rules = explain.getByRole('list', { name: 'Rules by segment' });
    const texts = await rules.locator('ul li').allInnerTexts();
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.length).toBeLessThanOrEqual(4);
    for (const text of texts) expect(text).toMatch(/^If .+ then segment \d \([\d,]+ customers, \d+% correct\)$/);
    expect(await explain.innerText()).toMatch(/On 600 customers held back while fitting, the same kind of tree was right for \d+%/);

    const map = profile.getByRole('region', { name: 'Perceptual map' });
    await expect.poll(() => map.innerText()).toContain('Choose at least 2 attributes');
    const attributes = map.getByRole('group', { name: /^Attributes to compare segments on/ });
    for (const column of ['age', 'income', 'recency', 'monetary']) await attributes.getByLabel(column, { exact: true }).check();
    const mapCaption = map.locator('figcaption');
    // The map follows each ticked box; the caption settles once all four are in.
    await expect.poll(() => mapCaption.innerText().catch(() => ''), { timeout: SLOW }).toMatch(/^Perceptual map of 4 segments over 4 attributes, from a PCA of the segment means/);
    expect(await map.locator('svg circle').count()).toBe(4);

    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await checkA11y(page, `explain and map, ${theme}`);
    }
  }, 240_000); // axe takes 15-30 s per run on a notebook this full

  it('draws a seeded sample of 10,000 points for a table of more rows, and says so', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const clusterCell = await addCellOfKind(page, 'Cluster');
    await cluster(clusterCell, 'retail_transactions', ['quantity', 'unit_price'], ['unit_price'], 3);
    const caption = clusterCell.getByRole('region', { name: 'Segments in two dimensions' }).locator('figcaption');
    await caption.waitFor({ timeout: 90_000 });
    expect(await caption.innerText()).toContain('It shows a seeded sample of 10,000 of 53,154 rows.');
  }, 150_000);
});
