import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Workbook } from '../../src/engine/workbook.ts';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segbook-cli-'));
  await writeFile(join(dir, 'customers.csv'), 'id,name,spend\n1,Ana,10.5\n2,Bo,20\n3,Cy,7.25\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function workbook(cells: Workbook['cells'], sources: Workbook['sources'] = [customers()]): Workbook {
  return { format: 'segbook-workbook', version: 1, title: 'cli test', sources, cells };
}

function customers(): Workbook['sources'][number] {
  return { name: 'customers', file: 'customers.csv', origin: 'file', format: 'csv', columnTypes: {}, schema: [] };
}

async function runCli(wb: Workbook, ...args: string[]) {
  const path = join(dir, `wb-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(wb));
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/segbook.ts'), 'run', path, ...args, '--out', out], {
    cwd: root,
    encoding: 'utf8',
  });
  return { ...result, out };
}

async function readParquet(path: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
  const rows = reader.getRowsJS();
  conn.closeSync();
  instance.closeSync();
  return rows;
}

describe('segbook run', () => {
  it('runs every cell on native DuckDB and writes each output table as Parquet plus run.json', async () => {
    const wb = workbook([
      { id: 'n1', kind: 'markdown', text: '# notes are skipped' },
      { id: 'a', kind: 'sql', name: 'big_spenders', sql: 'SELECT * FROM customers WHERE spend > 8 ORDER BY id' },
      { id: 'b', kind: 'sql', name: 'total', sql: 'SELECT sum(spend) AS total FROM big_spenders' },
    ]);
    const r = await runCli(wb, '--data', `customers=${join(dir, 'customers.csv')}`);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(r.out, 'run.json'), 'utf8'));
    expect(report.ok).toBe(true);
    expect(report.cells.map((c: { name: string; status: string; rowCount: number }) => [c.name, c.status, c.rowCount])).toEqual([
      ['big_spenders', 'done', 2],
      ['total', 'done', 1],
    ]);
    expect(report.cells[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(await readParquet(join(r.out, 'total.parquet'))).toEqual([[30.5]]);
  });

  it('writes CSV with --format csv', async () => {
    const wb = workbook([{ id: 'a', kind: 'sql', name: 'names', sql: 'SELECT name FROM customers ORDER BY id' }]);
    const r = await runCli(wb, '--data', `customers=${join(dir, 'customers.csv')}`, '--format', 'csv');
    expect(r.status, r.stderr).toBe(0);
    expect(await readFile(join(r.out, 'names.csv'), 'utf8')).toBe('name\nAna\nBo\nCy\n');
  });

  it('exits non-zero and records the error when a cell fails, with downstream cells skipped and naming it', async () => {
    const wb = workbook([
      { id: 'a', kind: 'sql', name: 'broken', sql: 'SELECT nope FROM customers' },
      { id: 'b', kind: 'sql', name: 'after', sql: 'SELECT * FROM broken' },
    ]);
    const r = await runCli(wb, '--data', `customers=${join(dir, 'customers.csv')}`);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/broken: error: .*nope/);
    const report = JSON.parse(await readFile(join(r.out, 'run.json'), 'utf8'));
    expect(report.ok).toBe(false);
    expect(report.cells[0]).toMatchObject({ name: 'broken', status: 'error' });
    expect(report.cells[0].error).toMatch(/nope[\s\S]*\(line 1, column 8\)/);
    expect(report.cells[1]).toMatchObject({ name: 'after', status: 'skipped', error: 'upstream cell broken failed' });
    expect(r.stdout).toContain('✗ after: skipped: upstream cell broken failed');
  });

  it('fails with a clear message when a data file is missing or not given', async () => {
    const wb = workbook([{ id: 'a', kind: 'sql', name: 'q', sql: 'SELECT 1' }]);
    const none = await runCli(wb);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('source customers (customers.csv) has no data file: pass --data customers=PATH');
    const missing = await runCli(wb, '--data', `customers=${join(dir, 'nope.csv')}`);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('data file for customers not found');
  });

  it('fails with a clear message for a workbook from a newer Segbook', async () => {
    const wb = { ...workbook([]), version: 99 } as unknown as Workbook;
    const r = await runCli(wb, '--data', `customers=${join(dir, 'customers.csv')}`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/newer Segbook \(format version 99\)/);
  });

  it('reads sample sources from sample-data without --data', async () => {
    const wb = workbook(
      [{ id: 'a', kind: 'sql', name: 'n', sql: 'SELECT count(*) AS n FROM retail_customers' }],
      [{ name: 'retail_customers', file: 'retail-customers.csv', origin: 'sample', format: 'csv', columnTypes: {}, schema: [] }],
    );
    const r = await runCli(wb);
    expect(r.status, r.stderr).toBe(0);
    expect(await readParquet(join(r.out, 'n.parquet'))).toEqual([[2000n]]);
  });

  it.runIf(existsSync(resolve(root, '../shared/datasets/online-retail/online-retail.csv.gz')))(
    'runs an RFM workbook on the real Online Retail file and reproduces its reference figures',
    async () => {
      const wb = workbook(
        [
          { id: 'a', kind: 'sql', name: 'clean', sql: "SELECT * FROM retail WHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%' AND Quantity > 0 AND UnitPrice > 0" },
          { id: 'b', kind: 'sql', name: 'rfm', sql: "SELECT CustomerID, date_diff('day', max(InvoiceDate)::DATE, DATE '2011-12-10') AS recency, count(DISTINCT InvoiceNo) AS frequency, sum(Quantity * UnitPrice) AS monetary FROM clean GROUP BY 1" },
          { id: 'c', kind: 'sql', name: 'summary', sql: 'SELECT count(*) AS customers, round(sum(monetary), 2) AS revenue, round(avg(recency), 2) AS recency, round(avg(frequency), 3) AS frequency, median(monetary) AS median_monetary FROM rfm' },
        ],
        [{ name: 'retail', file: 'online-retail.csv.gz', origin: 'file', format: 'csv', columnTypes: {}, schema: [] }],
      );
      const r = await runCli(wb, '--data', `retail=${resolve(root, '../shared/datasets/online-retail/online-retail.csv.gz')}`);
      expect(r.status, r.stderr).toBe(0);
      const [[customers, revenue, recency, frequency, median]] = await readParquet(join(r.out, 'summary.parquet'));
      expect(customers).toBe(4338n);
      expect(revenue).toBeCloseTo(8911407.9, 2);
      expect(recency).toBeCloseTo(93.06, 2);
      expect(frequency).toBeCloseTo(4.272, 3);
      expect(median).toBeCloseTo(674.485, 3);
    },
  );
});
