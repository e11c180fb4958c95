import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { buildScoreSql } from '../../src/engine/cells/score/score-sql.ts';
import { emptyWorkbook, withFittedModel, type Cell, type ClusterCell, type FittedModel, type ScoreCell, type Workbook } from '../../src/engine/workbook.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { assignToCentroids } from '../../src/ml/kmeans.ts';
import type { FeatureSpec, MissingPolicy } from '../../src/ml/preprocess.ts';
import { TestPostgres } from './score-sql-postgres.ts';

let db: NodeDatabase;
let pg: TestPostgres;
let dir: string;

/** A seeded table with skew (for log1p), outliers (for clipping), gaps (for fill), a constant column and a text column. */
function tableSql(name: string, n: number, seed: number, shift: number): string {
  return `CREATE TABLE ${name} AS
SELECT i AS id,
  CASE WHEN i % 17 = 3 THEN NULL ELSE round(exp(4 * h(i, 1)) - 1 + CASE WHEN i % 97 = 5 THEN 500 ELSE 0 END, 3) END AS spend,
  CASE WHEN i % 13 = 7 THEN NULL ELSE round(100 * h(i, 2) + ${shift} * (i % 5), 2) END AS visits,
  CASE WHEN i % 11 = 2 THEN NULL ELSE round(10 * h(i, 3) * h(i, 4), 4) END AS tenure,
  round(h(i, 5) * 3, 3) AS score,
  5.0::DOUBLE AS constant,
  CASE WHEN i % 19 = 0 THEN NULL ELSE ['web', 'shop', 'phone', 'mail', 'fax'][1 + (floor(h(i, 6) * h(i, 6) * 5))::INTEGER] END AS channel
FROM range(${n}) r(i)`.replace(/h\(i, (\d)\)/g, (_, k) => `((hash(i * 7 + ${k} + ${seed}) % 1000003)::DOUBLE / 1000003)`);
}

const COLUMNS = 'id INTEGER, spend DOUBLE PRECISION, visits DOUBLE PRECISION, tenure DOUBLE PRECISION, score DOUBLE PRECISION, constant DOUBLE PRECISION, channel TEXT';

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(tableSql('train', 1500, 11, 0));
  // New data: other hashes, a shift that puts some rows far from every centre, values beyond the clip bounds.
  await db.exec(tableSql('fresh', 1200, 29, 60));
  dir = mkdtempSync(join(tmpdir(), 'score-sql-'));
  // The Node database is locked down (no file access), so the CSV for COPY is written here.
  const rows = await db.query('SELECT * FROM fresh ORDER BY id');
  const cell = (v: unknown) => (v === null ? '' : String(v));
  writeFileSync(join(dir, 'fresh.csv'), [Object.keys(rows[0]).join(','), ...rows.map((r) => Object.values(r).map(cell).join(','))].join('\n') + '\n');
  pg = TestPostgres.start();
  pg.psql(`CREATE TABLE fresh (${COLUMNS});\n\\copy fresh FROM '${join(dir, 'fresh.csv')}' WITH (FORMAT csv, HEADER)\n`);
}, 120_000);

afterAll(async () => {
  pg?.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function features(missing: MissingPolicy): FeatureSpec {
  return {
    numeric: [
      { column: 'spend', scale: 'standard', log1p: true, clip: [1, 99] },
      { column: 'visits', scale: 'minmax', log1p: false, clip: [5, 95] },
      { column: 'tenure', scale: 'robust', log1p: true, clip: null },
      { column: 'score', scale: 'none', log1p: false, clip: null },
      { column: 'constant', scale: 'standard', log1p: false, clip: null },
    ],
    categorical: [{ column: 'channel', topN: 3 }],
    missing,
  };
}

/** Fits a cluster cell on `train` and scores `fresh` with a score cell, as the engine does. */
async function fitAndScore(name: string, missing: MissingPolicy, k: number): Promise<FittedModel> {
  const base = createCell('cluster', emptyWorkbook(), 0) as ClusterCell;
  const cluster: ClusterCell = { ...base, id: `${name}-c`, name: `${name}_seg`, input: 'train', features: features(missing), k, nInit: 2 };
  const score: ScoreCell = { ...(createCell('score', emptyWorkbook(), 1) as ScoreCell), id: `${name}-s`, name: `${name}_scored`, input: 'fresh', model: cluster.name };
  const cells: Cell[] = [cluster, score];
  let wb: Workbook = { ...emptyWorkbook(), cells };
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend(), keepModel: (id, model) => (wb = withFittedModel(wb, id, model)) });
  await scheduler.runAll();
  for (const c of cells) expect(scheduler.state(c.id).status, scheduler.state(c.id).error?.message).toBe('done');
  const fitted = wb.cells.find((c) => c.id === cluster.id);
  if (fitted?.kind !== 'cluster' || !fitted.model) throw new Error('the cluster cell kept no model');
  return fitted.model;
}

type Row = { id: number; segment: number | null; distance: number | null; fits: boolean };

async function engineRows(table: string): Promise<Row[]> {
  const rows = await db.query(`SELECT id, segment, distance, fits_segment FROM ${table} ORDER BY id`);
  return rows.map((r) => ({ id: Number(r.id), segment: r.segment === null ? null : Number(r.segment), distance: r.distance === null ? null : Number(r.distance), fits: r.fits_segment === true }));
}

function expectSameRows(actual: Row[], expected: Row[]): void {
  expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  expect(actual.map((r) => r.segment)).toEqual(expected.map((r) => r.segment));
  expect(actual.map((r) => r.fits)).toEqual(expected.map((r) => r.fits));
  const worst = Math.max(...actual.map((r, i) => (r.distance === null) !== (expected[i].distance === null) ? Infinity : Math.abs((r.distance ?? 0) - (expected[i].distance ?? 0))));
  expect(worst).toBeLessThan(1e-9);
}

describe.each([
  ['mean', 4],
  ['median', 5],
  ['drop', 3],
] as const)('the score query with %s fill and k = %i', (missing, k) => {
  let model: FittedModel;
  let expected: Row[];
  beforeAll(async () => {
    model = await fitAndScore(`m_${missing}`, missing, k);
    expected = await engineRows(`m_${missing}_scored`);
  }, 120_000);

  it('exercises every step: a dropped constant column, other, rows that fit no segment, rows not scored', () => {
    expect(model.preparation.columns).not.toContain('constant');
    expect(model.preparation.columns).toContain('channel=other');
    expect(expected.filter((r) => r.segment === null && r.distance !== null).length).toBeGreaterThan(0);
    expect(expected.filter((r) => r.distance === null).length).toBe(missing === 'drop' ? expected.filter((r) => r.segment === null && r.distance === null).length : 0);
    if (missing === 'drop') expect(expected.some((r) => r.distance === null)).toBe(true);
    expect(new Set(expected.map((r) => r.segment)).size).toBe(k + 1);
  });

  it('gives the score cell’s segment and distance to every row on DuckDB', async () => {
    const rows = await db.query(`SELECT id, segment, distance, fits_segment FROM (${buildScoreSql('fresh', model, 'duckdb')}) ORDER BY id`);
    expectSameRows(
      rows.map((r) => ({ id: Number(r.id), segment: r.segment === null ? null : Number(r.segment), distance: r.distance === null ? null : Number(r.distance), fits: r.fits_segment === true })),
      expected,
    );
  });

  it('gives the score cell’s segment and distance to every row on PostgreSQL', () => {
    const rows = pg.rows(`SELECT id, segment, distance, fits_segment FROM (${buildScoreSql('fresh', model, 'postgres')}) AS q ORDER BY id`);
    expectSameRows(
      rows.map((r) => ({ id: Number(r.id), segment: r.segment === null ? null : Number(r.segment), distance: r.distance === null ? null : Number(r.distance), fits: r.fits_segment === 't' })),
      expected,
    );
  });
});

it('keeps every column of the scored table, then segment, distance and fits_segment', async () => {
  const model = await fitAndScore('cols', 'mean', 2);
  const [row] = await db.query(`${buildScoreSql('fresh', model, 'duckdb')} LIMIT 1`);
  expect(Object.keys(row)).toEqual(['id', 'spend', 'visits', 'tenure', 'score', 'constant', 'channel', 'segment', 'distance', 'fits_segment']);
}, 60_000);

it('breaks a tie between equally near centres towards the lower segment number, as the k-means kernel does', async () => {
  const model: FittedModel = {
    preparation: { numeric: [{ column: 'x', log1p: false, clipLow: null, clipHigh: null, fill: null, center: 0, scale: 1 }], categorical: [], columns: ['x'], kept: [0] },
    centroids: [2, 0, 4], k: 3, distanceP99: 10,
  };
  const xs = [1, 3, -1, 2, 5];
  const { labels } = assignToCentroids({ data: Float64Array.from(xs), n: xs.length, d: 1 }, Float64Array.from(model.centroids), 3);
  const expected = Array.from(labels, (l) => l + 1);
  expect(expected).toEqual([1, 1, 2, 1, 3]);
  const values = xs.map((x, i) => `(${i}, ${x})`).join(', ');
  await db.exec(`CREATE TABLE ties AS SELECT * FROM (VALUES ${values}) AS v(id, x)`);
  pg.psql(`CREATE TABLE ties AS SELECT * FROM (VALUES ${values}) AS v(id, x);`);
  const duck = await db.query(`SELECT segment FROM (${buildScoreSql('ties', model, 'duckdb')}) ORDER BY id`);
  const post = pg.rows(`SELECT segment FROM (${buildScoreSql('ties', model, 'postgres')}) AS q ORDER BY id`);
  expect(duck.map((r) => Number(r.segment))).toEqual(expected);
  expect(post.map((r) => Number(r.segment))).toEqual(expected);
});
