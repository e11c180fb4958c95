import { existsSync, openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { RfmCell } from '../../src/engine/workbook.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { runRfmCell, type RfmSummary } from '../../src/engine/cells/rfm/rfm-cell.ts';
import { DEFAULT_RFM_SEGMENT_MAP, uncoveredScorePairs } from '../../src/engine/cells/rfm/rfm-segments.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, type Workbook } from '../../src/engine/workbook.ts';
import { describeTable } from '../../src/db/catalog.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

const root = resolve(import.meta.dirname, '../..');
const RETAIL = resolve(root, '../shared/datasets/online-retail/online-retail.csv.gz');
const ORACLE = resolve(root, '../shared/oracles/online_retail_rfm.csv');

// Ten rows whose RFM can be worked out by hand; see the expectations below.
const TINY = `CREATE OR REPLACE TABLE tx AS SELECT * FROM (VALUES
  ('a', TIMESTAMP '2024-01-01 10:00', 1, 10.0, 'i1'),
  ('a', TIMESTAMP '2024-01-05 09:00', 2, 10.0, 'i2'),
  ('a', TIMESTAMP '2024-01-05 09:00', 1, 5.0, 'i2'),
  ('b', TIMESTAMP '2024-01-03 00:00', 1, 100.0, 'i3'),
  ('b', TIMESTAMP '2024-01-04 00:00', -1, 100.0, 'C4'),
  (NULL, TIMESTAMP '2024-01-02 00:00', 1, 1.0, 'i5'),
  ('c', NULL, 1, 1.0, 'i6'),
  ('c', TIMESTAMP '2024-01-02 12:00', 3, 2.0, 'i7'),
  ('d', TIMESTAMP '2024-01-10 08:00', 1, 50.0, 'i8'),
  ('d', TIMESTAMP '2023-12-31 23:59', 1, 7.0, 'i9')
) AS v(cust, ts, qty, price, invoice)`;

let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open({ readablePaths: [RETAIL, ORACLE].filter((p) => existsSync(p)) });
  await db.exec(TINY);
});
afterAll(() => db?.close());

function rfmCell(patch: Partial<RfmCell> = {}): RfmCell {
  const base = createCell('rfm', emptyWorkbook(), 0);
  if (base.kind !== 'rfm') throw new Error('expected an rfm cell');
  return {
    ...base, name: 'rfm', input: 'tx', customer: 'cust', date: 'ts', amount: 'qty * price', invoice: 'invoice',
    exclude: 'qty <= 0', referenceDate: '2024-01-10', ...patch,
  };
}

function context(wb: Workbook = emptyWorkbook()) {
  return { db, ml: new InlineBackend(), lineage: workbookLineage(wb), signal: new AbortController().signal, report: () => undefined };
}

async function summaryOf(cell: RfmCell): Promise<{ summary: RfmSummary; notes: string[] }> {
  const outcome = await runRfmCell(cell, context());
  if (outcome.result?.kind !== 'rfm') throw new Error('expected an rfm result');
  return { summary: outcome.result.rfm, notes: outcome.notes ?? [] };
}

async function messageOf(cell: RfmCell): Promise<string> {
  try {
    await runRfmCell(cell, context());
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected the cell to fail');
}

describe('rfm cell on transactions worked out by hand', () => {
  it('gives recency in days before the reference date, distinct invoices and the summed amount, per customer', async () => {
    await summaryOf(rfmCell());
    const rows = await db.query('SELECT cust, recency_days, frequency, monetary FROM rfm ORDER BY cust');
    expect(rows).toEqual([
      { cust: 'a', recency_days: 5, frequency: 2, monetary: 35 },
      { cust: 'b', recency_days: 7, frequency: 1, monetary: 100 },
      { cust: 'c', recency_days: 8, frequency: 1, monetary: 6 },
      { cust: 'd', recency_days: 10, frequency: 1, monetary: 7 },
    ]);
    const columns = await describeTable(db, 'rfm');
    expect(columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'cust VARCHAR', 'recency_days INTEGER', 'frequency BIGINT', 'monetary DOUBLE', 'r_score INTEGER', 'f_score INTEGER', 'm_score INTEGER',
      'rfm_code VARCHAR', 'segment VARCHAR',
    ]);
  });

  it('counts each row left out under the first rule that removes it, and says so in the notes', async () => {
    const { summary, notes } = await summaryOf(rfmCell());
    expect(summary.rows).toBe(10);
    expect(summary.excluded).toEqual({ noCustomer: 1, condition: 1, noDate: 1, afterReference: 1 });
    expect(notes[0]).toBe(
      'Reference date 2024-01-10; of 10 transactions, left out 1 had no customer, 1 met the exclusion condition, 1 had no date, 1 were dated on or after the reference date.',
    );
  });

  it('counts transactions as frequency when no invoice column is given', async () => {
    await summaryOf(rfmCell({ invoice: null }));
    const [a] = await db.query(`SELECT frequency FROM rfm WHERE cust = 'a'`);
    expect(a.frequency).toBe(3);
  });

  it('counts only invoices as frequency, leaving rows without an invoice out of the count but not out of the amount', async () => {
    await db.exec(`CREATE OR REPLACE TABLE tx_gaps AS SELECT * FROM (VALUES
      ('a', TIMESTAMP '2024-01-01 10:00', 1, 10.0, 'i1'), ('a', TIMESTAMP '2024-01-02 10:00', 1, 5.0, NULL),
      ('a', TIMESTAMP '2024-01-03 10:00', 1, 1.0, 'i1'), ('b', TIMESTAMP '2024-01-04 10:00', 2, 3.0, NULL)
    ) AS v(cust, ts, qty, price, invoice)`);
    await summaryOf(rfmCell({ input: 'tx_gaps' }));
    const rows = await db.query('SELECT cust, recency_days, frequency, monetary FROM rfm ORDER BY cust');
    expect(rows).toEqual([
      { cust: 'a', recency_days: 7, frequency: 1, monetary: 16 },
      { cust: 'b', recency_days: 6, frequency: 0, monetary: 6 },
    ]);
  });

  it('takes the day after the last kept transaction as the default reference date', async () => {
    const { summary, notes } = await summaryOf(rfmCell({ referenceDate: null }));
    expect(summary.referenceDate).toBe('2024-01-11');
    expect(summary.referenceDefaulted).toBe(true);
    expect(summary.excluded.afterReference).toBe(0);
    expect(notes[0]).toMatch(/^Reference date 2024-01-11 \(the day after the last transaction\)/);
    const [d] = await db.query(`SELECT recency_days, frequency, monetary FROM rfm WHERE cust = 'd'`);
    expect(d).toEqual({ recency_days: 1, frequency: 2, monetary: 57 });
  });

  it('gives two snapshots for two reference dates, each blind to later transactions', async () => {
    await summaryOf(rfmCell({ name: 'rfm_jan4', referenceDate: '2024-01-04' }));
    await summaryOf(rfmCell({ name: 'rfm_jan11', referenceDate: '2024-01-11' }));
    const early = await db.query('SELECT cust, recency_days, monetary FROM rfm_jan4 ORDER BY cust');
    expect(early).toEqual([
      { cust: 'a', recency_days: 3, monetary: 10 },
      { cust: 'b', recency_days: 1, monetary: 100 },
      { cust: 'c', recency_days: 2, monetary: 6 },
      { cust: 'd', recency_days: 4, monetary: 7 },
    ]);
    const [{ n }] = await db.query('SELECT count(*) AS n FROM rfm_jan11');
    expect(n).toBe(4);
  });

  it('scores by custom edges as 1 + the edges the value is above, reversed for recency, and names segments from the map', async () => {
    const bins = { kind: 'edges' as const, recency: [2, 5, 7, 9], frequency: [1, 2, 3, 4], monetary: [10, 50, 99, 100] };
    await summaryOf(rfmCell({ bins }));
    const rows = await db.query('SELECT cust, r_score, f_score, m_score, rfm_code, segment FROM rfm ORDER BY cust');
    expect(rows).toEqual([
      { cust: 'a', r_score: 4, f_score: 2, m_score: 2, rfm_code: '422', segment: 'Potential Loyalist' },
      { cust: 'b', r_score: 3, f_score: 1, m_score: 4, rfm_code: '314', segment: 'About to Sleep' },
      { cust: 'c', r_score: 2, f_score: 1, m_score: 1, rfm_code: '211', segment: 'Hibernating' },
      { cust: 'd', r_score: 1, f_score: 1, m_score: 1, rfm_code: '111', segment: 'Lost' },
    ]);
  });

  it('summarises customers, revenue, means, median and the per-segment counts in map order', async () => {
    const bins = { kind: 'edges' as const, recency: [2, 5, 7, 9], frequency: [1, 2, 3, 4], monetary: [10, 50, 99, 100] };
    const { summary } = await summaryOf(rfmCell({ bins }));
    expect(summary.customers).toBe(4);
    expect(summary.revenue).toBe(148);
    expect(summary.meanRecency).toBe(7.5);
    expect(summary.meanFrequency).toBe(1.25);
    expect(summary.medianMonetary).toBe(21);
    expect(summary.segments).toEqual([
      { segment: 'Potential Loyalist', customers: 1, revenue: 35 },
      { segment: 'About to Sleep', customers: 1, revenue: 100 },
      { segment: 'Hibernating', customers: 1, revenue: 6 },
      { segment: 'Lost', customers: 1, revenue: 7 },
    ]);
    expect(summary.grid).toHaveLength(25);
    expect(summary.grid[0]).toEqual({ r: 5, f: 1, customers: 0, meanMonetary: null });
    expect(summary.grid.find((g) => g.r === 3 && g.f === 1)).toEqual({ r: 3, f: 1, customers: 1, meanMonetary: 100 });
    expect(summary.grid.reduce((s, g) => s + g.customers, 0)).toBe(4);
  });

  it('leaves the segment empty where no map line covers the scores, and says how many customers that is', async () => {
    const bins = { kind: 'edges' as const, recency: [2, 5, 7, 9], frequency: [1, 2, 3, 4], monetary: [10, 50, 99, 100] };
    const { summary, notes } = await summaryOf(rfmCell({ bins, segmentMap: [{ segment: 'Recent', recency: [3, 5], frequency: [1, 5] }] }));
    expect(summary.segments).toEqual([
      { segment: 'Recent', customers: 2, revenue: 135 },
      { segment: null, customers: 2, revenue: 13 },
    ]);
    expect(notes[1]).toBe('2 customers have scores no line of the segment map covers; their segment is empty.');
  });
});

describe('rfm quintiles', () => {
  beforeAll(async () => {
    await db.exec(`CREATE OR REPLACE TABLE ties AS
      SELECT printf('c%02d', i) AS cust, TIMESTAMP '2024-03-01 12:00' AS ts, 10.0 AS amount FROM range(1, 11) t(i)`);
  });

  it('splits equal values deterministically by customer id, the lower id getting the lower score', async () => {
    const cell = rfmCell({ input: 'ties', amount: 'amount', invoice: null, exclude: null, referenceDate: '2024-03-05' });
    await summaryOf(cell);
    const first = await db.query('SELECT cust, rfm_code FROM rfm ORDER BY cust');
    expect(first.map((r) => r.rfm_code)).toEqual(['111', '111', '222', '222', '333', '333', '444', '444', '555', '555']);
    await summaryOf(cell);
    expect(await db.query('SELECT cust, rfm_code FROM rfm ORDER BY cust')).toEqual(first);
  });

  it('gives the most recent customers recency score 5 and the biggest spenders monetary score 5', async () => {
    await db.exec(`CREATE OR REPLACE TABLE spread AS
      SELECT printf('c%02d', i) AS cust, TIMESTAMP '2024-03-01' - INTERVAL (i) DAY AS ts, 100.0 - i AS amount FROM range(1, 11) t(i)`);
    await summaryOf(rfmCell({ input: 'spread', amount: 'amount', invoice: null, exclude: null, referenceDate: '2024-03-05' }));
    const rows = await db.query('SELECT cust, recency_days, r_score, m_score FROM rfm ORDER BY cust');
    expect(rows.map((r) => r.r_score)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(rows.map((r) => r.m_score)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(rows[0].recency_days).toBe(5);
  });
});

describe('rfm cell messages for a bad mapping', () => {
  beforeAll(async () => {
    await db.exec(`CREATE OR REPLACE TABLE tx_text AS SELECT cust, strftime(ts, '%Y-%m-%d') AS ts_text, qty, price, invoice FROM tx`);
  });

  it.each([
    [{ customer: 'cust_id' }, 'cell rfm: the table "tx" has no customer column "cust_id"; pick one of cust, ts, qty, price, invoice'],
    [{ input: 'nowhere' }, 'cell rfm: the table "nowhere" does not exist; run the cell that makes it, or pick another table'],
    [{ date: '' }, 'cell rfm: choose the date column'],
    [{ invoice: 'order_no' }, 'cell rfm: the table "tx" has no invoice column "order_no"; pick one of cust, ts, qty, price, invoice'],
    [{ amount: 'invoice' }, 'cell rfm: the amount "invoice" is VARCHAR, not a number; pick a numeric column or write an expression such as "Quantity" * "UnitPrice"'],
    [{ exclude: 'qty' }, 'cell rfm: the exclusion condition "qty" is INTEGER, not true or false; write a condition such as "Quantity" <= 0'],
    [{ amount: 'qty; DROP TABLE tx' }, 'cell rfm: the amount must be one expression, without semicolons: qty; DROP TABLE tx'],
    [{ referenceDate: '2024-02-30' }, 'cell rfm: the reference date must be a day written YYYY-MM-DD: 2024-02-30'],
    [
      { bins: { kind: 'edges', recency: [30, 90, 180], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] } },
      'cell rfm: give four ascending recency bin edges for scores 1 to 5, such as 30, 90, 180, 365: 30, 90, 180',
    ],
    [
      { segmentMap: [{ segment: 'Best', recency: [4, 6], frequency: [1, 5] }] },
      'cell rfm: segment map line 1 (Best) has an invalid R range 4-6: use whole scores from 1 to 5, the lower one first',
    ],
    [
      { referenceDate: '2023-01-01' },
      'cell rfm: no transaction of "tx" is left (of 10 transactions, left out 1 had no customer, 1 met the exclusion condition, 1 had no date, 7 were dated on or after the reference date); check the exclusion condition and the reference date',
    ],
  ] satisfies Array<[Partial<RfmCell>, string]>)('%j fails with a message naming what to fix', async (patch, message) => {
    expect(await messageOf(rfmCell(patch))).toBe(message);
  });

  it('names the expression and the database error when the amount does not bind', async () => {
    expect(await messageOf(rfmCell({ amount: 'qty * nope' }))).toMatch(/^cell rfm: the amount "qty \* nope" does not work on "tx": .*nope/);
  });

  it('tells the user to change a text date column to TIMESTAMP', async () => {
    expect(await messageOf(rfmCell({ input: 'tx_text', date: 'ts_text' }))).toBe(
      `cell rfm: the date column "ts_text" is VARCHAR, not a date; change the column's type to TIMESTAMP in the source's schema, or pick another column`,
    );
  });

  it('shows the message on the cell when run by the scheduler', async () => {
    const cell = rfmCell({ customer: 'cust_id' });
    const wb: Workbook = { ...emptyWorkbook(), cells: [cell] };
    const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
    await scheduler.runAll();
    expect(scheduler.state(cell.id).status).toBe('error');
    expect(scheduler.state(cell.id).error?.message).toMatch(/no customer column "cust_id"/);
  });
});

describe('the default segment map', () => {
  it('covers all 25 recency and frequency score pairs', () => {
    expect(uncoveredScorePairs(DEFAULT_RFM_SEGMENT_MAP)).toEqual([]);
  });
});

describe('rfm cell on the sample transactions', () => {
  beforeAll(async () => {
    const path = resolve(root, 'sample-data/retail-transactions.csv');
    await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-transactions.csv', table: 'retail_transactions', path });
  });

  it('guesses the columns, runs in the scheduler and gives every customer a segment', async () => {
    const wb: Workbook = { ...emptyWorkbook(), cells: [] };
    const cell = createCell('rfm', { ...wb, sources: [] }, 0, () => [
      { name: 'invoice_id', type: 'VARCHAR' }, { name: 'customer_id', type: 'BIGINT' }, { name: 'invoice_date', type: 'TIMESTAMP' },
      { name: 'product_category', type: 'VARCHAR' }, { name: 'quantity', type: 'BIGINT' }, { name: 'unit_price', type: 'DOUBLE' },
    ]);
    if (cell.kind !== 'rfm') throw new Error('expected an rfm cell');
    expect([cell.customer, cell.date, cell.amount, cell.invoice]).toEqual(['customer_id', 'invoice_date', '"quantity" * "unit_price"', 'invoice_id']);
    const named: RfmCell = { ...cell, input: 'retail_transactions', name: 'sample_rfm' };
    wb.cells.push(named);
    const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
    await scheduler.runAll();
    const state = scheduler.state(named.id);
    expect(state.status, state.error?.message).toBe('done');
    const [check] = await db.query(`SELECT count(*) AS n, count(segment) AS named, count(DISTINCT customer_id) AS distinct_customers,
      min(r_score) AS lo, max(r_score) AS hi FROM sample_rfm`);
    expect(check).toEqual({ n: state.rowCount, named: state.rowCount, distinct_customers: state.rowCount, lo: 1, hi: 5 });
    expect(state.rowCount).toBeGreaterThan(1500);
    expect(state.rowCount).toBeLessThanOrEqual(2000);
  });
});

describe.skipIf(!existsSync(RETAIL) || !existsSync(ORACLE))('rfm cell on the real Online Retail data (541,909 rows)', () => {
  let summary: RfmSummary;

  beforeAll(async () => {
    await loadSource(db, nodeParsers, { file: await openAsBlob(RETAIL), fileName: 'online-retail.csv.gz', table: 'online_retail', path: RETAIL });
    const cell = rfmCell({
      name: 'retail_rfm', input: 'online_retail', customer: 'CustomerID', date: 'InvoiceDate', amount: '"Quantity" * "UnitPrice"',
      invoice: 'InvoiceNo', exclude: `"InvoiceNo" LIKE 'C%' OR "Quantity" <= 0 OR "UnitPrice" <= 0`, referenceDate: '2011-12-10',
    });
    ({ summary } = await summaryOf(cell));
    await db.exec(`CREATE OR REPLACE TABLE oracle AS SELECT * FROM read_csv('${ORACLE}')`);
  }, 120_000);

  it('gives the reference figures of SOURCE.md: 4,338 customers, revenue 8,911,407.90, mean recency 93.06, mean frequency 4.272, median monetary 674.485', () => {
    expect(summary.customers).toBe(4338);
    expect(summary.revenue.toFixed(2)).toBe('8911407.90');
    expect(summary.meanRecency.toFixed(2)).toBe('93.06');
    expect(summary.meanFrequency.toFixed(3)).toBe('4.272');
    expect(summary.medianMonetary.toFixed(3)).toBe('674.485');
    expect(summary.excluded.noCustomer).toBe(135_080);
    expect(summary.excluded.afterReference).toBe(0);
  });

  it('matches the oracle table customer by customer', async () => {
    const [cmp] = await db.query(`SELECT count(*) AS joined,
        count(*) FILTER (WHERE r.recency_days <> o.recency_days) AS recency_differs,
        count(*) FILTER (WHERE r.frequency <> o.frequency) AS frequency_differs,
        count(*) FILTER (WHERE abs(r.monetary - o.monetary) > 0.005) AS monetary_differs,
        (SELECT count(*) FROM oracle) AS oracle_rows
      FROM retail_rfm r JOIN oracle o ON CAST(r."CustomerID" AS BIGINT) = o.customer_id`);
    expect(cmp).toEqual({ joined: 4338, recency_differs: 0, frequency_differs: 0, monetary_differs: 0, oracle_rows: 4338 });
  });

  it('makes quintiles of 868, 868, 868, 867 and 867 customers and a grid that adds up to all of them', async () => {
    const sizes = await db.query('SELECT m_score, count(*) AS n FROM retail_rfm GROUP BY 1 ORDER BY 1');
    expect(sizes.map((s) => s.n)).toEqual([868, 868, 868, 867, 867]);
    expect(summary.grid.reduce((s, g) => s + g.customers, 0)).toBe(4338);
    expect(summary.segments.reduce((s, g) => s + g.customers, 0)).toBe(4338);
    expect(summary.segments.map((s) => s.segment)).not.toContain(null);
  });
});
