import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, addNamedSqlCell, cells, checkA11y, checkContrast, clusterOnRfm, grid, gridRows, loadFiles, openSampleData, setTheme, SLOW, statusOf, useBrowser, waitForSource, waitForStatus } from './harness.ts';

const session = useBrowser();
const root = resolve(import.meta.dirname, '../..');
const RETAIL = resolve(root, '../shared/datasets/online-retail/online-retail.csv.gz');


const KIND_LABEL = { cluster: 'Cluster', validate: 'Validate', score: 'Score' } as const;

function addCell(page: Page, kind: keyof typeof KIND_LABEL): Promise<Locator> {
  return addCellOfKind(page, KIND_LABEL[kind]);
}


async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 90_000);
}

describe('segmentation', () => {
  it('sweeps k with a stated reason, clusters, validates and scores, all in the worker', async () => {
    const { page } = await session.open();
    const cluster = await clusterOnRfm(page);

    await cluster.getByLabel('From k =').fill('2');
    await cluster.getByLabel('From k =').press('Tab');
    await cluster.getByLabel('to', { exact: true }).fill('6');
    await cluster.getByLabel('to', { exact: true }).press('Tab');
    await cluster.getByRole('button', { name: 'Sweep k' }).click();
    const reason = cluster.getByText(/^k = \d+: (named by|no metric names)/);
    await reason.waitFor({ timeout: SLOW });
    // Each metric states its own best k; the gap statistic's comes from the sweep's second worker.
    const bests = cluster.getByRole('list', { name: 'Best k by each metric, segments' }).getByRole('listitem');
    expect(await bests.allInnerTexts()).toEqual([
      expect.stringMatching(/^Inertia elbow: k = \d+ /), expect.stringMatching(/^Silhouette: k = \d+ \(highest, /),
      expect.stringMatching(/^Davies-Bouldin: k = \d+ \(lowest, /), expect.stringMatching(/^Calinski-Harabasz: k = \d+ \(highest, /),
      expect.stringMatching(/^Gap statistic: (k = \d+|still rising)/),
    ]);
    expect(await cluster.getByText(/^The pick is the k named by the most metrics/).count()).toBe(1);
    const recommended = Number(/^k = (\d+)/.exec(await reason.innerText())![1]);
    expect(recommended).toBeGreaterThanOrEqual(2);
    expect(await cluster.getByRole('figure').count()).toBe(5);
    const use = cluster.getByRole('button', { name: `Use k = ${recommended}` });
    if (await use.count()) await use.click();
    await expect.poll(() => cluster.getByLabel('Segments (k)').inputValue()).toBe(String(recommended));

    await run(cluster);
    expect(await cluster.locator('[data-status]').innerText()).toMatch(/2,000 rows/);
    const centres = cluster.getByRole('region', { name: 'Result of segments_centroids' });
    await centres.waitFor({ timeout: SLOW });
    await expect.poll(() => centres.locator('tbody tr').count()).toBe(recommended);

    const validate = await addCell(page, 'validate');
    await validate.getByLabel('Value column').selectOption('monetary');
    await validate.getByLabel('Bootstrap samples').fill('5');
    await validate.getByLabel('Bootstrap samples').press('Tab');
    await run(validate);
    const verdict = validate.getByRole('table', { name: /Verdict per segment/ });
    expect(await verdict.locator('tbody tr').count()).toBe(recommended);
    expect(await validate.getByRole('status').filter({ hasText: 'Silhouette' }).innerText()).toMatch(/Mean ARI over bootstraps/);
    expect(await validate.locator('figcaption', { hasText: /^Silhouette of 2,000 rows/ }).count()).toBe(1);

    const score = await addCell(page, 'score');
    await score.getByLabel('Rows to score').selectOption('rfm');
    await run(score);
    expect(await score.locator('[data-status]').innerText()).toMatch(/2,000 rows/);

    await checkA11y(page, 'segmentation view, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'segmentation view, dark');
  }, 240_000);

  it('gives the same segments in the browser as the command-line runner for the same workbook and seed', async () => {
    const { page } = await session.open();
    const cluster = await clusterOnRfm(page);
    await run(cluster);
    const check = await addNamedSqlCell(page, 'fingerprint', 'SELECT string_agg(segment::VARCHAR, \'\' ORDER BY customer_id) AS s FROM segments');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(check, 'done');
    // The grid fetches its rows after the cell is done.
    await grid(check).locator('tbody tr').first().waitFor({ timeout: SLOW });
    const [[inBrowser]] = await gridRows(check);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save workbook' }).click();
    const dir = await mkdtemp(join(tmpdir(), 'segbook-same-'));
    const path = join(dir, 'workbook.segbook.json');
    await (await download).saveAs(path);
    const wb = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify(wb));
    const out = join(dir, 'out');
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/segbook.ts'), 'run', path, '--out', out], { cwd: root, encoding: 'utf8' });
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);

    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(`SELECT string_agg(segment::VARCHAR, '' ORDER BY customer_id) FROM read_parquet('${join(out, 'segments.parquet')}')`);
    const [[inNode]] = reader.getRowsJS();
    conn.closeSync();
    instance.closeSync();
    expect(inBrowser.length).toBe(2000);
    expect(inNode).toBe(inBrowser);
  }, 240_000);

  it.runIf(existsSync(RETAIL))('clusters the real Online Retail RFM table and shows which segments fail which check', async () => {
    const { page } = await session.open();
    await loadFiles(page, [RETAIL]);
    await waitForSource(page, 'online_retail', 541_909);
    const rfm = await addNamedSqlCell(
      page,
      'rfm',
      `SELECT CustomerID, date_diff('day', max(InvoiceDate)::DATE, DATE '2011-12-10') AS recency, count(DISTINCT InvoiceNo) AS frequency,
  sum(Quantity * UnitPrice) AS monetary FROM online_retail
WHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%' AND Quantity > 0 AND UnitPrice > 0 GROUP BY CustomerID`,
    );
    await page.keyboard.press('Control+Enter');
    await waitForStatus(rfm, 'done');
    const cluster = await addCell(page, 'cluster');
    for (const column of ['recency', 'frequency', 'monetary']) await cluster.getByLabel(`Use column ${column} as`).selectOption('number');
    for (const column of ['frequency', 'monetary']) await cluster.getByLabel(`log1p of ${column}`).check();
    await run(cluster);
    expect(await cluster.locator('[data-status]').innerText()).toMatch(/4,338 rows/);
    const validate = await addCell(page, 'validate');
    await validate.getByLabel('Value column').selectOption('monetary');
    await validate.getByLabel('Too small below (%)').fill('20');
    await validate.getByLabel('Too small below (%)').press('Tab');
    await run(validate);
    const rows = validate.getByRole('table', { name: /Verdict per segment/ }).locator('tbody tr');
    expect(await rows.count()).toBe(4);
    const verdicts = await rows.locator('td:last-child').allInnerTexts();
    // With a 20% floor, at least one of four segments of 4,338 customers must be flagged too small.
    expect(verdicts.some((v) => v.includes('too small to act on'))).toBe(true);
    expect(await validate.getByText(/Value differs \(Kruskal-Wallis\): yes/).count()).toBe(1);
  }, 240_000);

  it('shows clustering progress, cancels it, and keeps the page responsive', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const big = await addNamedSqlCell(page, 'big', 'SELECT range AS id, random() AS a, random() AS b, random() AS c, random() AS d FROM range(400000)');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(big, 'done');
    const cluster = await addCell(page, 'cluster');
    await cluster.getByLabel('Input table').selectOption('big');
    for (const column of ['a', 'b', 'c', 'd']) await cluster.getByLabel(`Use column ${column} as`).selectOption('number');
    await cluster.getByLabel('Segments (k)').fill('12');
    await cluster.getByLabel('Restarts').fill('200');
    await cluster.getByLabel('Restarts').press('Tab');
    await cluster.getByRole('button', { name: /^Run / }).click();
    // 400,000 rows: the restarts run on a seeded sample, and the progress says so.
    const progress = cluster.getByText(/^restart \d+ of 200 on a sample of 50,000 rows · iteration \d+/);
    await progress.waitFor({ timeout: SLOW });
    // The fit runs in a worker: the page keeps drawing its progress while it runs.
    const first = await progress.innerText();
    await expect.poll(() => progress.innerText(), { timeout: SLOW }).not.toBe(first);
    expect(await statusOf(cluster)).toBe('running');
    await cluster.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => statusOf(cluster), { timeout: SLOW }).toBe('cancelled');
  }, 240_000);
});
