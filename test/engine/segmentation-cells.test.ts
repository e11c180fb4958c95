import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { sweepClusterCell } from '../../src/engine/cells/cluster/cluster-cell.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, withFittedModel, type Cell, type ClusterCell, type ScoreCell, type ValidateCell, type Workbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import type { FeatureSpec } from '../../src/ml/preprocess.ts';

const root = resolve(import.meta.dirname, '../..');
let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  const path = resolve(root, 'sample-data/retail-transactions.csv');
  await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-transactions.csv', table: 'tx', path });
  await db.exec(`CREATE TABLE rfm AS SELECT customer_id, date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency,
    count(DISTINCT invoice_id) AS frequency, sum(quantity * unit_price) AS monetary
    FROM tx WHERE invoice_id NOT LIKE 'C%' GROUP BY customer_id ORDER BY customer_id`);
});
afterAll(() => db.close());

const RFM_FEATURES: FeatureSpec = {
  numeric: [
    { column: 'recency', scale: 'standard', log1p: false, clip: null },
    { column: 'frequency', scale: 'standard', log1p: true, clip: null },
    { column: 'monetary', scale: 'standard', log1p: true, clip: null },
  ],
  categorical: [],
  missing: 'drop',
};

function clusterCell(patch: Partial<ClusterCell> = {}): ClusterCell {
  const base = createCell('cluster', { ...emptyWorkbook(), sources: [] }, 0);
  if (base.kind !== 'cluster') throw new Error('expected a cluster cell');
  return { ...base, name: 'segments', input: 'rfm', features: RFM_FEATURES, k: 4, nInit: 4, ...patch };
}

/** Runs the cells as the notebook does: the scheduler stores fitted models by replacing the cell. */
async function run(...cells: Cell[]): Promise<{ wb: Workbook; scheduler: Scheduler }> {
  let wb: Workbook = { ...emptyWorkbook(), cells };
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend(), keepModel: (id, model) => (wb = withFittedModel(wb, id, model)) });
  await scheduler.runAll();
  return { wb, scheduler };
}

async function rows(sql: string) {
  return db.query(sql);
}

describe('cluster cell', () => {
  it('writes the input rows with segment and distance, a centroid table in original units, and stores its model', async () => {
    const cell = clusterCell();
    const { scheduler, wb } = await run(cell);
    const state = scheduler.state(cell.id);
    expect(state.status, state.error?.message).toBe('done');
    expect(state.rowCount).toBe(2000);
    const [summary] = await rows('SELECT count(*) AS n, min(segment) AS lo, max(segment) AS hi, min(distance) >= 0 AS ok FROM segments');
    expect(summary).toEqual({ n: 2000, lo: 1, hi: 4, ok: true });
    expect(Object.keys((await rows('SELECT * FROM segments LIMIT 1'))[0])).toEqual(['customer_id', 'recency', 'frequency', 'monetary', 'segment', 'distance']);
    const centres = await rows('SELECT * FROM segments_centroids ORDER BY segment');
    expect(centres).toHaveLength(4);
    expect(centres.reduce((a, c) => a + Number(c.size), 0)).toBe(2000);
    // Centres are in original units: frequency is a count of orders, not a z-score.
    expect(Math.max(...centres.map((c) => Number(c.frequency)))).toBeGreaterThan(5);
    const stored = wb.cells.find((c) => c.id === cell.id);
    if (stored?.kind !== 'cluster') throw new Error('expected the cluster cell');
    expect(stored.model?.k).toBe(4);
    expect(stored.model?.preparation.columns).toEqual(['recency', 'frequency', 'monetary']);
    // The run replaced the cell; the cell object it was given is unchanged.
    expect(cell.model).toBeNull();
  });

  it('gives the same segments for the same seed', async () => {
    await run(clusterCell({ name: 'again_a' }));
    await run(clusterCell({ name: 'again_b' }));
    const [{ differ }] = await rows('SELECT count(*) AS differ FROM again_a a JOIN again_b b USING (customer_id) WHERE a.segment <> b.segment');
    expect(differ).toBe(0);
  });

  it('falls back to a seeded sample for Ward above 10,000 rows, and says so', async () => {
    await db.exec('CREATE OR REPLACE TABLE big AS SELECT range AS id, (range % 97)::DOUBLE AS a, (range % 89)::DOUBLE AS b FROM range(12000)');
    const cell = clusterCell({
      name: 'ward_big', input: 'big', algorithm: 'ward', k: 3,
      features: { numeric: ['a', 'b'].map((column) => ({ column, scale: 'standard' as const, log1p: false, clip: null })), categorical: [], missing: 'drop' },
    });
    const { scheduler } = await run(cell);
    expect(scheduler.state(cell.id).status, scheduler.state(cell.id).error?.message).toBe('done');
    expect(scheduler.state(cell.id).notes?.join(' ')).toMatch(/on all 12,000 rows that is 144 million distances .* so it ran on a seeded sample of 10,000 rows/);
  });

  it.each([
    ['k < 2', { k: 1 }, /k must be a whole number of at least 2: 1/],
    ['a text column chosen as numeric', { input: 'tx', features: { numeric: [{ column: 'channel', scale: 'standard', log1p: false, clip: null }], categorical: [], missing: 'drop' } }, /column "channel" is VARCHAR, not a number/],
    ['a missing input table', { input: 'nowhere' }, /input table "nowhere" does not exist/],
  ] as const)('reports %s on the cell', async (_label, patch, message) => {
    const cell = clusterCell({ name: 'bad', ...(patch as Partial<ClusterCell>) });
    const { scheduler } = await run(cell);
    expect(scheduler.state(cell.id).status).toBe('error');
    expect(scheduler.state(cell.id).error?.message).toMatch(message);
  });

  it('reports bad data: NaN or Infinity, too few distinct rows, a single row, constant features, an empty table', async () => {
    await db.exec("CREATE OR REPLACE TABLE odd AS SELECT * FROM (VALUES (1, 1.0, 5.0), (2, 'NaN'::DOUBLE, 5.0), (3, 'inf'::DOUBLE, 5.0), (4, 2.0, 5.0)) t(id, x, c)");
    await db.exec('CREATE OR REPLACE TABLE one AS SELECT 1 AS id, 2.0 AS x');
    await db.exec('CREATE OR REPLACE TABLE empty AS SELECT 1 AS id, 2.0 AS x WHERE false');
    await db.exec('CREATE OR REPLACE TABLE few AS SELECT * FROM (VALUES (1, 1.0), (2, 1.0), (3, 2.0), (4, 2.0)) t(id, x)');
    const x = (col: string) => ({ numeric: [{ column: col, scale: 'standard' as const, log1p: false, clip: null }], categorical: [], missing: 'drop' as const });
    const cases: Array<[Partial<ClusterCell>, RegExp]> = [
      [{ input: 'odd', features: x('x') }, /column "x" holds 2 NaN or Infinity values/],
      [{ input: 'few', features: x('x'), k: 3 }, /k is larger than the number of distinct rows \(2\): 3/],
      [{ input: 'one', features: x('x'), k: 2 }, /at least 2 rows, and the input has 1/],
      [{ input: 'odd', features: x('c'), k: 2 }, /every feature is constant \(c\)/],
      [{ input: 'empty', features: x('x') }, /input table "empty" is empty/],
    ];
    for (const [patch, message] of cases) {
      const cell = clusterCell({ name: 'bad_data', ...patch });
      const { scheduler } = await run(cell);
      expect(scheduler.state(cell.id).error?.message, JSON.stringify(patch)).toMatch(message);
    }
  });

  it('treats NULL features by the missing-value policy and says how many rows it affected', async () => {
    await db.exec('CREATE OR REPLACE TABLE gaps AS SELECT range AS id, CASE WHEN range % 10 = 0 THEN NULL ELSE range::DOUBLE END AS x FROM range(100)');
    const features = (missing: FeatureSpec['missing']): FeatureSpec => ({ numeric: [{ column: 'x', scale: 'standard', log1p: false, clip: null }], categorical: [], missing });
    const dropped = clusterCell({ name: 'gaps_drop', input: 'gaps', features: features('drop'), k: 2 });
    const imputed = clusterCell({ name: 'gaps_mean', input: 'gaps', features: features('mean'), k: 2 });
    const { scheduler } = await run(dropped, imputed);
    expect(scheduler.state(dropped.id).rowCount).toBe(90);
    expect(scheduler.state(dropped.id).notes).toContain('10 of 100 rows had a missing value and were dropped.');
    expect(scheduler.state(imputed.id).rowCount).toBe(100);
    expect(scheduler.state(imputed.id).notes?.join(' ')).toMatch(/10 missing values of "x" were replaced by the mean/);
  });
});

describe('k sweep', () => {
  it('measures every k in the range and recommends one with a reason', async () => {
    const cell = clusterCell({ name: 'sweep', nInit: 2, sweep: { min: 2, max: 5, references: 2 } });
    const result = await sweepClusterCell(cell, { db, ml: new InlineBackend(), signal: new AbortController().signal, report: () => {} });
    expect(result.k).toEqual([2, 3, 4, 5]);
    for (const series of [result.inertia, result.silhouette, result.daviesBouldin, result.calinskiHarabasz, result.gap]) expect(series).toHaveLength(4);
    expect(result.k).toContain(result.recommended);
    expect(result.reason).toMatch(new RegExp(`^k = ${result.recommended}: (named by|no metric names)`));
    expect(result.best.map((b) => b.metric)).toEqual(['elbow', 'silhouette', 'daviesBouldin', 'calinskiHarabasz', 'gap']);
  });

  it('refuses a range whose minimum is above its maximum', async () => {
    const cell = clusterCell({ sweep: { min: 6, max: 3, references: 2 } });
    await expect(sweepClusterCell(cell, { db, ml: new InlineBackend(), signal: new AbortController().signal, report: () => {} })).rejects.toThrow(
      /smallest k is larger than the largest: 6 > 3/,
    );
  });
});

describe('score and validate cells', () => {
  it('applies a fitted segmentation to new rows and reports the rows that fit no segment', async () => {
    await db.exec("CREATE OR REPLACE TABLE next_month AS SELECT * FROM rfm UNION ALL SELECT 999999, 5000, 400, 9e7");
    const cluster = clusterCell({ name: 'fitted' });
    const score: ScoreCell = { id: 'score1', kind: 'score', name: 'scored', input: 'next_month', model: 'fitted' };
    const { scheduler } = await run(cluster, score);
    expect(scheduler.state(score.id).status, scheduler.state(score.id).error?.message).toBe('done');
    const [same] = await rows('SELECT count(*) AS n FROM scored s JOIN fitted f USING (customer_id) WHERE s.segment = f.segment');
    const [unfit] = await rows('SELECT count(*) FILTER (WHERE NOT fits_segment) AS n, bool_or(customer_id = 999999 AND segment IS NULL) AS outlier FROM scored');
    expect(Number(same.n)).toBeGreaterThan(1950);
    expect(unfit.outlier).toBe(true);
    expect(scheduler.state(score.id).notes?.[0]).toMatch(/fit no segment/);
  });

  it('says a score cell needs its cluster cell run first', async () => {
    const cluster = clusterCell({ name: 'unfitted', k: 1 });
    const score: ScoreCell = { id: 'score2', kind: 'score', name: 'scored2', input: 'rfm', model: 'nope' };
    const { scheduler } = await run(cluster, score);
    expect(scheduler.state(score.id).error?.message).toMatch(/no cluster cell writes "nope"/);
  });

  it('writes a verdict per segment: size and share, silhouette, bootstrap Jaccard, value, and flags small segments', async () => {
    const cluster = clusterCell({ name: 'validated' });
    const validate: ValidateCell = {
      id: 'v1', kind: 'validate', name: 'verdict', input: 'validated', segmentColumn: 'segment', features: RFM_FEATURES,
      minShare: 0.3, bootstrap: 4, seed: 1, valueColumn: 'monetary',
    };
    const { scheduler } = await run(cluster, validate);
    const state = scheduler.state(validate.id);
    expect(state.status, state.error?.message).toBe('done');
    const verdict = await rows('SELECT * FROM verdict ORDER BY segment');
    expect(verdict).toHaveLength(4);
    expect(verdict.reduce((a, r) => a + Number(r.size), 0)).toBe(2000);
    for (const r of verdict) {
      expect(r.too_small).toBe(Number(r.share) < 0.3);
      expect(Number(r.jaccard)).toBeGreaterThan(0);
      expect(Number(r.jaccard)).toBeLessThanOrEqual(1);
    }
    expect(verdict.some((r) => String(r.verdict).includes('too small'))).toBe(true);
    if (state.result?.kind !== 'validate') throw new Error('expected a validation result');
    expect(state.result.validation.kruskalWallis?.p).toBeLessThan(0.05);
    expect(state.result.validation.meanAri).toBeGreaterThan(0);
  });

  it('validates rule-based segments from SQL, labelled with text', async () => {
    await db.exec("CREATE OR REPLACE TABLE ruled AS SELECT *, CASE WHEN frequency >= 20 THEN 'frequent' WHEN recency > 300 THEN 'lapsed' ELSE 'other' END AS tier FROM rfm");
    const validate: ValidateCell = {
      id: 'v2', kind: 'validate', name: 'tier_verdict', input: 'ruled', segmentColumn: 'tier', features: RFM_FEATURES,
      minShare: 0.02, bootstrap: 2, seed: 1, valueColumn: null,
    };
    const { scheduler } = await run(validate);
    expect(scheduler.state(validate.id).status, scheduler.state(validate.id).error?.message).toBe('done');
    expect((await rows('SELECT segment FROM tier_verdict ORDER BY segment')).map((r) => r.segment)).toEqual(['frequent', 'lapsed', 'other']);
  });
});
