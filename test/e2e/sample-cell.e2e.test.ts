import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, checkA11y, openSampleData, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
const CUSTOMERS = resolve(import.meta.dirname, '../../sample-data/retail-customers.csv');

/** What plain SQL on the same file says a 20% sample stratified by channel holds. */
async function expected(): Promise<{ rows: number; of: number; strata: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(`SELECT sum(n)::INTEGER AS rows, sum(size)::INTEGER AS of, count(*)::INTEGER AS strata
    FROM (SELECT round(0.2 * count(*)) AS n, count(*) AS size FROM read_csv('${CUSTOMERS}') GROUP BY channel_preference)`);
  const [row] = reader.getRowObjectsJS();
  conn.closeSync();
  instance.closeSync();
  return { rows: Number(row.rows), of: Number(row.of), strata: Number(row.strata) };
}

async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 60_000);
}

describe('sample cell', () => {
  it('takes a stratified 20% sample of the sample customers, as many rows as plain SQL says, and a random one of 250 rows', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const cell = await addCellOfKind(page, 'Sample');

    await cell.getByLabel('Input table').selectOption('retail_customers');
    await cell.getByLabel('Method').selectOption('stratified');
    await cell.getByLabel('Stratum column').selectOption('channel_preference');
    await cell.getByLabel('Size', { exact: true }).fill('20');
    await cell.getByLabel('Size', { exact: true }).press('Tab');
    await cell.getByLabel('Size as').selectOption('percent');
    await cell.getByLabel('Seed').fill('11');
    await cell.getByLabel('Seed').press('Tab');
    await run(cell);
    const want = await expected();
    await expect.poll(() => cell.locator('.summary').innerText()).toBe(
      `${want.rows.toLocaleString('en')} of ${want.of.toLocaleString('en')} rows, from ${want.strata} strata.`,
    );
    await checkA11y(page, 'sample cell');

    await cell.getByLabel('Method').selectOption('random');
    await cell.getByLabel('Size as').selectOption('rows');
    await cell.getByLabel('Size', { exact: true }).fill('250');
    await cell.getByLabel('Size', { exact: true }).press('Tab');
    await run(cell);
    await expect.poll(() => cell.locator('.summary').innerText()).toBe(`250 of ${want.of.toLocaleString('en')} rows.`);
  }, 180_000);
});
