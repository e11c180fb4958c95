import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkbook } from '../../src/cli/run-workbook.ts';
import { gridRows, sqlCell, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
const COLUMNS = ['a', 'b', 'c', 'd', 'e', 'f'];

/**
 * 120,000 rows of exact arithmetic (the same in duckdb-wasm and native DuckDB), clustered with
 * k = 8 and 2 restarts: enough rows for the fit to split in two, so the browser runs the second
 * half on the ML worker's helper. The checksum pins every label and each centroid's exact value.
 */
function workbook(): object {
  const values = COLUMNS.map((c, i) => `((range * ${[7919, 104729, 1299709, 15485863, 179424673, 2038074743][i]} + ${i}) % 10007) / 10007.0 AS ${c}`);
  return {
    format: 'segbook-workbook', version: 1, title: 'k-means on two threads', sources: [],
    cells: [
      { id: 'c1', kind: 'sql', name: 'points', sql: `SELECT range AS id, ${values.join(', ')} FROM range(120000) ORDER BY range` },
      {
        id: 'c2', kind: 'cluster', name: 'segments', input: 'points',
        features: { numeric: COLUMNS.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' },
        algorithm: 'kmeans', k: 8, nInit: 2, maxIter: 300, tol: 0.0001, seed: 11, sweep: { min: 2, max: 10, references: 5 }, model: null,
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
});
