import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { guessCustomerColumns } from '../../src/engine/column-guess.ts';
import { databaseLookup, inputWarning } from '../../src/engine/input-fit.ts';
import { createFittingCell, featuresForInput } from '../../src/engine/new-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, isTableCell, type Cell, type ColumnSpec, type SourceSpec, type Workbook } from '../../src/engine/workbook.ts';
import { describeTable } from '../../src/db/catalog.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { STARTER } from '../../src/examples/starter.ts';

const root = resolve(import.meta.dirname, '../..');
let db: NodeDatabase;
const columns: Record<string, ColumnSpec[]> = {};

async function load(table: string, file: string): Promise<SourceSpec> {
  const path = resolve(root, 'sample-data', file);
  const loaded = await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: file, table, path });
  return { name: table, file, origin: 'sample', format: 'csv', columnTypes: {}, schema: loaded.schema };
}

/** Runs every cell, then records each table's columns the way the notebook knows them. */
async function runAll(wb: Workbook): Promise<void> {
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
  await scheduler.runAll();
  for (const cell of wb.cells) {
    if (!isTableCell(cell)) continue;
    const state = scheduler.state(cell.id);
    expect(state.status, `${cell.name}: ${state.error?.message}`).toBe('done');
  }
  for (const table of [...wb.sources.map((s) => s.name), ...wb.cells.filter(isTableCell).map((c) => c.name)]) {
    columns[table] = await describeTable(db, table);
  }
}

const lookup = () => databaseLookup(db, (table) => columns[table] ?? []);
const add = (kind: Cell['kind'], wb: Workbook) => createFittingCell(kind, wb, wb.cells.length, lookup());

/** The sample workbook as "Open sample data" makes it: two retail tables, then customer_value and value_by_segment. */
let sample: Workbook;

beforeAll(async () => {
  db = await NodeDatabase.open();
  sample = { ...emptyWorkbook('sample'), sources: [await load('retail_customers', 'retail-customers.csv'), await load('retail_transactions', 'retail-transactions.csv')] };
  sample.cells = STARTER.map((c, i): Cell => (c.kind === 'sql' ? { id: `s${i}`, kind: 'sql', name: c.name, sql: c.sql } : { id: `s${i}`, kind: 'markdown', text: c.text }));
  await runAll(sample);
}, 60_000);
afterAll(() => db.close());

describe('a new cluster cell on the sample workbook', () => {
  it('passes over the 6-row value_by_segment summary to customer_value, one row per customer', async () => {
    const cell = await add('cluster', sample);
    expect(cell.kind === 'cluster' && cell.input).toBe('customer_value');
  });

  it('starts with the measures of customer_value as features, log1p on the skewed ones, and never the customer id', async () => {
    const cell = await add('cluster', sample);
    if (cell.kind !== 'cluster') throw new Error('expected a cluster cell');
    expect(cell.features.numeric.map((f) => [f.column, f.log1p])).toEqual([['orders', true], ['revenue', true]]);
  });

  it('warns in the cell when its input is the summary, naming the table and its segment column', async () => {
    expect(await inputWarning(db, sample, 'value_by_segment')).toBe(
      '"value_by_segment" has one row per segment_truth (6 rows). It looks like a summary, not a table of customers: pick the table with one row per customer.',
    );
    expect(await inputWarning(db, sample, 'customer_value')).toBeNull();
  });

  it('warns when its input has many rows per customer, with the counts from SQL', async () => {
    const [{ rows, customers }] = await db.query('SELECT count(customer_id) AS rows, count(DISTINCT customer_id) AS customers FROM retail_transactions');
    expect(await inputWarning(db, sample, 'retail_transactions')).toBe(
      `"retail_transactions" has ${Number(rows).toLocaleString('en')} rows with a customer_id but ${Number(customers).toLocaleString('en')} distinct customer_id: more than one row per customer. ` +
        'Make one row per customer first (an RFM cell, or SQL with GROUP BY customer_id).',
    );
  });

  it('on the sources alone, takes the customers table over the transactions', async () => {
    const cell = await add('cluster', { ...sample, cells: [] });
    expect(cell.kind === 'cluster' && cell.input).toBe('retail_customers');
    expect(cell.kind === 'cluster' && cell.features.numeric.map((f) => f.column)).toEqual(['age', 'income']);
  });
});

describe('new cells after a cluster and a validate cell', () => {
  let wb: Workbook;

  beforeAll(async () => {
    wb = { ...emptyWorkbook('rfm'), sources: sample.sources, cells: [] };
    wb.cells.push({
      id: 'rfm', kind: 'sql', name: 'customer_rfm',
      sql: `SELECT customer_id, date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency,
              count(DISTINCT invoice_id) AS frequency, sum(quantity * unit_price) AS monetary
            FROM retail_transactions WHERE invoice_id NOT LIKE 'C%' GROUP BY customer_id`,
    });
    await runAll(wb);
    const cluster = await add('cluster', wb);
    wb.cells.push({ ...cluster, id: 'cluster', ...(cluster.kind === 'cluster' ? { nInit: 2, k: 4 } : {}) });
    await runAll(wb);
    const validate = await add('validate', wb);
    wb.cells.push({ ...validate, id: 'validate', ...(validate.kind === 'validate' ? { bootstrap: 0 } : {}) });
    await runAll(wb);
  }, 60_000);

  it('+ Personas after validate reads the clustered customers, not the validation table', async () => {
    const cell = await add('profile', wb);
    if (cell.kind !== 'profile') throw new Error('expected a profile cell');
    expect(cell.input).toBe('segments');
    expect(cell.segmentColumn).toBe('segment');
    expect(cell.valueColumn).toBe('monetary');
    expect(cell.numeric).toEqual(['recency', 'frequency', 'monetary']);
    const [{ n }] = await db.query('SELECT count(*) AS n FROM segments');
    expect(Number(n)).toBe(2000);
  });

  it('validate reads the cluster cell above it with its features and monetary as the value column', () => {
    const validate = wb.cells.find((c) => c.id === 'validate');
    const cluster = wb.cells.find((c) => c.id === 'cluster');
    if (validate?.kind !== 'validate' || cluster?.kind !== 'cluster') throw new Error('expected both cells');
    expect(validate.input).toBe('segments');
    expect(validate.features).toEqual(cluster.features);
    expect(validate.valueColumn).toBe('monetary');
  });

  it('a cluster cell started on the RFM table picks recency, frequency and monetary, log1p on the last two', () => {
    const cluster = wb.cells.find((c) => c.id === 'cluster');
    if (cluster?.kind !== 'cluster') throw new Error('expected a cluster cell');
    expect(cluster.features.numeric.map((f) => [f.column, f.log1p])).toEqual([['recency', false], ['frequency', true], ['monetary', true]]);
  });

  it('warns when a cell reads the validation table or the centroid table, naming the cell that makes it', async () => {
    expect(await inputWarning(db, wb, 'validation')).toMatch(/^"validation" is the result of a Validate cell: one row per segment, not a table of customers/);
    expect(await inputWarning(db, wb, 'segments_centroids')).toMatch(/^"segments_centroids" holds the centres of "segments", one row per segment/);
  });
});

describe('guessing what customer columns are', () => {
  it('never takes ids, segment labels or derived scores as features', () => {
    const guess = guessCustomerColumns([
      { name: 'CustomerID', type: 'BIGINT' }, { name: 'account_no', type: 'INTEGER' }, { name: 'age', type: 'INTEGER' },
      { name: 'income', type: 'DOUBLE' }, { name: 'visits', type: 'BIGINT' }, { name: 'r_score', type: 'INTEGER' },
      { name: 'cluster', type: 'INTEGER' }, { name: 'signup', type: 'DATE' }, { name: 'annual_spend', type: 'DOUBLE' },
    ]);
    expect(guess).toEqual({ key: 'CustomerID', segment: 'cluster', features: ['age', 'income', 'visits', 'annual_spend'], logged: ['visits', 'annual_spend'], value: 'annual_spend' });
  });

  it('warns about a tiny table with no segment column as a summary', async () => {
    await db.exec('CREATE OR REPLACE TABLE totals AS SELECT range AS month, range * 10.0 AS revenue FROM range(12)');
    expect(await inputWarning(db, emptyWorkbook(), 'totals')).toBe(
      '"totals" has only 12 rows. It looks like a summary, not a table of customers: pick the table with one row per customer.',
    );
    expect(await inputWarning(db, emptyWorkbook(), 'no_such_table')).toBeNull();
  });
});

describe('changing the input of a cell with features', () => {
  const spec = (columns: string[]) => ({ numeric: columns.map((column) => ({ column, scale: 'standard' as const, log1p: false, clip: null })), categorical: [], missing: 'drop' as const });

  it('keeps the features the new table has and drops the others, so the run does not fail on a missing column', () => {
    const kept = featuresForInput(spec(['recency', 'orders', 'revenue']), [{ name: 'customer_id', type: 'BIGINT' }, { name: 'orders', type: 'BIGINT' }, { name: 'revenue', type: 'DOUBLE' }]);
    expect(kept.numeric.map((f) => f.column)).toEqual(['orders', 'revenue']);
  });

  it("guesses the new table's features when it has none of the old ones, and keeps them while its columns are unknown", () => {
    const guessed = featuresForInput(spec(['orders', 'revenue']), columns.retail_transactions);
    expect(guessed.numeric.map((f) => f.column)).toEqual(['quantity', 'unit_price']);
    expect(featuresForInput(spec(['orders']), []).numeric.map((f) => f.column)).toEqual(['orders']);
  });
});
