import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../src/engine/workbook.ts';
import { book, sheet, xlsxBytes } from '../ingest/fixtures/make-xlsx.ts';
import { query, runWorkbookCli, source, tempDir, workbook } from './harness.ts';

let dir: string;
let remove: () => Promise<void>;
let xlsx: string;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  xlsx = join(dir, 'crm.xlsx');
  await writeFile(xlsx, xlsxBytes(book({
    Orders: sheet([['order_id', 'total'], [1, 9.5], [2, 3]]),
    Customers: sheet([['customer_id', 'spend'], ['0001', 10], ['0002', 20], ['0003', 30.5]]),
  })));
});
afterAll(() => remove());

const totals: Cell = { id: 'q', kind: 'sql', name: 'totals', sql: 'SELECT count(*) AS customers, sum(spend) AS spend, min(customer_id) AS first_id FROM customers' };

describe('the command-line runner reads Excel sources', () => {
  it('loads the sheet the workbook names, by the same code as the browser', async () => {
    const run = await runWorkbookCli(dir, workbook([totals], [{ ...source('customers', 'crm.xlsx', 'excel'), sheet: 'Customers' }]), '--data', `customers=${xlsx}`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.report?.sources[0]).toMatchObject({ name: 'customers', format: 'excel', rowCount: 3, error: null });
    expect(await query(`SELECT * FROM '${join(run.out, 'totals.parquet')}'`)).toEqual([{ customers: 3n, spend: 60.5, first_id: '0001' }]);
  });

  it('names the missing sheet when the file no longer has it', async () => {
    const run = await runWorkbookCli(dir, workbook([totals], [{ ...source('customers', 'crm.xlsx', 'excel'), sheet: 'Clients' }]), '--data', `customers=${xlsx}`);
    expect(run.status).not.toBe(0);
    expect(run.report?.sources[0].error).toBe(`${xlsx} has no sheet "Clients"; its sheets are "Orders", "Customers". Choose one of those.`);
  });
});
