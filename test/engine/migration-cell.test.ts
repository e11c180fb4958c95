import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { MigrationCell } from '../../src/engine/workbook.ts';
import { runMigrationCell, type MigrationSummary } from '../../src/engine/cells/migration/migration-cell.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { emptyWorkbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

const root = resolve(import.meta.dirname, '../..');
let db: NodeDatabase;

// Before: c1 A, c2 A, c3 B, c4 B, c5 C. After: c1 A, c2 B, c3 B, c4 C, c6 A.
// So c1 and c3 stay, c2 goes A → B, c4 B → C, c5 is gone and c6 is new.
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(`CREATE TABLE snap_before AS SELECT * FROM (VALUES (1, 'A'), (2, 'A'), (3, 'B'), (4, 'B'), (5, 'C')) AS t(customer_id, segment)`);
  await db.exec(`CREATE TABLE snap_after AS SELECT * FROM (VALUES ('1', 'A'), ('2', 'B'), ('3', 'B'), ('4', 'C'), ('6', 'A')) AS t(customer_id, tier)`);
  const path = resolve(root, 'sample-data/retail-transactions.csv');
  await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-transactions.csv', table: 'retail_tx', path });
});
afterAll(() => db.close());

function migrationCell(patch: Partial<MigrationCell> = {}): MigrationCell {
  const base = createCell('migration', emptyWorkbook(), 0);
  if (base.kind !== 'migration') throw new Error('expected a migration cell');
  return { ...base, name: 'moves', before: 'snap_before', after: 'snap_after', key: 'customer_id', beforeColumn: 'segment', afterColumn: 'tier', ...patch };
}

async function run(cell: MigrationCell) {
  return runMigrationCell(cell, { db, ml: new InlineBackend(), lineage: workbookLineage(emptyWorkbook()), signal: new AbortController().signal, report: () => undefined });
}

function summaryOf(outcome: Awaited<ReturnType<typeof run>>): MigrationSummary {
  if (outcome.result?.kind !== 'migration') throw new Error('expected a migration result');
  return outcome.result.migration;
}

describe('segment migration cell', () => {
  it('writes the transition matrix with row shares, new and gone customers, as worked out by hand', async () => {
    const outcome = await run(migrationCell());
    expect(outcome.rowCount).toBe(6);
    expect(await db.query('SELECT * FROM moves')).toEqual([
      { from_segment: '(new)', to_segment: 'A', customers: 1, row_share: 1 },
      { from_segment: 'A', to_segment: 'A', customers: 1, row_share: 0.5 },
      { from_segment: 'A', to_segment: 'B', customers: 1, row_share: 0.5 },
      { from_segment: 'B', to_segment: 'B', customers: 1, row_share: 0.5 },
      { from_segment: 'B', to_segment: 'C', customers: 1, row_share: 0.5 },
      { from_segment: 'C', to_segment: '(gone)', customers: 1, row_share: 1 },
    ]);
    const summary = summaryOf(outcome);
    expect(summary.from).toEqual(['A', 'B', 'C', '(new)']);
    expect(summary.to).toEqual(['A', 'B', 'C', '(gone)']);
    expect(summary.moves.map((m) => `${m.from}>${m.to}`)).toEqual(['A>A', 'A>B', 'B>B', 'B>C', 'C>(gone)', '(new)>A']);
    expect({ ...summary, moves: undefined, from: undefined, to: undefined }).toEqual({
      moves: undefined, from: undefined, to: undefined,
      customers: 6, inBoth: 4, newCustomers: 1, gone: 1, stayed: 2, stayedShare: 0.5,
      topMoves: [{ from: 'A', to: 'B', customers: 1, rowShare: 0.5 }, { from: 'B', to: 'C', customers: 1, rowShare: 0.5 }],
    });
    expect(outcome.notes).toEqual([]);
  });

  it('labels customers without a segment, leaves out rows without a key, and keeps one label per repeated key', async () => {
    await db.exec(`CREATE OR REPLACE TABLE messy AS SELECT * FROM (VALUES (1, 'B'), (1, 'A'), (2, NULL), (NULL, 'C')) AS t(customer_id, segment)`);
    const outcome = await run(migrationCell({ name: 'messy_moves', before: 'messy', after: 'snap_before', afterColumn: 'segment' }));
    const rows = await db.query('SELECT from_segment, to_segment, customers FROM messy_moves');
    expect(rows).toEqual([
      { from_segment: '(new)', to_segment: 'B', customers: 2 },
      { from_segment: '(new)', to_segment: 'C', customers: 1 },
      { from_segment: '(no segment)', to_segment: 'A', customers: 1 },
      { from_segment: 'A', to_segment: 'A', customers: 1 },
    ]);
    expect(outcome.notes).toEqual([
      '1 rows of "messy" have no "customer_id" and are left out',
      '1 rows of "messy" repeat a "customer_id"; each customer keeps the first label in sort order',
    ]);
  });

  it('matches direct SQL on two value-tier snapshots of the sample data, 2023 against 2024', async () => {
    const tiers = (year: number) => `CREATE OR REPLACE TABLE tiers_${year} AS
      SELECT customer_id, CASE ntile(3) OVER (ORDER BY sum(quantity * unit_price), customer_id) WHEN 1 THEN 'low' WHEN 2 THEN 'mid' ELSE 'high' END AS tier
      FROM retail_tx WHERE year(invoice_date) = ${year} GROUP BY customer_id`;
    await db.exec(tiers(2023));
    await db.exec(tiers(2024));
    const outcome = await run(migrationCell({ name: 'tier_moves', before: 'tiers_2023', after: 'tiers_2024', beforeColumn: 'tier', afterColumn: 'tier' }));
    const summary = summaryOf(outcome);
    const [union] = await db.query(`SELECT count(*) AS n FROM (SELECT customer_id FROM tiers_2023 UNION SELECT customer_id FROM tiers_2024)`);
    expect(summary.customers).toBe(union.n);
    expect(summary.customers).toBe(2000);
    const [direct] = await db.query(`SELECT
      (SELECT count(*) FROM tiers_2024 WHERE customer_id NOT IN (SELECT customer_id FROM tiers_2023)) AS new_customers,
      (SELECT count(*) FROM tiers_2023 WHERE customer_id NOT IN (SELECT customer_id FROM tiers_2024)) AS gone,
      (SELECT count(*) FROM tiers_2023 b JOIN tiers_2024 a USING (customer_id) WHERE a.tier = b.tier) AS stayed,
      (SELECT count(*) FROM tiers_2023 b JOIN tiers_2024 a USING (customer_id) WHERE b.tier = 'high' AND a.tier = 'low') AS high_to_low`);
    expect(summary.newCustomers).toBe(direct.new_customers);
    expect(summary.gone).toBe(direct.gone);
    expect(summary.stayed).toBe(direct.stayed);
    expect(summary.newCustomers + summary.gone + summary.inBoth).toBe(2000);
    const highToLow = summary.moves.find((m) => m.from === 'high' && m.to === 'low');
    expect(highToLow?.customers).toBe(direct.high_to_low);
    const [{ high }] = await db.query(`SELECT count(*) AS high FROM tiers_2023 WHERE tier = 'high'`);
    expect(highToLow?.rowShare).toBeCloseTo(Number(direct.high_to_low) / Number(high), 12);
    expect(summary.from).toEqual(['high', 'low', 'mid', '(new)']);
    expect(summary.to).toEqual(['high', 'low', 'mid', '(gone)']);
    const [{ shares }] = await db.query(`SELECT count(DISTINCT round(s, 9)) AS shares FROM (SELECT sum(row_share) AS s FROM tier_moves GROUP BY from_segment)`);
    expect(shares).toBe(1);
  });

  it.each<[Partial<MigrationCell>, string]>([
    [{ before: 'gone_table' }, 'the earlier segments table "gone_table" does not exist: run the cell that makes it, or pick another table'],
    [{ after: '' }, 'choose the later segments table'],
    [{ key: 'id' }, 'the table "snap_before" has no customer key column "id"; its columns are customer_id, segment'],
    [{ after: 'keyless' }, 'the table "keyless" has no customer key column "customer_id"; its columns are id, tier'],
    [{ afterColumn: 'segment' }, 'the table "snap_after" has no segment column "segment"; its columns are customer_id, tier'],
    [{ beforeColumn: 'customer_id', before: 'wide' }, 'column "customer_id" of "wide" has 50 distinct values, more than 30 for a segment column: pick the column of segment labels'],
  ])('refuses %o with a message that says what to do', async (patch, message) => {
    await db.exec(`CREATE OR REPLACE TABLE keyless AS SELECT 1 AS id, 'A' AS tier`);
    await db.exec(`CREATE OR REPLACE TABLE wide AS SELECT range AS customer_id, 'A' AS segment FROM range(50)`);
    await expect(run(migrationCell(patch))).rejects.toThrow(message);
  });

  it('says so when the two tables share no customer', async () => {
    await db.exec(`CREATE OR REPLACE TABLE strangers AS SELECT 'x' || range AS customer_id, 'A' AS tier FROM range(3)`);
    const outcome = await run(migrationCell({ name: 'stranger_moves', after: 'strangers' }));
    expect(summaryOf(outcome)).toMatchObject({ customers: 8, inBoth: 0, newCustomers: 3, gone: 5, stayedShare: null });
    expect(outcome.notes).toEqual(['no customer is in both "snap_before" and "strangers": check that both tables use the same "customer_id" ids']);
  });
});
