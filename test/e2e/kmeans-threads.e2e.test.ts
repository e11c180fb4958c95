import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkbook } from '../../src/cli/run-workbook.ts';
import { SLOW, gridRows, sqlCell, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
const COLUMNS = ['a', 'b', 'c', 'd', 'e', 'f'];

/**
 * 120,000 rows of exact arithmetic (the same in duckdb-wasm and native DuckDB), clustered with
 * k = 8 and 2 restarts: enough rows for the fit to split in two, so the browser runs the second
 * half on the ML worker's helper. The checksum pins every label and each centroid's exact value.
 */
function workbook(cluster: { nInit: number } = { nInit: 2 }): object {
  const values = COLUMNS.map((c, i) => `((range * ${[7919, 104729, 1299709, 15485863, 179424673, 2038074743][i]} + ${i}) % 10007) / 10007.0 AS ${c}`);
  return {
    format: 'segbook-workbook', version: 1, title: 'k-means on two threads', sources: [],
    cells: [
      { id: 'c1', kind: 'sql', name: 'points', sql: `SELECT range AS id, ${values.join(', ')} FROM range(120000) ORDER BY range` },
      {
        id: 'c2', kind: 'cluster', name: 'segments', input: 'points',
        features: { numeric: COLUMNS.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' },
        algorithm: 'kmeans', k: 8, nInit: cluster.nInit, maxIter: 300, tol: 0.0001, seed: 11, sweep: { min: 2, max: 10, references: 5 }, model: null,
        // Exact: every restart on every row, the path that spreads a fit over two workers.
        exact: true,
      },
      {
        id: 'c3', kind: 'sql', name: 'checksum',
        sql: `SELECT s.segment::VARCHAR || '|' || count(*)::VARCHAR || '|' || sum(s.id)::VARCHAR || '|' || sum(s.id * s.id)::VARCHAR || '|' ||
  any_value(${COLUMNS.map((c) => `c.${c}::VARCHAR`).join(` || ';' || `)}) AS line
FROM segments s JOIN segments_centroids c USING (segment)
GROUP BY s.segment ORDER BY s.segment`,
      },
    ],
  };
}

describe('k-means on two threads', () => {
  it('gives the browser the same segments and centroids as Node, with its helper worker doing half the rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segbook-kmeans-threads-'));
    const path = join(dir, 'threads.segbook.json');
    await writeFile(path, JSON.stringify(workbook()));
    const report = await runWorkbook({ workbookPath: path, data: {}, outDir: join(dir, 'out'), format: 'csv', sampleDir: dir });
    expect(report.cells.map((c) => `${c.name}: ${c.status} ${c.error ?? ''}`)).toEqual(['points: done ', 'segments: done ', 'checksum: done ']);
    const inNode = (await readFile(join(dir, 'out', 'checksum.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(inNode).toHaveLength(8);

    const { page, context } = await session.open();
    const helperScripts: string[] = [];
    context.on('request', (r) => r.url().includes('kmeans-helper.worker') && helperScripts.push(r.url()));
    await page.setInputFiles('#open-workbook-input', path);
    await page.getByRole('button', { name: 'Run all' }).click();
    await waitForStatus(sqlCell(page, 'checksum'), 'done', 120_000);
    const lines = async () => (await gridRows(sqlCell(page, 'checksum'))).map((row) => row[row.length - 1]);
    await expect.poll(lines, { timeout: 10_000 }).toEqual(inNode);
    expect(helperScripts.length).toBeGreaterThan(0);
  }, 180_000);

  it('shows a sweep cancelled while its gap worker runs, and a fit cancelled on two threads, as cancelled, not failed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segbook-kmeans-cancel-'));
    const path = join(dir, 'cancel.segbook.json');
    // Thirty restarts per k: the sweep and the fit run far longer than it takes to cancel them.
    await writeFile(path, JSON.stringify(workbook({ nInit: 30 })));
    const { page, context } = await session.open();
    const scripts: string[] = [];
    context.on('request', (r) => scripts.push(r.url()));
    const requested = (name: string) => scripts.filter((url) => url.includes(name)).length;
    await page.setInputFiles('#open-workbook-input', path);
    const points = sqlCell(page, 'points');
    await points.getByRole('button', { name: /^Run / }).click();
    await waitForStatus(points, 'done', 60_000);

    const cluster = sqlCell(page, 'segments');
    const sweep = cluster.getByRole('region', { name: 'Choose k for segments' });
    await sweep.getByRole('button', { name: 'Sweep k' }).click();
    await sweep.getByText(/^Sweeping: k = \d+ /).waitFor({ timeout: SLOW });
    // The gap statistic's reference fits run on the sweep's second worker, started by the ML worker.
    await expect.poll(() => requested('gap.worker'), { timeout: SLOW }).toBeGreaterThan(0);
    await sweep.getByRole('button', { name: 'Cancel sweep' }).click();
    await sweep.getByText('The sweep was cancelled.').waitFor({ timeout: SLOW });
    expect(await sweep.getByRole('alert').count()).toBe(0);

    await cluster.getByRole('button', { name: /^Run / }).click();
    await cluster.getByText(/^restart \d+ of 30 · iteration \d+ · inertia/).waitFor({ timeout: SLOW });
    // The fit's second half runs on the helper worker, started by the new ML worker.
    await expect.poll(() => requested('kmeans-helper.worker'), { timeout: SLOW }).toBeGreaterThan(0);
    await cluster.getByRole('button', { name: 'Cancel' }).click();
    await waitForStatus(cluster, 'cancelled', SLOW);
    expect(await cluster.locator('[role="alert"]').count()).toBe(0);

    // Cancelling ended the ML worker and its helpers; the next fit starts new ones and finishes.
    await cluster.getByLabel('Restarts').fill('1');
    await cluster.getByLabel('Restarts').press('Tab');
    await cluster.getByRole('button', { name: /^Run / }).click();
    await waitForStatus(cluster, 'done', 120_000);
  }, 240_000);
});
