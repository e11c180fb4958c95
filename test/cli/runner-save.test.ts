import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../src/engine/workbook-format.ts';
import type { Cell, ClusterCell } from '../../src/engine/workbook.ts';
import { FIXTURES, XY, query, runWorkbookCli, segbook, source, tempDir, workbook } from './harness.ts';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(() => remove());

const cells: Cell[] = [
  {
    id: 'c', kind: 'cluster', name: 'segments', input: 'customers', features: XY, algorithm: 'kmeans', k: 3, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
    sweep: { min: 2, max: 5, references: 3 }, model: null,
  },
  { id: 's', kind: 'score', name: 'scored', input: 'customers', model: 'segments' },
];

async function segmentsById(parquet: string): Promise<Map<number, number | null>> {
  const rows = await query(`SELECT id::INTEGER AS id, segment::INTEGER AS segment FROM '${parquet}'`);
  return new Map(rows.map((r) => [Number(r.id), r.segment === null ? null : Number(r.segment)]));
}

describe('--save and --keep-models', () => {
  it("saves the workbook with its fitted model, and next month's run scores new rows with it, unrefitted, into the same segments", async () => {
    const saved = join(dir, 'fitted.segbook.json');
    const month1 = await runWorkbookCli(dir, workbook(cells, [source('customers', 'customers.csv')]), '--data', `customers=${join(FIXTURES, 'blobs.csv')}`, '--save', saved);
    expect(month1.status, month1.stderr).toBe(0);
    expect(month1.report!.saved).toBe(saved);
    expect(month1.stdout).toContain(`workbook with its fitted models saved to ${saved}`);
    const fitted = parseWorkbook(await readFile(saved, 'utf8'));
    const model = (fitted.cells[0] as ClusterCell).model;
    expect(model).not.toBeNull();
    expect(model!.k).toBe(3);
    expect(model!.centroids).toHaveLength(6);
    const trained = await segmentsById(join(month1.out, 'segments.parquet'));

    // Next month: only the two smaller blobs come back, in another order. Fitted again with k = 3
    // they would be cut into three new segments; the saved model keeps the old ones.
    const csv = (await readFile(join(FIXTURES, 'blobs.csv'), 'utf8')).trim().split('\n');
    const next = csv.slice(31).reverse();
    const nextPath = join(dir, 'customers-next-month.csv');
    await writeFile(nextPath, [csv[0], ...next].join('\n') + '\n');

    const resaved = join(dir, 'fitted-again.segbook.json');
    const out = join(dir, 'month2');
    const month2 = segbook('run', saved, '--data', `customers=${nextPath}`, '--keep-models', '--save', resaved, '--out', out);
    expect(month2.status, month2.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(report.cells.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([['segments', 'kept'], ['scored', 'done']]);
    expect(report.cells[1].result).toMatchObject({ kind: 'score', scored: 30, dropped: 0 });
    expect(month2.stdout).toContain('= segments: kept its saved model (not fitted again)');

    const scored = await segmentsById(join(out, 'scored.parquet'));
    expect(scored.size).toBe(30);
    // A row farther from its centre than 99% of the training rows fits no segment (NULL), as in the app.
    const unfit = [...scored.values()].filter((s) => s === null).length;
    expect(report.cells[1].result.unfit).toBe(unfit);
    expect(unfit).toBeLessThanOrEqual(1);
    for (const [id, segment] of scored) if (segment !== null) expect([id, segment]).toEqual([id, trained.get(id)]);
    expect(new Set([...scored.values()].filter((s) => s !== null)).size).toBe(2);
    // Not refitted: the model written back is the one saved last month, to the last digit.
    expect((parseWorkbook(await readFile(resaved, 'utf8')).cells[0] as ClusterCell).model).toEqual(model);
  });

  it('without --keep-models fits the cluster cell again', async () => {
    const saved = join(dir, 'refit.segbook.json');
    const first = await runWorkbookCli(dir, workbook(cells, [source('customers', 'customers.csv')]), '--data', `customers=${join(FIXTURES, 'blobs.csv')}`, '--save', saved);
    expect(first.status, first.stderr).toBe(0);
    const out = join(dir, 'refit');
    const again = segbook('run', saved, '--data', `customers=${join(FIXTURES, 'blobs.csv')}`, '--out', out);
    expect(again.status, again.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(report.cells.map((c: { status: string }) => c.status)).toEqual(['done', 'done']);
  });

  it('skips a cell that reads the table of a cluster cell that kept its model, and says why', async () => {
    const saved = join(dir, 'reader.segbook.json');
    const withReader: Cell[] = [...cells, { id: 'q', kind: 'sql', name: 'sizes', sql: 'SELECT segment, count(*) AS n FROM segments GROUP BY 1' }];
    await runWorkbookCli(dir, workbook(withReader, [source('customers', 'customers.csv')]), '--data', `customers=${join(FIXTURES, 'blobs.csv')}`, '--save', saved);
    const out = join(dir, 'reader');
    const r = segbook('run', saved, '--data', `customers=${join(FIXTURES, 'blobs.csv')}`, '--keep-models', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ sizes: skipped: upstream cell segments kept its saved model (--keep-models) and wrote no table');
  });
});
