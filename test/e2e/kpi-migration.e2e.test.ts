import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, addNamedSqlCell, checkA11y, checkContrast, gridRows, openSampleData, setTheme, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
const root = resolve(import.meta.dirname, '../..');
const SAMPLE = resolve(root, 'sample-data/retail-transactions.csv');

/** Value tiers by what each customer spent in one year: thirds by spend, ties broken by id. */
function tiersSql(year: number, table = 'retail_transactions'): string {
  return `SELECT customer_id,
  CASE ntile(3) OVER (ORDER BY round(sum(quantity * unit_price), 2), customer_id) WHEN 1 THEN 'low' WHEN 2 THEN 'mid' ELSE 'high' END AS tier
FROM ${table}
WHERE year(invoice_date) = ${year}
GROUP BY customer_id`;
}

/** The same figures straight from the sample file with native DuckDB, for comparison. */
async function directFigures() {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
  try {
    await conn.run(`CREATE TABLE tx AS SELECT * FROM read_csv('${SAMPLE}')`);
    await conn.run(`CREATE TABLE t23 AS ${tiersSql(2023, 'tx')}`);
    await conn.run(`CREATE TABLE t24 AS ${tiersSql(2024, 'tx')}`);
    const matrix = await rows(`SELECT coalesce(b.tier, '(new)') AS f, coalesce(a.tier, '(gone)') AS t, count(*) AS n
      FROM t23 b FULL JOIN t24 a USING (customer_id) GROUP BY ALL ORDER BY f, t`);
    const [kpi] = await rows(`SELECT count(DISTINCT customer_id) AS active, round(sum(quantity * unit_price)) AS revenue
      FROM tx JOIN t24 USING (customer_id) WHERE t24.tier = 'high' AND date_trunc('month', invoice_date) = DATE '2024-12-01'`);
    return { matrix: matrix.map((r) => [String(r.f), String(r.t), Number(r.n)] as const), kpi: { active: Number(kpi.active), revenue: Number(kpi.revenue) } };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 60_000);
}

describe('segment KPIs and migration', () => {
  it('compares two value-tier snapshots and tracks the later tiers month by month, matching direct SQL', async () => {
    const { page } = await session.open();
    const direct = await directFigures();
    await openSampleData(page);
    for (const year of [2023, 2024]) {
      const tiers = await addNamedSqlCell(page, `tiers_${year}`, tiersSql(year));
      await page.keyboard.press('Control+Enter');
      await waitForStatus(tiers, 'done');
    }

    const migration = await addCellOfKind(page, 'Segment migration');
    await migration.getByLabel('Earlier segments table', { exact: true }).selectOption('tiers_2023');
    await migration.getByLabel('Later segments table', { exact: true }).selectOption('tiers_2024');
    await migration.getByLabel('Customer key (in both)', { exact: true }).selectOption('customer_id');
    await migration.getByLabel('Earlier segment column', { exact: true }).selectOption('tier');
    await migration.getByLabel('Later segment column', { exact: true }).selectOption('tier');
    await run(migration);
    // The grid fills in just after the run ends.
    const shown = async () => (await gridRows(migration)).map((r) => [r[0], r[1], Number(r[2])] as const);
    await expect.poll(shown).toEqual(direct.matrix);
    const total = direct.matrix.reduce((s, [, , n]) => s + n, 0);
    expect(total).toBe(2000);
    const counts = migration.getByRole('table', { name: /^Customers of tiers_2023 and tiers_2024/ });
    const row = async (name: string) => counts.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td').innerText();
    expect(await row('In either table')).toBe('2,000');
    const newCount = direct.matrix.filter(([f]) => f === '(new)').reduce((s, [, , n]) => s + n, 0);
    const goneCount = direct.matrix.filter(([, t]) => t === '(gone)').reduce((s, [, , n]) => s + n, 0);
    expect(await row('New: only in tiers_2024')).toBe(newCount.toLocaleString('en'));
    expect(await row('Gone: only in tiers_2023')).toBe(goneCount.toLocaleString('en'));
    const [highToLow] = direct.matrix.filter(([f, t]) => f === 'high' && t === 'low');
    const matrixCaption = await migration.locator('figcaption').filter({ hasText: /^Transition matrix of 2,000 customers/ }).innerText();
    expect(matrixCaption).toContain(`high: `);
    expect(matrixCaption).toContain(`${highToLow[2]} to low`);
    expect(await migration.locator('figcaption').filter({ hasText: /^Flows of 2,000 customers from tiers_2023 \(left\) to tiers_2024 \(right\)/ }).count()).toBe(1);
    expect(await migration.getByRole('figure').count()).toBe(2);

    const kpis = await addCellOfKind(page, 'Segment KPIs');
    await kpis.getByLabel('Transactions table', { exact: true }).selectOption('retail_transactions');
    await kpis.getByLabel('Customer column', { exact: true }).selectOption('customer_id');
    await kpis.getByLabel('Date column', { exact: true }).selectOption('invoice_date');
    await kpis.getByLabel('Amount (column or expression)', { exact: true }).fill('quantity * unit_price');
    await kpis.getByLabel('Amount (column or expression)', { exact: true }).press('Tab');
    await kpis.getByLabel('Segments table', { exact: true }).selectOption('tiers_2024');
    await kpis.getByLabel('Its customer column', { exact: true }).selectOption('customer_id');
    await kpis.getByLabel('Segment column', { exact: true }).selectOption('tier');
    await kpis.getByLabel('month', { exact: true }).check();
    await run(kpis);
    expect(await kpis.getByRole('figure').count()).toBe(3);
    // Customers without a 2024 tier (gone after 2023) are counted as "(no segment)".
    const figures = kpis.getByRole('table', { name: /^Segments in the month of 2024-12-01/ });
    const high = await figures.getByRole('row', { name: /^high/ }).locator('td').allInnerTexts();
    expect(high[0]).toBe(direct.kpi.active.toLocaleString('en'));
    expect(high[1]).toBe(direct.kpi.revenue.toLocaleString('en'));
    expect(await figures.getByRole('row', { name: /^\(no segment\)/ }).count()).toBe(1);
    const activeCaption = await kpis.locator('figcaption').filter({ hasText: /^Active customers per month/ }).innerText();
    expect(activeCaption).toContain(`from 2023-01-01 to 2024-12-01 (24 periods)`);
    expect(activeCaption).toContain(`high ${direct.kpi.active.toLocaleString('en')}`);

    await kpis.getByLabel('week (from Monday)', { exact: true }).check();
    await run(kpis);
    expect(await kpis.locator('figcaption').filter({ hasText: /^Active customers per week from 2022-12-26 to 2024-12-30/ }).count()).toBe(1);

    await checkA11y(page, 'KPI and migration cells, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'KPI and migration cells, dark');
  }, 240_000); // axe takes 15-30 s per run on a notebook this full
});
