import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ClusterCell, Workbook } from '../../src/engine/workbook.ts';
import {
  expectedMatrix, loadPreprocessFixture, relativeError, specOf, type PreprocessCombo,
} from '../ml/oracles/preprocess-fixture.ts';

/*
 * A cluster cell always seeds k-means with k-means++, so the runner cannot be given scikit-learn's
 * fixed centres. What it writes is checked against scikit-learn's prepared matrix instead: each
 * centroid, read in original units from <cell>_centroids and taken into the prepared space with
 * scikit-learn's own fitted log1p/scaler, must be the mean of its rows there (a Lloyd fixed point),
 * and each row's segment must be its nearest such centre at the distance the runner wrote.
 */
const root = resolve(import.meta.dirname, '../..');
const fixture = loadPreprocessFixture();
const CHOSEN = [
  'log1p-noclip-standard-mean-onehot',
  'log1p-noclip-minmax-drop-onehot',
  'log1p-clip5-95-robust-median-onehot',
  'log1p-clip1-99-standard-median-numeric',
  'raw-clip1-99-robust-mean-onehot',
  'raw-noclip-none-drop-numeric',
];
const combos = CHOSEN.map((id) => fixture.combos.find((c) => c.id === id)!);
const COLUMNS = ['id', ...fixture.numeric, ...fixture.categorical.map((c) => c.column)];

let dir: string;
let out: string;
let run: ReturnType<typeof spawnSync>;

function csv(): string {
  const field = (v: number | string | null) => (v === null ? '' : String(v));
  const lines = Array.from({ length: fixture.n }, (_, i) => COLUMNS.map((c) => field(fixture.data[c][i])).join(','));
  return [COLUMNS.join(','), ...lines].join('\n') + '\n';
}

function clusterCell(c: PreprocessCombo, i: number): ClusterCell {
  return {
    id: `c${i}`, kind: 'cluster', name: `seg_${i}`, input: 'customers', features: specOf(fixture, c),
    algorithm: 'kmeans', k: fixture.k, nInit: 3, maxIter: 300, tol: 0, seed: 7, sweep: { min: 2, max: 8, references: 5 }, model: null,
  };
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(`SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS();
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segbook-preprocess-oracle-'));
  out = join(dir, 'out');
  await writeFile(join(dir, 'customers.csv'), csv());
  const wb: Workbook = {
    format: 'segbook-workbook', version: 1, title: 'preparation against scikit-learn',
    sources: [{ name: 'customers', file: 'customers.csv', origin: 'file', format: 'csv', columnTypes: {}, schema: [] }],
    cells: combos.map(clusterCell),
  };
  await writeFile(join(dir, 'workbook.json'), JSON.stringify(wb));
  run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/cli/segbook.ts'), 'run', join(dir, 'workbook.json'), '--data', `customers=${join(dir, 'customers.csv')}`, '--out', out],
    { cwd: root, encoding: 'utf8' },
  );
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('segbook run prepares features as scikit-learn does', () => {
  it('runs every cluster cell of the workbook', async () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(report.cells.map((c: { status: string }) => c.status)).toEqual(combos.map(() => 'done'));
  });

  combos.forEach((c, i) => {
    it(`${c.id}: each row's segment is its nearest centre and its distance is scikit-learn's to 1e-9, each centre the mean of its rows`, async () => {
      expect(run.status, String(run.stderr)).toBe(0);
      const segments = await readParquet(join(out, `seg_${i}.parquet`));
      const centroids = await readParquet(join(out, `seg_${i}_centroids.parquet`));
      const x = expectedMatrix(fixture, c);
      const { d } = x;
      // Rows come back in file order; the dropped ones (missing "drop") are absent.
      expect(segments.map((r) => Number(r.id) - 1)).toEqual(c.rows);
      expect(centroids.map((r) => r.segment)).toEqual(Array.from({ length: fixture.k }, (_, s) => s + 1));
      // DuckDB's top-N query picks the categories scikit-learn was given, in the same order (a tie at the cut included).
      expect(Object.keys(centroids[0]).filter((name) => name.includes('='))).toEqual(c.columns.filter((name) => name.includes('=')));
      const params = new Map(c.numericParams.map((p) => [p.column, p]));
      const centres = centroids.map((row) =>
        c.columns.map((name) => {
          const value = Number(row[name]);
          const p = params.get(name);
          return p ? ((c.log1p ? Math.log1p(value) : value) - p.center) / p.scale : value;
        }),
      );

      const sums = centres.map(() => new Float64Array(d));
      const sizes = centres.map(() => 0);
      let worst = 0;
      segments.forEach((row, r) => {
        const squared = centres.map((centre) => centre.reduce((s, v, t) => s + (x.data[r * d + t] - v) ** 2, 0));
        const nearest = squared.indexOf(Math.min(...squared));
        expect(Number(row.segment), `row id ${row.id}`).toBe(nearest + 1);
        worst = Math.max(worst, relativeError(Number(row.distance), Math.sqrt(squared[nearest])));
        sizes[nearest]++;
        for (let t = 0; t < d; t++) sums[nearest][t] += x.data[r * d + t];
      });
      expect(worst).toBeLessThan(1e-9);
      expect(centroids.map((row) => Number(row.size))).toEqual(sizes);
      let drift = 0;
      centres.forEach((centre, s) => centre.forEach((v, t) => (drift = Math.max(drift, relativeError(v, sums[s][t] / sizes[s])))));
      expect(drift).toBeLessThan(1e-9);
    });
  });
});
