import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { runKpiCell, type KpiSummary } from '../../src/engine/cells/kpi/kpi-cell.ts';
import type { KpiCell } from '../../src/engine/workbook.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { emptyWorkbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

const root = resolve(import.meta.dirname, '../..');
let db: NodeDatabase;

// Six customers over three months, small enough to check by hand:
//   A: c1 active Jan Feb Mar, c2 Jan and Mar, c3 Feb (two purchases)
//   B: c4 Jan Feb, c5 Jan, c7 never buys; c6 buys in March but has no segment row.
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(`CREATE TABLE tx AS SELECT * FROM (VALUES
    (1, TIMESTAMP '2024-01-10 09:00', 10.0), (1, TIMESTAMP '2024-02-10 09:00', 10.0), (1, TIMESTAMP '2024-03-10 09:00', 10.0),
    (2, TIMESTAMP '2024-01-20 12:00', 20.0), (2, TIMESTAMP '2024-03-20 12:00', 20.0),
    (3, TIMESTAMP '2024-02-05 08:00', 5.0), (3, TIMESTAMP '2024-02-25 08:00', 15.0),
    (4, TIMESTAMP '2024-01-03 10:00', 100.0), (4, TIMESTAMP '2024-02-03 10:00', 100.0),
    (5, TIMESTAMP '2024-01-31 23:59', 50.0),
    (6, TIMESTAMP '2024-03-07 10:00', 7.0)
  ) AS t(cust, ts, amount)`);
  await db.exec(`CREATE TABLE seg AS SELECT * FROM (VALUES ('1', 'A'), ('2', 'A'), ('3', 'A'), ('4', 'B'), ('5', 'B'), ('7', 'B')) AS s(customer_id, tier)`);
  const path = resolve(root, 'sample-data/retail-transactions.csv');
  await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-transactions.csv', table: 'retail_tx', path });
});
afterAll(() => db.close());

function kpiCell(patch: Partial<KpiCell> = {}): KpiCell {
  const base = createCell('kpi', emptyWorkbook(), 0);
  if (base.kind !== 'kpi') throw new Error('expected a kpi cell');
  return {
    ...base, name: 'kpis', input: 'tx', customer: 'cust', date: 'ts', amount: 'amount',
    segments: 'seg', segmentKey: 'customer_id', segmentColumn: 'tier', period: 'month', ...patch,
  };
}

async function run(cell: KpiCell) {
  return runKpiCell(cell, { db, ml: new InlineBackend(), lineage: workbookLineage(emptyWorkbook()), signal: new AbortController().signal, report: () => undefined });
}

function summaryOf(outcome: Awaited<ReturnType<typeof run>>): KpiSummary {
  if (outcome.result?.kind !== 'kpi') throw new Error('expected a kpi result');
  return outcome.result.kpi;
}

describe('segment KPI cell', () => {
  it('counts active customers, revenue and retention per segment and month, as worked out by hand', async () => {
    const outcome = await run(kpiCell());
    expect(outcome.rowCount).toBe(9);
    const rows = await db.query(`SELECT segment, strftime(period, '%Y-%m') AS month, active_customers, revenue, retention FROM kpis ORDER BY segment, period`);
    expect(rows).toEqual([
      { segment: '(no segment)', month: '2024-01', active_customers: 0, revenue: 0, retention: null },
      { segment: '(no segment)', month: '2024-02', active_customers: 0, revenue: 0, retention: null },
      { segment: '(no segment)', month: '2024-03', active_customers: 1, revenue: 7, retention: null },
      // Feb keeps c1 of {c1, c2}; Mar keeps c1 of {c1, c3}.
      { segment: 'A', month: '2024-01', active_customers: 2, revenue: 30, retention: null },
      { segment: 'A', month: '2024-02', active_customers: 2, revenue: 30, retention: 0.5 },
      { segment: 'A', month: '2024-03', active_customers: 2, revenue: 30, retention: 0.5 },
      // B: nobody buys in March, which still appears, with 0 and a retention of 0.
      { segment: 'B', month: '2024-01', active_customers: 2, revenue: 150, retention: null },
      { segment: 'B', month: '2024-02', active_customers: 1, revenue: 100, retention: 0.5 },
      { segment: 'B', month: '2024-03', active_customers: 0, revenue: 0, retention: 0 },
    ]);
    const types = await db.query(`SELECT column_name, column_type FROM (DESCRIBE kpis)`);
    expect(types.map((t) => `${t.column_name} ${t.column_type}`)).toEqual([
      'segment VARCHAR', 'period DATE', 'active_customers BIGINT', 'revenue DOUBLE', 'retention DOUBLE',
    ]);
    const summary = summaryOf(outcome);
    expect(summary.segments).toEqual(['A', 'B', '(no segment)']);
    expect(summary.periods).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(summary.unsegmented).toBe(1);
    expect(summary.figures.find((f) => f.segment === 'B')).toEqual({
      segment: 'B', lastActive: 0, lastRevenue: 0, lastRetention: 0, totalRevenue: 250, meanRetention: 0.25,
    });
    expect(outcome.notes).toEqual(['1 of 6 customers have no row in "seg"; they are counted as "(no segment)"']);
  });

  it('counts by ISO week from Monday, with quiet weeks filled in', async () => {
    const outcome = await run(kpiCell({ name: 'weekly', period: 'week' }));
    const summary = summaryOf(outcome);
    // 2024-01-01 is a Monday; the last purchase (2024-03-20) is in the week of 2024-03-18.
    expect(summary.periods[0]).toBe('2024-01-01');
    expect(summary.periods.at(-1)).toBe('2024-03-18');
    expect(summary.periods).toHaveLength(12);
    const [{ n, active, revenue }] = await db.query(`SELECT count(*) AS n, sum(active_customers) AS active, sum(revenue) AS revenue FROM weekly`);
    expect(n).toBe(36);
    // 11 purchases, each in its own customer-week.
    expect(active).toBe(11);
    expect(revenue).toBe(347);
  });

  it('joins an integer customer column to a text key, and takes an amount expression', async () => {
    await run(kpiCell({ name: 'doubled', amount: 'amount * 2' }));
    const [{ revenue }] = await db.query(`SELECT sum(revenue) AS revenue FROM doubled WHERE segment = 'A'`);
    expect(revenue).toBe(180);
  });

  it('matches direct SQL on the sample transactions, month by month', async () => {
    await db.exec(`CREATE OR REPLACE TABLE sample_tiers AS SELECT customer_id, CASE WHEN ntile(3) OVER (ORDER BY sum(quantity * unit_price), customer_id) = 3 THEN 'high' ELSE 'other' END AS tier
      FROM retail_tx GROUP BY customer_id`);
    const outcome = await run(kpiCell({
      name: 'sample_kpis', input: 'retail_tx', customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price',
      segments: 'sample_tiers', segmentKey: 'customer_id', segmentColumn: 'tier',
    }));
    expect(outcome.rowCount).toBe(2 * 24);
    const expected = await db.query(`WITH m AS (
        SELECT t.tier, customer_id, date_trunc('month', invoice_date::DATE) AS month FROM retail_tx JOIN sample_tiers t USING (customer_id) GROUP BY ALL)
      SELECT cur.tier, count(*) AS kept, (SELECT count(*) FROM m p WHERE p.tier = cur.tier AND p.month = DATE '2024-05-01') AS prev
      FROM m cur JOIN m prev ON prev.customer_id = cur.customer_id AND prev.month = DATE '2024-05-01'
      WHERE cur.month = DATE '2024-06-01' GROUP BY ALL ORDER BY 1`);
    const got = await db.query(`SELECT segment, retention FROM sample_kpis WHERE period = DATE '2024-06-01' ORDER BY segment`);
    expect(got.map((r) => r.segment)).toEqual(expected.map((r) => r.tier));
    got.forEach((r, i) => expect(r.retention).toBeCloseTo(Number(expected[i].kept) / Number(expected[i].prev), 12));
    const [totals] = await db.query(`SELECT (SELECT sum(revenue) FROM sample_kpis) AS kpi, (SELECT sum(quantity * unit_price) FROM retail_tx) AS direct`);
    expect(Number(totals.kpi)).toBeCloseTo(Number(totals.direct), 4);
  });

  it.each<[Partial<KpiCell>, string]>([
    [{ input: 'nope' }, 'the transactions table "nope" does not exist: run the cell that makes it, or pick another table'],
    [{ customer: 'client' }, 'the table "tx" has no customer column "client"; its columns are cust, ts, amount'],
    [{ segmentKey: 'cust' }, 'the table "seg" has no customer key column "cust"; its columns are customer_id, tier'],
    [{ segmentColumn: 'segment' }, 'the table "seg" has no segment column "segment"; its columns are customer_id, tier'],
    [{ date: 'amount' }, 'the date column "amount" of "tx" is DECIMAL(4,1), not a date: pick a DATE or TIMESTAMP column, or convert it in an SQL cell with CAST(... AS DATE)'],
    [{ amount: 'ts' }, 'the amount ts is TIMESTAMP, not a number: pick a numeric column or expression'],
    [{ segmentColumn: 'customer_id', segments: 'many' }, 'column "customer_id" of "many" has 40 distinct values, more than 30 for a segment column: pick the column of segment labels'],
  ])('refuses %o with a message that says what to do', async (patch, message) => {
    await db.exec(`CREATE OR REPLACE TABLE many AS SELECT range::VARCHAR AS customer_id, 'x' AS tier FROM range(40)`);
    await expect(run(kpiCell(patch))).rejects.toThrow(message);
  });

  it('names the amount expression that does not parse', async () => {
    await expect(run(kpiCell({ amount: 'amount * price' }))).rejects.toThrow(/^the amount amount \* price is not an expression over "tx": .*price/);
  });

  it('says so when no customer of the transactions has a segment', async () => {
    await db.exec(`CREATE OR REPLACE TABLE other_seg AS SELECT 'x' || range AS customer_id, 'A' AS tier FROM range(3)`);
    await expect(run(kpiCell({ segments: 'other_seg' }))).rejects.toThrow(
      'none of the 6 customers in "tx" has a row in "other_seg": check that "cust" and "customer_id" hold the same ids',
    );
  });
});
