import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { runSampleCell } from '../../src/engine/cells/sample/sample-cell.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { decodeShareHash, encodeShareHash } from '../../src/engine/share-link.ts';
import { parseWorkbook, serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { emptyWorkbook, type SampleCell, type Workbook } from '../../src/engine/workbook.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

let db: NodeDatabase;

// 1,003 people in four uneven regions, one of them NULL, and three exact duplicates of a row:
// a sample must keep each region's share, and duplicates must not make it depend on scan order.
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(`CREATE TABLE people AS
    SELECT i AS id, CASE WHEN i < 500 THEN 'north' WHEN i < 800 THEN 'south' WHEN i < 950 THEN 'east' ELSE NULL END AS region,
           (i * 37) % 101 AS spend
    FROM range(1000) r(i)
    UNION ALL SELECT 7, 'north', 37 FROM range(3)`);
});
afterAll(() => db.close());

function sampleCell(patch: Partial<SampleCell> = {}): SampleCell {
  const base = createCell('sample', emptyWorkbook(), 0);
  if (base.kind !== 'sample') throw new Error('expected a sample cell');
  return { ...base, name: 'picked', input: 'people', method: 'random', stratum: null, size: 10, unit: 'percent', seed: 42, ...patch };
}

const run = (cell: SampleCell) =>
  runSampleCell(cell, { db, ml: new InlineBackend(), lineage: workbookLineage(emptyWorkbook()), signal: new AbortController().signal, report: () => undefined });

async function countsByRegion(table: string): Promise<Map<string | null, number>> {
  const rows = await db.query(`SELECT region, count(*) AS n FROM ${table} GROUP BY ALL`);
  return new Map(rows.map((r) => [r.region === null ? null : String(r.region), Number(r.n)]));
}

/** Rows of `a` that `b` lacks, counting duplicates. */
async function missingFrom(a: string, b: string): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})`);
  return Number(n);
}

describe('sample cell', () => {
  it('takes exactly n rows of the table for a random sample of n rows, each a row of the input', async () => {
    const outcome = await run(sampleCell({ name: 'random_rows', size: 123, unit: 'rows' }));
    expect(outcome.rowCount).toBe(123);
    expect(outcome.result).toEqual({ kind: 'sample', sample: { rows: 123, of: 1003, strata: null } });
    const [{ n }] = await db.query('SELECT count(*) AS n FROM random_rows');
    expect(Number(n)).toBe(123);
    expect(await missingFrom('random_rows', 'people')).toBe(0);
    const columns = await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'random_rows' ORDER BY ordinal_position");
    expect(columns.map((r) => r.column_name)).toEqual(['id', 'region', 'spend']);
  });

  it('takes round(share × rows) rows for a random share', async () => {
    const outcome = await run(sampleCell({ name: 'random_share', size: 12.5, unit: 'percent' }));
    expect(outcome.rowCount).toBe(Math.round(0.125 * 1003));
  });

  it('keeps each stratum’s share: round(share × stratum size) rows of each, the NULL stratum included', async () => {
    await run(sampleCell({ name: 'by_region', method: 'stratified', stratum: 'region', size: 15, unit: 'percent' }));
    const input = await countsByRegion('people');
    const taken = await countsByRegion('by_region');
    expect([...input.keys()].sort()).toEqual([...taken.keys()].sort());
    for (const [region, size] of input) expect(taken.get(region), String(region)).toBe(Math.round(0.15 * size));
    expect(await missingFrom('by_region', 'people')).toBe(0);
  });

  it('shares a row count out over the strata in proportion to their sizes, and takes exactly that many rows', async () => {
    const outcome = await run(sampleCell({ name: 'by_region_rows', method: 'stratified', stratum: 'region', size: 101, unit: 'rows' }));
    expect(outcome.rowCount).toBe(101);
    expect(outcome.result).toEqual({ kind: 'sample', sample: { rows: 101, of: 1003, strata: 4 } });
    // Largest remainder by hand: 101 × (503, 300, 150, 50) / 1003 = 50.65, 30.21, 15.10, 5.04.
    // Floors give 100; the one row left goes to the largest remainder, north's.
    const taken = await countsByRegion('by_region_rows');
    expect(Object.fromEntries([...taken].map(([k, v]) => [String(k), v]))).toEqual({ north: 51, south: 30, east: 15, null: 5 });
  });

  it('gives the same rows for the same seed and other rows for another seed', async () => {
    await run(sampleCell({ name: 'seed_a', method: 'stratified', stratum: 'region', size: 20, unit: 'percent', seed: 7 }));
    await run(sampleCell({ name: 'seed_b', method: 'stratified', stratum: 'region', size: 20, unit: 'percent', seed: 7 }));
    await run(sampleCell({ name: 'seed_c', method: 'stratified', stratum: 'region', size: 20, unit: 'percent', seed: 8 }));
    expect(await missingFrom('seed_a', 'seed_b')).toBe(0);
    expect(await missingFrom('seed_b', 'seed_a')).toBe(0);
    expect(await missingFrom('seed_a', 'seed_c')).toBeGreaterThan(50);
    expect(await countsByRegion('seed_c')).toEqual(await countsByRegion('seed_a'));
  });

  it('names the cell and the missing column, and says what to do', async () => {
    await expect(run(sampleCell({ method: 'stratified', stratum: 'country' }))).rejects.toThrow(
      'the table "people" has no stratum column "country"; its columns are id, region, spend',
    );
    await expect(run(sampleCell({ method: 'stratified', stratum: null }))).rejects.toThrow('cell picked: choose the column whose values are the strata');
  });

  it('refuses a share out of range, naming the cell and the value', async () => {
    for (const size of [0, -5, 150]) {
      await expect(run(sampleCell({ size, unit: 'percent' }))).rejects.toThrow(`cell picked: a share must be more than 0% and at most 100%, not ${size}%: enter a percentage such as 10`);
    }
  });

  it('refuses more rows than the table has, or a row count that is not a whole number', async () => {
    await expect(run(sampleCell({ size: 5000, unit: 'rows' }))).rejects.toThrow(
      'cell picked: it asks for 5,000 rows, but "people" has 1,003: ask for at most 1,003 rows, or give the size as a share',
    );
    await expect(run(sampleCell({ size: 2.5, unit: 'rows' }))).rejects.toThrow('cell picked: the size must be a whole number of rows, 1 or more, not 2.5');
  });

  it('is read back from a workbook file and a link as it was saved', async () => {
    const cell = sampleCell({ method: 'stratified', stratum: 'region', size: 250, unit: 'rows', seed: 3 });
    const wb: Workbook = { ...emptyWorkbook(), cells: [cell] };
    expect(parseWorkbook(serializeWorkbook(wb)).cells).toEqual([cell]);
    expect((await decodeShareHash(await encodeShareHash({ workbook: wb, data: {} }))).workbook.cells).toEqual([cell]);
  });

  it('runs in the scheduler after the cell whose table it samples, and reruns when that table changes', async () => {
    const cells = [
      { id: 'q', kind: 'sql' as const, name: 'big_spenders', sql: 'SELECT * FROM people WHERE spend > 50' },
      { ...sampleCell({ name: 'some_big', input: 'big_spenders', size: 40, unit: 'rows' }), id: 's' },
    ];
    const wb: Workbook = { ...emptyWorkbook(), cells };
    const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
    await scheduler.run(['q']);
    expect(scheduler.state('s').status, scheduler.state('s').error?.message).toBe('done');
    expect(scheduler.state('s').rowCount).toBe(40);
    expect(await missingFrom('some_big', 'big_spenders')).toBe(0);
  });
});
