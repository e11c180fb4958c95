import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellReport, RunReport } from '../../src/cli/run-workbook.ts';
import { defaultFitSample } from '../../src/engine/cells/cluster/sampled-fit.ts';
import type { ClusterCell, ScoreCell } from '../../src/engine/workbook.ts';
import { adjustedRandIndex } from '../../src/ml/agreement.ts';
import { query, runWorkbookCli, source, tempDir, workbook } from './harness.ts';

const ROWS = 6000;
const SAMPLE = 1000;
let dir: string;
let remove: () => Promise<void>;
let sampled: Awaited<ReturnType<typeof runWorkbookCli>>;
let full: Awaited<ReturnType<typeof runWorkbookCli>>;

/**
 * Three planted blobs in x and y, a skewed spend and a channel that mostly follows the blob, from
 * hashes of the row number: the same file on every run.
 */
const PLANTED = `SELECT range + 1 AS id, blob,
  [-4.0, 0.0, 4.0][blob + 1] + 0.6 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) AS x,
  [0.0, 5.0, 0.0][blob + 1] + 0.6 * sqrt(-2 * ln(u2)) * sin(2 * pi() * u1) AS y,
  round(exp(3 + blob + u3), 2) AS spend,
  CASE WHEN u3 < 0.9 THEN ['web', 'app', 'store'][blob + 1] ELSE 'phone' END AS channel
FROM (SELECT range, (hash(range, 1) % 3)::INTEGER AS blob, (hash(range, 2) % 1000000 + 0.5) / 1e6 AS u1,
  (hash(range, 3) % 1000000 + 0.5) / 1e6 AS u2, (hash(range, 4) % 1000000) / 1e6 AS u3 FROM range(${ROWS}))`;

const cluster: ClusterCell = {
  id: 'c', kind: 'cluster', name: 'segments', input: 'planted', algorithm: 'kmeans', k: 3, nInit: 4, maxIter: 100, tol: 1e-8, seed: 11,
  sweep: { min: 2, max: 5, references: 2 }, model: null,
  features: {
    numeric: [
      { column: 'x', scale: 'standard', log1p: false, clip: null },
      { column: 'y', scale: 'standard', log1p: false, clip: null },
      { column: 'spend', scale: 'robust', log1p: true, clip: null },
    ],
    categorical: [{ column: 'channel', topN: 3 }],
    missing: 'drop',
  },
};
const score: ScoreCell = { id: 's', kind: 'score', name: 'scored', input: 'planted', model: 'segments' };

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  const csv = join(dir, 'planted.csv');
  await query(`COPY (${PLANTED}) TO '${csv}' (FORMAT csv, HEADER true)`);
  const wb = workbook([cluster, score], [source('planted', 'planted.csv')]);
  sampled = await runWorkbookCli(dir, wb, '--data', `planted=${csv}`, '--fit-sample', String(SAMPLE), '--sweep');
  full = await runWorkbookCli(dir, wb, '--data', `planted=${csv}`, '--fit-sample', 'all');
}, 240_000);
afterAll(() => remove());

function cellOf(report: RunReport | null, name: string): CellReport {
  const cell = report?.cells.find((c) => c.name === name);
  if (!cell) throw new Error(`no cell ${name} in run.json`);
  return cell;
}

describe('segbook run: a cluster cell fitted on a seeded sample and scored in SQL', () => {
  it('says in its notes and in run.json that it was fitted on a sample of N of M rows', () => {
    expect(sampled.status, sampled.stderr).toBe(0);
    const cell = cellOf(sampled.report, 'segments');
    expect(cell.fittedOn).toEqual({ sampleRows: SAMPLE, inputRows: ROWS });
    expect(cell.notes[0]).toMatch(/^Fitted on a seeded sample of 1,000 of 6,000 rows; every row scored in SQL/);
    expect(cellOf(full.report, 'segments').fittedOn).toBeNull();
    expect(cellOf(full.report, 'segments').notes.join(' ')).not.toContain('seeded sample');
  });

  it('gives every row a segment, and the segments agree with a fit on every row (ARI ≥ 0.99)', async () => {
    const read = (out: string) => query(`SELECT id, segment FROM read_parquet('${join(out, 'segments.parquet')}') ORDER BY id`);
    const [a, b] = await Promise.all([read(sampled.out), read(full.out)]);
    expect(a).toHaveLength(ROWS);
    expect(a.every((r) => r.segment !== null)).toBe(true);
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    const ari = adjustedRandIndex(Int32Array.from(a, (r) => Number(r.segment)), Int32Array.from(b, (r) => Number(r.segment)));
    expect(ari).toBeGreaterThanOrEqual(0.99);
  });

  it('gives each row the segment and distance the score cell gives it with the same model (to 1e-9)', async () => {
    const rows = await query(`SELECT c.id, c.segment, c.distance, s.segment AS score_segment, s.distance AS score_distance, s.fits_segment
      FROM read_parquet('${join(sampled.out, 'segments.parquet')}') c JOIN read_parquet('${join(sampled.out, 'scored.parquet')}') s USING (id)`);
    expect(rows).toHaveLength(ROWS);
    let fits = 0;
    for (const r of rows) {
      expect(Math.abs(Number(r.distance) - Number(r.score_distance))).toBeLessThanOrEqual(1e-9);
      // The score cell leaves out rows farther than the training rows' 99th percentile; the cluster cell keeps their nearest centre.
      if (r.fits_segment) {
        fits++;
        expect(r.segment).toBe(r.score_segment);
      }
    }
    expect(fits).toBeGreaterThan(0.95 * ROWS);
  });

  it('counts every row in the sizes, the inertia and the centroid table', async () => {
    const cell = cellOf(sampled.report, 'segments');
    const result = cell.result as { kind: 'cluster'; sizes: number[]; inertia: number };
    expect(result.sizes.reduce((a, b) => a + b, 0)).toBe(ROWS);
    const [check] = await query(`SELECT sum(distance * distance) AS ss FROM read_parquet('${join(sampled.out, 'segments.parquet')}')`);
    expect(result.inertia).toBeCloseTo(Number(check.ss), 6);
    const centroids = await query(`SELECT segment, size, share FROM read_parquet('${join(sampled.out, 'segments_centroids.parquet')}') ORDER BY segment`);
    expect(centroids.map((c) => Number(c.size))).toEqual(result.sizes);
    expect(centroids.reduce((a, c) => a + Number(c.share), 0)).toBeCloseTo(1, 12);
  });

  it('runs the k sweep on the same sample', () => {
    const cell = cellOf(sampled.report, 'segments');
    expect(cell.sweep?.error).toBeNull();
    expect(cell.sweep?.result?.k).toEqual([2, 3, 4, 5]);
    // On a sixth of the rows, the within-cluster sum of squares at k = 3 is about a sixth of the whole input's.
    const whole = (cell.result as { inertia: number }).inertia;
    expect(cell.sweep!.result!.inertia[1] / whole).toBeGreaterThan(0.1);
    expect(cell.sweep!.result!.inertia[1] / whole).toBeLessThan(0.25);
  });

  it('sizes the default sample by the feature matrix: rows × columns × 8 bytes within 64 MB', () => {
    // x, y and spend, plus channel's three kept categories and "other".
    expect(defaultFitSample(cluster)).toBe(Math.floor((64 * 2 ** 20) / (8 * 7)));
    expect(defaultFitSample({ ...cluster, features: { ...cluster.features, categorical: [] } })).toBe(2_796_202);
  });
});
