import { describe, expect, it } from 'vitest';
import { addCellOfKind, checkA11y, openSampleData, sourceCard, useBrowser, openSchemaPreview } from './harness.ts';

const session = useBrowser();

describe('defaults of new cells, and the schema preview', () => {
  it('starts a cluster cell on the customer table with its measures, warns on a summary, and counts distinct values exactly', async () => {
    const { page } = await session.open();
    await openSampleData(page);

    await openSchemaPreview(sourceCard(page, 'retail_customers'));
    const schema = sourceCard(page, 'retail_customers').getByRole('region', { name: 'Schema of retail_customers' });
    const idRow = schema.locator('tr', { has: page.locator('th', { hasText: /^customer_id$/ }) });
    // 2,000 customers, one row each: the exact count, not an estimate (the columns of numbers are nulls, then distinct).
    expect(await idRow.locator('td.num').nth(1).innerText()).toBe('2,000');

    const cluster = await addCellOfKind(page, 'Cluster');
    expect(await cluster.getByLabel('Input table').inputValue()).toBe('customer_value');
    expect(await cluster.getByLabel('Use column orders as').inputValue()).toBe('number');
    expect(await cluster.getByLabel('Use column revenue as').inputValue()).toBe('number');
    expect(await cluster.getByRole('status').filter({ hasText: 'looks like a summary' }).count()).toBe(0);

    await cluster.getByLabel('Input table').selectOption('value_by_segment');
    const warning = cluster.getByRole('status').filter({ hasText: 'looks like a summary' });
    await warning.waitFor();
    expect(await warning.innerText()).toBe(
      '"value_by_segment" has one row per segment_truth (6 rows). It looks like a summary, not a table of customers: pick the table with one row per customer.',
    );
    await checkA11y(page, 'new cluster cell with an input warning');
  }, 120_000);
});
