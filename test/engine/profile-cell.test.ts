import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { ProfileCell } from '../../src/engine/workbook.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { personasFor } from '../../src/engine/persona.ts';
import { defaultNumericColumns, type ProfileSummary } from '../../src/engine/cells/profile/profile-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, type Cell, type Workbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { describeTable } from '../../src/db/catalog.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

const root = resolve(import.meta.dirname, '../..');
let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  const path = resolve(root, 'sample-data/retail-customers.csv');
  await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-customers.csv', table: 'customers', path });
  // Small enough to check by hand: segment a = {1, 3}, b = {10, 12, 14}.
  await db.exec(`CREATE TABLE small AS SELECT * FROM (VALUES
    (1, 'a', 1.0, 'x', 100), (2, 'a', 3.0, 'y', 100), (3, 'b', 10.0, 'x', 300), (4, 'b', 12.0, 'x', 300), (5, 'b', 14.0, NULL, 300), (6, NULL, 99.0, 'y', 1)
  ) v(id, seg, m, c, w)`);
  await db.exec('CREATE TABLE clv_out AS SELECT * FROM (VALUES (1, 0.2), (2, 0.9), (3, 0.1), (4, 0.3)) v(id, p_alive)');
  await db.exec("CREATE TABLE small_before AS SELECT * FROM (VALUES ('a'), ('a'), ('a'), ('a'), ('b'), ('b')) v(seg)");
});
afterAll(() => db.close());

function profileCell(patch: Partial<ProfileCell> = {}): ProfileCell {
  const base = createCell('profile', { ...emptyWorkbook(), sources: [] }, 0);
  if (base.kind !== 'profile') throw new Error('expected a profile cell');
  return { ...base, name: 'prof', input: 'small', segmentColumn: 'seg', numeric: ['m'], categorical: ['c'], valueColumn: 'w', ...patch };
}

async function run(...cells: Cell[]): Promise<Scheduler> {
  const wb: Workbook = { ...emptyWorkbook(), cells };
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
  await scheduler.runAll();
  return scheduler;
}

async function summaryOf(cell: ProfileCell): Promise<ProfileSummary> {
  const scheduler = await run(cell);
  const state = scheduler.state(cell.id);
  expect(state.status, state.error?.message).toBe('done');
  if (state.result?.kind !== 'profile') throw new Error('expected a profile result');
  return state.result.profile;
}

describe('profile cell', () => {
  it('gives sizes, value shares, means, medians and the pooled-sd standardised difference worked out by hand', async () => {
    const s = await summaryOf(profileCell());
    expect(s.rows).toBe(5);
    expect(s.segments.map((x) => [x.label, x.size, x.share, x.valueShare])).toEqual([
      ['a', 2, 0.4, 200 / 1100],
      ['b', 3, 0.6, 900 / 1100],
    ]);
    const [a, b] = s.segments;
    // a: mean 2, M2 2; b: mean 12, M2 8; pooled sd = sqrt(10 / 3); d = 10 / sqrt(10 / 3).
    const d = 10 / Math.sqrt(10 / 3);
    expect(b.numeric[0]).toMatchObject({ column: 'm', mean: 12, median: 12, restMean: 2 });
    expect(b.numeric[0].z).toBeCloseTo(d, 12);
    expect(a.numeric[0].z).toBeCloseTo(-d, 12);
    expect(s.numeric).toEqual([{ column: 'm', mean: 8, median: 10 }]);
    // x is 3 of 5 overall; in b it is 2 of 3, a lift of (2/3)/(3/5).
    expect(b.categorical[0].values[0]).toEqual({ value: 'x', share: 2 / 3, popShare: 0.6, lift: (2 / 3) / 0.6 });
    expect(b.categorical[0].values.map((v) => v.value)).toEqual(['x', '(missing)']);
  });

  it('writes one wide row per segment and says how many rows had no segment', async () => {
    const cell = profileCell();
    const state = (await run(cell)).state(cell.id);
    expect(state.notes).toEqual(['Left out 1 row with no segment (NULL in "seg").']);
    const rows = await db.query('SELECT * FROM prof ORDER BY segment');
    expect(Object.keys(rows[0])).toEqual([
      'segment', 'size', 'share', 'value_total', 'value_share', 'value_per_customer', 'mean_m', 'median_m', 'z_m', 'top_c', 'top_c_share', 'top_c_lift',
    ]);
    expect(rows.map((r) => [r.segment, r.size, r.value_per_customer, r.top_c])).toEqual([['a', 2, 100, 'x'], ['b', 3, 300, 'x']]);
  });

  it('flags churn risk from a CLV table joined on the key, and growth against an earlier snapshot', async () => {
    const s = await summaryOf(profileCell({ churn: { table: 'clv_out', key: 'id', threshold: 0.5 }, previous: 'small_before' }));
    const [a, b] = s.segments;
    expect([a.churnRiskShare, a.meanPAlive]).toEqual([0.5, 0.55]);
    // Customer 5 has no P(alive): churn risk counts the 2 who have one.
    expect(b.churnRiskShare).toBe(1);
    expect([a.previousSize, a.growth, b.previousSize, b.growth]).toEqual([4, -0.5, 2, 0.5]);
    const [pb] = personasFor(s, createCellPlaybook(), {}).filter((p) => p.segment === 'b');
    expect(pb.playbookTraits).toContain('churn-risk');
    expect(pb.description).toMatch(/100% are at risk of churn \(P\(alive\) below 0\.5\)\. Grew 50% since the earlier snapshot\./);
    const columns = (await describeTable(db, 'prof')).map((c) => c.name);
    expect(columns.slice(-4)).toEqual(['churn_risk_share', 'mean_p_alive', 'previous_size', 'growth']);
  });

  it('treats integer segment labels as text and orders them 2 before 10', async () => {
    await db.exec('CREATE OR REPLACE TABLE numbered AS SELECT range AS id, (range % 3) * 5 + 2 AS segment, range::DOUBLE AS x FROM range(30)');
    const s = await summaryOf(profileCell({ input: 'numbered', segmentColumn: 'segment', numeric: ['x'], categorical: [], valueColumn: null }));
    expect(s.segments.map((x) => x.label)).toEqual(['2', '7', '12']);
    expect((await db.query('SELECT typeof(segment) AS t FROM prof LIMIT 1'))[0].t).toBe('VARCHAR');
  });

  it('describes the sample customers by all numeric columns but ids when none are chosen, matching a direct computation', async () => {
    const cell = profileCell({ input: 'customers', segmentColumn: 'segment_truth', numeric: [], categorical: [], valueColumn: 'income' });
    expect(defaultNumericColumns(await describeTable(db, 'customers'), 'segment_truth')).toEqual(['age', 'income']);
    const s = await summaryOf(cell);
    expect(s.rows).toBe(2000);
    expect(s.numeric.map((n) => n.column)).toEqual(['age', 'income']);
    // Cohen's d for one segment, from the raw ages.
    const ages = await db.query('SELECT segment_truth AS s, age::DOUBLE AS a FROM customers WHERE age IS NOT NULL');
    const label = s.segments[0].label;
    const inside = ages.filter((r) => r.s === label).map((r) => Number(r.a));
    const outside = ages.filter((r) => r.s !== label).map((r) => Number(r.a));
    const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
    const m2 = (x: number[]) => x.reduce((p, q) => p + (q - mean(x)) ** 2, 0);
    const d = (mean(inside) - mean(outside)) / Math.sqrt((m2(inside) + m2(outside)) / (inside.length + outside.length - 2));
    expect(s.segments[0].numeric[0].z).toBeCloseTo(d, 9);
    expect(s.segments.reduce((p, x) => p + (x.valueShare ?? 0), 0)).toBeCloseTo(1, 12);
  });

  it.each([
    ['a missing input table', { input: 'nowhere' }, /input table "nowhere" does not exist/],
    ['a missing segment column', { segmentColumn: 'cluster' }, /table "small" has no column "cluster"; its columns are id, seg, m, c, w/],
    ['a text column described as numeric', { numeric: ['c'] }, /column "c" is VARCHAR, not a number: describe it as categorical instead/],
    ['a text value column', { valueColumn: 'c' }, /value column "c" is VARCHAR, not a number/],
    ['the segment column among the descriptions', { numeric: ['seg'] }, /"seg" is the segment column/],
    ['a churn threshold above 1', { churn: { table: 'clv_out', key: 'id', threshold: 50 } }, /P\(alive\) threshold must be between 0 and 1: 50/],
    ['a churn table without p_alive', { churn: { table: 'small_before', key: 'seg', threshold: 0.5 } }, /table "small_before" has no column "p_alive": pick the output of a CLV cell/],
    ['an earlier snapshot without the segment column', { previous: 'clv_out' }, /table "clv_out" has no column "seg"/],
  ] as const)('reports %s on the cell', async (_label, patch, message) => {
    const cell = profileCell({ name: 'bad_profile', ...(patch as Partial<ProfileCell>) });
    const state = (await run(cell)).state(cell.id);
    expect(state.status).toBe('error');
    expect(state.error?.message).toMatch(message);
  });

  it('refuses a column with more than 100 values as the segment column', async () => {
    const cell = profileCell({ name: 'bad_profile', input: 'customers', segmentColumn: 'customer_id', numeric: ['age'], categorical: [], valueColumn: null });
    const state = (await run(cell)).state(cell.id);
    expect(state.error?.message).toMatch(/column "customer_id" has 2000 distinct values, too many for a segment column/);
  });
});

function createCellPlaybook() {
  return profileCell().playbook;
}
