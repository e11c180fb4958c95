import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../src/engine/workbook.ts';
import { query, root, runWorkbookCli, source, tempDir, workbook } from './harness.ts';

const CUSTOMERS = resolve(root, 'sample-data/retail-customers.csv');
let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
});
afterAll(() => remove());

const stratified: Cell = {
  id: 's', kind: 'sample', name: 'by_channel', input: 'customers', method: 'stratified', stratum: 'channel_preference', size: 20, unit: 'percent', seed: 11,
};

describe('the command-line runner runs a sample cell', () => {
  it('writes a stratified sample with round(share × stratum size) rows of each stratum, and reports it in run.json', async () => {
    const run = await runWorkbookCli(dir, workbook([stratified], [source('customers', 'retail-customers.csv')]), '--data', `customers=${CUSTOMERS}`);
    expect(run.status, run.stderr).toBe(0);
    const expected = await query(`SELECT channel_preference AS stratum, round(0.2 * count(*))::INTEGER AS n FROM read_csv('${CUSTOMERS}') GROUP BY ALL ORDER BY 1`);
    const written = await query(`SELECT channel_preference AS stratum, count(*)::INTEGER AS n FROM '${join(run.out, 'by_channel.parquet')}' GROUP BY ALL ORDER BY 1`);
    expect(written).toEqual(expected);
    const [{ total }] = await query(`SELECT count(*)::INTEGER AS total FROM read_csv('${CUSTOMERS}')`);
    const taken = expected.reduce((a, r) => a + Number(r.n), 0);
    const reported = run.report?.cells.find((c) => c.name === 'by_channel');
    expect(reported).toMatchObject({ status: 'done', rowCount: taken, result: { kind: 'sample', rows: taken, of: total, strata: expected.length } });
    expect(run.stdout).toContain(`${taken.toLocaleString('en')} of ${Number(total).toLocaleString('en')} rows from ${expected.length} strata`);
  });

  it('gives the same rows for the same seed, run after run', async () => {
    const wb = workbook([stratified], [source('customers', 'retail-customers.csv')]);
    const first = await runWorkbookCli(dir, wb, '--data', `customers=${CUSTOMERS}`);
    const second = await runWorkbookCli(dir, wb, '--data', `customers=${CUSTOMERS}`);
    const [{ n }] = await query(
      `SELECT count(*)::INTEGER AS n FROM (SELECT * FROM '${join(first.out, 'by_channel.parquet')}' EXCEPT ALL SELECT * FROM '${join(second.out, 'by_channel.parquet')}')`,
    );
    expect(n).toBe(0);
  });
});
