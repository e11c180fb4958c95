import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, checkA11y, checkContrast, openSampleData, setTheme, SLOW, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
const SAMPLE = resolve(import.meta.dirname, '../../sample-data/retail-transactions.csv');
const EXCLUDE = `invoice_id LIKE 'C%' OR quantity <= 0`;

/** The customers and revenue the cell should show, computed by native DuckDB from the same file. */
async function expectedFigures(): Promise<{ customers: number; revenue: number; reference: string }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(`SELECT count(DISTINCT customer_id)::INTEGER AS customers, sum(quantity * unit_price)::DOUBLE AS revenue,
      strftime(max(invoice_date)::DATE + 1, '%Y-%m-%d') AS reference
    FROM read_csv('${SAMPLE}') WHERE NOT (${EXCLUDE})`);
  const [row] = reader.getRowObjectsJS();
  conn.closeSync();
  instance.closeSync();
  return { customers: Number(row.customers), revenue: Number(row.revenue), reference: String(row.reference) };
}

async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 60_000);
}

function figure(cell: Locator, term: string): Promise<string> {
  return cell.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]').innerText();
}

describe('rfm cell', () => {
  it('guesses the columns of the sample transactions, scores customers, shows segments and the R x F grid, and edits the map', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const cell = await addCellOfKind(page, 'RFM');

    await cell.getByLabel('Transactions table').selectOption('retail_transactions');
    await expect.poll(() => cell.getByLabel('Customer column').inputValue()).toBe('customer_id');
    expect(await cell.getByLabel('Date column').inputValue()).toBe('invoice_date');
    expect(await cell.getByLabel('Invoice column').inputValue()).toBe('invoice_id');
    expect(await cell.getByLabel('Amount (column or expression)').inputValue()).toBe('"quantity" * "unit_price"');
    await cell.getByLabel('Leave out rows where').fill(EXCLUDE);
    await cell.getByLabel('Leave out rows where').press('Tab');

    await run(cell);
    const expected = await expectedFigures();
    expect(await figure(cell, 'Customers')).toBe(expected.customers.toLocaleString('en'));
    expect(await figure(cell, 'Revenue')).toBe(expected.revenue.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    expect(await figure(cell, 'Reference date')).toBe(`${expected.reference} (default)`);
    await expect.poll(() => cell.locator('.notes').innerText()).toContain('772 met the exclusion condition');

    const segments = cell.getByRole('table', { name: /^Customers and revenue per segment/ });
    const names = await segments.locator('tbody th').allInnerTexts();
    expect(names).toContain('Champions');
    expect(names).toContain('Lost');
    const counts = (await segments.locator('tbody tr td:nth-of-type(1)').allInnerTexts()).map((t) => Number(t.replaceAll(',', '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(expected.customers);

    const grid = cell.getByRole('figure');
    await expect.poll(() => grid.locator('figcaption').innerText()).toMatch(/^Customers by recency score .*: R5 F1 /);
    expect(await grid.locator('svg rect').count()).toBeGreaterThan(25);
    await cell.getByLabel('mean monetary value').check();
    await expect.poll(() => grid.locator('figcaption').innerText()).toMatch(/^Mean monetary value by recency score/);

    await cell.getByText(/^Segment map \(11 lines\)/).click();
    await checkA11y(page, 'rfm cell, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'rfm cell, dark');

    await cell.getByRole('button', { name: 'Remove Lost' }).click();
    await expect.poll(() => cell.getByRole('status').filter({ hasText: 'No line covers' }).innerText()).toBe(
      'No line covers 2 score pairs: R1 F1, R1 F2. Customers there get no segment.',
    );
    await cell.getByRole('button', { name: "Move Can't Lose Them up" }).press('Enter');
    expect(await cell.getByLabel('Segment name, line 7').inputValue()).toBe("Can't Lose Them");
    await run(cell);
    await expect.poll(() => segments.locator('tbody th').allInnerTexts()).toContain('(no segment)');
  }, 180_000);

  it('says which column to change when the date column is text, and scores by custom edges once it is fixed', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const cell = await addCellOfKind(page, 'RFM');
    await cell.getByLabel('Transactions table').selectOption('retail_transactions');
    await cell.getByLabel('Date column').selectOption('product_category');
    await cell.getByRole('button', { name: /^Run / }).click();
    await waitForStatus(cell, 'error', SLOW);
    expect(await cell.locator('.problem').innerText()).toMatch(/the date column "product_category" is VARCHAR, not a date; change the column's type to TIMESTAMP/);

    await cell.getByLabel('Date column').selectOption('invoice_date');
    await cell.getByLabel('by custom bin edges').check();
    expect(await cell.getByLabel('Recency edges (days)').inputValue()).toBe('30, 90, 180, 365');
    await cell.getByLabel('Frequency edges').fill('5, 10, 15, 20');
    await cell.getByLabel('Frequency edges').press('Tab');
    await cell.getByLabel('Reference date').fill('2024-07-01');
    await cell.getByLabel('Reference date').press('Tab');
    await run(cell);
    expect(await figure(cell, 'Reference date')).toBe('2024-07-01');
    await expect.poll(() => cell.locator('.notes').innerText()).toMatch(/were dated on or after the reference date/);
    await checkA11y(page, 'rfm cell with custom edges');
  }, 180_000);
});
