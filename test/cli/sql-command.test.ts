import { openAsBlob } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellSql } from '../../src/cli/sql-command.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { RfmCell, RulesCell } from '../../src/engine/workbook.ts';
import { runRfmCell } from '../../src/engine/cells/rfm/rfm-cell.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from '../../src/engine/cells/rfm/rfm-segments.ts';
import { runRulesCell } from '../../src/engine/cells/rules/rules-cell.ts';
import type { Dialect } from '../../src/engine/sql-dialect.ts';
import { emptyWorkbook, type Cell, type Workbook } from '../../src/engine/workbook.ts';
import { describeTable } from '../../src/db/catalog.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { TestPostgres } from '../engine/score-sql-postgres.ts';
import { FIXTURES, XY, query, runWorkbookCli, segbook, source, tempDir, workbook, root } from './harness.ts';

const TX = resolve(root, 'sample-data/retail-transactions.csv');
const TX_COLUMNS = 'invoice_id TEXT, customer_id BIGINT, invoice_date TIMESTAMP, product_category TEXT, quantity BIGINT, unit_price DOUBLE PRECISION, channel TEXT';

let dir: string;
let remove: () => Promise<void>;
let db: NodeDatabase;
let pg: TestPostgres | null = null;
let wb: Workbook;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  db = await NodeDatabase.open();
  const columns = await loadSource(db, nodeParsers, { file: await openAsBlob(TX), fileName: 'retail-transactions.csv', table: 'tx', path: TX }).then(() => describeTable(db, 'tx'));
  wb = { ...emptyWorkbook(), sources: [{ ...source('tx', 'retail-transactions.csv'), schema: columns }] };
  pg = TestPostgres.start();
  pg.psql(`CREATE TABLE tx (${TX_COLUMNS});
\\copy tx FROM '${TX}' WITH (FORMAT csv, HEADER)
CREATE TABLE customers (id INTEGER, x DOUBLE PRECISION, y DOUBLE PRECISION, spend DOUBLE PRECISION);
\\copy customers FROM '${join(FIXTURES, 'blobs.csv')}' WITH (FORMAT csv, HEADER)
`);
}, 120_000);

afterAll(async () => {
  pg?.stop();
  db?.close();
  await remove();
});

function context() {
  return { db, ml: new InlineBackend(), lineage: workbookLineage(wb), signal: new AbortController().signal, report: () => undefined };
}

/** Rows as sorted lines of text, numbers to 9 significant digits, so two engines' answers compare as multisets. */
function lines(rows: Array<Record<string, unknown>>, columns: string[]): string[] {
  const text = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' || typeof v === 'bigint' || /^-?\d+(\.\d+)?(e-?\d+)?$/.test(String(v)) ? Number(Number(v).toPrecision(9)).toString() : String(v));
  return rows.map((r) => columns.map((c) => text(r[c])).join('|')).sort();
}

async function onBoth(cell: Cell, columns: string[], expected: string[]): Promise<void> {
  for (const dialect of ['duckdb', 'postgres'] as Dialect[]) {
    const sql = cellSql({ ...wb, cells: [cell] }, { cell: 'name' in cell ? cell.name : '', dialect, table: null });
    const rows = dialect === 'duckdb' ? await db.query(sql.replace(/;$/, '')) : pg!.rows(sql.replace(/;$/, ''));
    expect(lines(rows, columns), dialect).toEqual(expected);
  }
}

const RULES: RulesCell = {
  id: 'r', kind: 'rules', name: 'tiers', input: 'tx', elseSegment: 'Other',
  segments: [
    { name: 'Big baskets', match: 'all', conditions: [{ column: 'unit_price', op: 'top %', value: '15' }, { column: 'quantity', op: 'between', value: '2', value2: '5' }] },
    { name: 'Holiday home', match: 'all', conditions: [{ column: 'invoice_date', op: 'month in', value: 'Nov, Dec' }, { column: 'product_category', op: 'contains', value: 'HOME' }] },
    { name: 'Cheap web', match: 'any', conditions: [{ column: 'unit_price', op: 'bottom %', value: '10' }, { column: 'channel', op: 'in', value: 'web, mail' }] },
    { name: 'Cancelled', match: 'all', conditions: [{ column: 'invoice_id', op: '<', value: 'D' }, { column: 'customer_id', op: 'is not null', value: '' }] },
  ],
};

describe('rules and RFM cells as SQL', () => {
  it('gives every transaction the rules cell’s segment, on DuckDB and on PostgreSQL', async () => {
    await runRulesCell(RULES, context());
    const columns = ['invoice_id', 'product_category', 'quantity', 'unit_price', 'segment'];
    const expected = lines(await db.query('SELECT * FROM tiers'), columns);
    expect(new Set(expected.map((l) => l.split('|').at(-1))).size).toBe(5);
    await onBoth(RULES, columns, expected);
  }, 60_000);

  const rfm = (patch: Partial<RfmCell>): RfmCell => ({
    id: 'f', kind: 'rfm', name: 'rfm', input: 'tx', customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price',
    invoice: 'invoice_id', exclude: "invoice_id LIKE 'C%'", referenceDate: null, bins: { kind: 'quintile' }, segmentMap: [...DEFAULT_RFM_SEGMENT_MAP], ...patch,
  });

  it.each([
    ['quintiles and the default reference date', rfm({})],
    ['fixed edges, a fixed reference date and no invoice column', rfm({ referenceDate: '2023-09-01', invoice: null, exclude: null, bins: { kind: 'edges', recency: [30, 90, 180, 365], frequency: [1, 3, 6, 12], monetary: [100, 500, 1000, 5000] } })],
  ])('gives every customer the RFM cell’s measures, scores and segment with %s, on DuckDB and on PostgreSQL', async (_, cell) => {
    await runRfmCell(cell, context());
    const columns = ['customer_id', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'rfm_code', 'segment'];
    const expected = lines(await db.query('SELECT * FROM rfm'), columns);
    expect(expected.length).toBeGreaterThan(100);
    await onBoth(cell, columns, expected);
  }, 60_000);
});

describe('npm run segbook -- sql', () => {
  const cells: Cell[] = [
    { id: 'c', kind: 'cluster', name: 'segments', input: 'customers', features: XY, algorithm: 'kmeans', k: 3, nInit: 4, maxIter: 300, tol: 1e-4, seed: 42, sweep: { min: 2, max: 5, references: 3 }, model: null },
    { id: 's', kind: 'score', name: 'scored', input: 'customers', model: 'segments' },
  ];

  it('prints a query that scores a saved workbook’s rows as its score cell did, on DuckDB and PostgreSQL', async () => {
    const saved = join(dir, 'fitted.json');
    const run = await runWorkbookCli(dir, workbook(cells, [source('customers', 'customers.csv')]), '--data', `customers=${join(FIXTURES, 'blobs.csv')}`, '--save', saved, '--format', 'csv');
    expect(run.status, run.stderr).toBe(0);
    const expected = await query(`SELECT id, segment, distance FROM read_csv('${join(run.out, 'scored.csv')}') ORDER BY id`);
    for (const dialect of ['duckdb', 'postgres']) {
      const printed = segbook('sql', saved, '--cell', 'scored', '--dialect', dialect);
      expect(printed.status, printed.stderr).toBe(0);
      const sql = printed.stdout.trim().replace(/;$/, '');
      const rows = dialect === 'duckdb'
        ? await query(`CREATE TABLE customers AS SELECT * FROM read_csv('${join(FIXTURES, 'blobs.csv')}'); SELECT id, segment, distance FROM (${sql}) ORDER BY id`)
        : pg!.rows(`SELECT id, segment, distance FROM (${sql}) AS q ORDER BY id`);
      expect(rows.map((r) => (r.segment === null ? null : Number(r.segment)))).toEqual(expected.map((r) => (r.segment === null ? null : Number(r.segment))));
      expect(Math.max(...rows.map((r, i) => Math.abs(Number(r.distance) - Number(expected[i].distance))))).toBeLessThan(1e-9);
    }
  }, 120_000);

  it('says what to do when the cell has no model, does not exist, or the dialect is unknown', async () => {
    const path = join(dir, 'unfitted.json');
    await writeFile(path, JSON.stringify(workbook(cells, [source('customers', 'customers.csv')])));
    const unfitted = segbook('sql', path, '--cell', 'segments');
    expect(unfitted.status).toBe(2);
    expect(unfitted.stderr).toContain('cluster cell "segments" has no fitted model in the workbook: run it with');
    const missing = segbook('sql', path, '--cell', 'nope');
    expect(missing.stderr).toContain('the workbook has no cell named "nope"; cells with a SQL form: segments, scored');
    const dialect = segbook('sql', path, '--cell', 'segments', '--dialect', 'oracle');
    expect(dialect.stderr).toContain('--dialect must be duckdb or postgres: "oracle"');
    expect(JSON.parse(await readFile(path, 'utf8')).cells).toHaveLength(2);
  }, 60_000);
});
