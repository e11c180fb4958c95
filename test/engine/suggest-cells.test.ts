import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { suggestCells, withSuggestion, type TableSuggestions } from '../../src/engine/suggest-cells.ts';
import { emptyWorkbook, isTableCell, type SourceSpec, type Workbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

const root = resolve(import.meta.dirname, '../..');
let db: NodeDatabase;
const sources: Record<string, SourceSpec> = {};

async function load(table: string, file: string): Promise<SourceSpec> {
  const path = resolve(root, 'sample-data', file);
  const loaded = await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: file, table, path });
  return { name: table, file, origin: 'sample', format: 'csv', columnTypes: {}, schema: loaded.schema };
}

function workbookWith(...specs: SourceSpec[]): Workbook {
  return { ...emptyWorkbook('Suggestions'), sources: specs };
}

function suggestFor(wb: Workbook, table: string): TableSuggestions | null {
  return suggestCells(wb, table, wb.sources.find((s) => s.name === table)!.schema);
}

async function runAll(wb: Workbook): Promise<Scheduler> {
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
  await scheduler.runAll();
  for (const cell of wb.cells.filter(isTableCell)) {
    const state = scheduler.state(cell.id);
    expect(state.status, `${cell.name}: ${state.error?.message}`).toBe('done');
  }
  return scheduler;
}

beforeAll(async () => {
  db = await NodeDatabase.open();
  for (const [table, file] of [
    ['transactions', 'retail-transactions.csv'], ['customers', 'retail-customers.csv'], ['b2c', 'b2c-customers.csv'],
    ['accounts', 'b2b-accounts.csv'], ['events', 'saas-events.csv'], ['users', 'saas-users.csv'],
  ]) sources[table] = await load(table, file);
}, 120_000);

afterAll(async () => db?.close());

describe('suggestions after loading a file', () => {
  it('reads retail transactions as transactions and offers RFM, CLV and KPIs with the columns mapped', () => {
    const found = suggestFor(workbookWith(sources.transactions), 'transactions')!;
    expect(found.shape).toBe('This looks like transactions (customer customer_id, date invoice_date, amount "quantity" * "unit_price")');
    expect(found.suggestions.map((s) => s.key)).toEqual(['rfm', 'clv', 'kpi']);
    const [rfm] = found.suggestions[0].cells;
    expect(rfm).toMatchObject({ kind: 'rfm', name: 'rfm', input: 'transactions', customer: 'customer_id', date: 'invoice_date', amount: '"quantity" * "unit_price"', invoice: 'invoice_id' });
    expect(found.suggestions[1].cells[0]).toMatchObject({ kind: 'clv', input: 'transactions', customer: 'customer_id', date: 'invoice_date' });
    const kpi = found.suggestions[2].cells;
    expect(kpi.map((c) => c.kind)).toEqual(['rfm', 'kpi']);
    expect(kpi[1]).toMatchObject({ input: 'transactions', segments: 'rfm', segmentKey: 'customer_id', segmentColumn: 'segment', customer: 'customer_id' });
  });

  it('adds RFM with the mapped columns and it runs to one row per customer, as plain SQL counts them', async () => {
    const wb = withSuggestion(workbookWith(sources.transactions), suggestFor(workbookWith(sources.transactions), 'transactions')!.suggestions[2]);
    const scheduler = await runAll(wb);
    const [{ n }] = await db.query('SELECT count(DISTINCT customer_id) AS n FROM transactions WHERE quantity * unit_price > 0 AND invoice_date IS NOT NULL');
    expect(scheduler.state(wb.cells[0].id).rowCount).toBe(Number(n));
    const [{ revenue }] = await db.query('SELECT sum(revenue) AS revenue FROM segment_kpis');
    // KPIs count every line with a customer and a date, returns included (Python's csv sum gives 3,940,391.41 too).
    const [{ total }] = await db.query('SELECT sum(quantity * unit_price) AS total FROM transactions WHERE customer_id IS NOT NULL AND invoice_date IS NOT NULL');
    expect(Number(revenue)).toBeCloseTo(Number(total), 2);
  }, 120_000);

  it('once RFM is there, offers KPIs on its segments alone and no second RFM', () => {
    const first = workbookWith(sources.transactions);
    const wb = withSuggestion(first, suggestFor(first, 'transactions')!.suggestions[0]);
    const found = suggestFor(wb, 'transactions')!;
    expect(found.suggestions.map((s) => s.key)).toEqual(['clv', 'kpi']);
    expect(found.suggestions[1].cells).toHaveLength(1);
    expect(found.suggestions[1].cells[0]).toMatchObject({ kind: 'kpi', segments: 'rfm' });
  });

  it('offers clustering for customers with numeric columns, and a profile where a segment column is there', async () => {
    const b2c = suggestFor(workbookWith(sources.b2c), 'b2c')!;
    const [{ numeric }] = await db.query(`SELECT count(*) AS numeric FROM (DESCRIBE b2c)
      WHERE column_name <> 'customer_id' AND regexp_matches(column_type, '^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL)')`);
    expect(b2c.shape).toBe(`This looks like one row per customer (key customer_id, ${numeric} numeric columns, segments in segment_truth)`);
    expect(b2c.suggestions.map((s) => s.key)).toEqual(['cluster', 'profile']);
    const cluster = b2c.suggestions[0].cells[0];
    if (cluster.kind !== 'cluster') throw new Error('expected a cluster cell');
    expect(cluster.input).toBe('b2c');
    const features = cluster.features.numeric.map((f) => f.column);
    expect(features).toContain('income');
    expect(features).not.toContain('customer_id');
    expect(b2c.suggestions[0].detail).toBe(`k-means on ${features.slice(0, 4).join(', ')} and ${features.length - 4} more`);
    expect(b2c.suggestions[1].cells[0]).toMatchObject({ kind: 'profile', input: 'b2c', segmentColumn: 'segment_truth' });
    expect(suggestFor(workbookWith(sources.accounts), 'accounts')!.suggestions.map((s) => s.key)).toEqual(['cluster', 'profile']);
  });

  it('a suggested clustering of customers runs as added', async () => {
    const wb0 = workbookWith(sources.accounts);
    const wb = withSuggestion(wb0, suggestFor(wb0, 'accounts')!.suggestions[0]);
    const scheduler = await runAll(wb);
    const cell = wb.cells[0];
    if (cell.kind !== 'cluster') throw new Error('expected a cluster cell');
    // Rows with a missing feature are dropped before fitting.
    const complete = cell.features.numeric.map((f) => `"${f.column}" IS NOT NULL`).join(' AND ');
    const [{ n }] = await db.query(`SELECT count(*) AS n FROM accounts WHERE ${complete}`);
    expect(cell.features.missing).toBe('drop');
    expect(scheduler.state(wb.cells[0].id).rowCount).toBe(Number(n));
  }, 120_000);

  it('suggests nothing for tables that fit nothing: events without amounts, text only, a date without a customer', () => {
    expect(suggestFor(workbookWith(sources.events), 'events')).toBeNull();
    const wb = workbookWith(sources.events);
    expect(suggestCells(wb, 'notes', [{ name: 'title', type: 'VARCHAR' }, { name: 'body', type: 'VARCHAR' }])).toBeNull();
    expect(suggestCells(wb, 'prices', [{ name: 'day', type: 'DATE' }, { name: 'price', type: 'DOUBLE' }])).toBeNull();
    // An amount and a customer, but the "date" is text: not enough for RFM's recency.
    expect(suggestCells(wb, 'raw', [{ name: 'customer_id', type: 'VARCHAR' }, { name: 'date', type: 'VARCHAR' }, { name: 'amount', type: 'DOUBLE' }])?.suggestions.map((s) => s.key) ?? []).not.toContain('rfm');
  });
});
