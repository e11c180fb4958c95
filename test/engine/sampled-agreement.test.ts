import { tableFromIPC } from 'apache-arrow';
import { notesText } from '../../src/engine/ml-words.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { chooseK } from '../../src/engine/choose-k.ts';
import { fetchFeatures } from '../../src/engine/feature-query.ts';
import { adjustedRandIndex } from '../../src/ml/agreement.ts';
import { runClusterJob, type ClusterJob } from '../../src/ml/cluster-job.ts';
import { prepareFeatures, type FeatureSpec, type RawFeatures } from '../../src/ml/preprocess.ts';
import { kmeans } from '../../src/ml/kmeans.ts';
import { Random } from '../../src/ml/random.ts';
import { SETTLE_PER_SAMPLE, SWEEP_SILHOUETTE_SAMPLE, sampleRows } from '../../src/ml/sampling.ts';
import { runSweepJob, type SweepJob } from '../../src/ml/sweep-job.ts';
import { runGapJob, type GapJob } from '../../src/ml/gap-job.ts';
import { takeRows } from '../../src/ml/matrix.ts';
import { runValidateJob } from '../../src/ml/validate-job.ts';
import { PLANTED, preparePlanted } from './k-choice/planted.ts';

// Sampled and exact computations on the same data must tell the user the same thing. The tables
// here are small, so each samples about half its rows (the app samples 20,000 of a million): the
// same code paths, at sizes that keep the suite fast.

interface Dataset {
  name: string;
  raw: RawFeatures;
  spec: FeatureSpec;
  k: number;
}

function standard(columns: string[], logged: string[] = []): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: logged.includes(column), clip: null })), categorical: [], missing: 'drop' };
}

/** Five planted round groups in 6 columns, some closer than others. */
function blobs(n: number): Dataset {
  const rng = new Random(16);
  const centres = [[0, 0, 0, 0, 0, 0], [6, 0, 1, 0, 0, 2], [0, 7, 0, -2, 1, 0], [5, 6, -3, 0, 0, 0], [-4, 3, 4, 3, -2, 1]];
  const columns = Array.from({ length: 6 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const c = centres[i % centres.length];
    for (let t = 0; t < 6; t++) {
      // A sum of uniforms: near-normal noise with a standard deviation of 1.
      let z = -6;
      for (let u = 0; u < 12; u++) z += rng.next();
      columns[t][i] = c[t] + z;
    }
  }
  return { name: 'blobs', raw: { n, numeric: columns, categorical: [], categories: [] }, spec: standard(columns.map((_, t) => `x${t}`)), k: 5 };
}

const datasets: Dataset[] = [];
const db = await NodeDatabase.open();

beforeAll(async () => {
  for (const p of PLANTED) {
    const cell = await preparePlanted(db, p);
    const fetched = await fetchFeatures(db, { table: cell.input, numeric: cell.features.numeric.map((f) => f.column), categorical: [] });
    datasets.push({ name: p.name, raw: fetched.raw, spec: cell.features, k: p.planted });
  }
  datasets.push(blobs(6000));
}, 120_000);

afterAll(() => db.close());

const half = (d: Dataset) => Math.floor(d.raw.n / 2);

function sweep(d: Dataset, sample: number | null): SweepJob {
  return { raw: d.raw, spec: d.spec, min: 2, max: 8, references: 3, nInit: 4, maxIter: 300, tol: 1e-4, seed: 42, sample };
}

describe('a sweep fitted on a sample', () => {
  it('recommends the same k as the sweep on every row, on every planted dataset and on planted blobs', () => {
    const picks = datasets.map((d) => {
      const sampled = runSweepJob(sweep(d, half(d)));
      expect(sampled.fitSample, d.name).toBe(half(d));
      expect(sampled.gapSample, d.name).toBe(half(d));
      const exact = runSweepJob(sweep(d, null));
      expect(exact.fitSample, d.name).toBeNull();
      // Sampled, each k's silhouette states its sample and standard error; the gap its sample.
      expect(sampled.silhouetteSample, d.name).toBe(Math.min(SWEEP_SILHOUETTE_SAMPLE, half(d)));
      for (const error of sampled.silhouetteError) expect(error, d.name).toBeGreaterThan(0);
      expect(exact.silhouetteSample, d.name).toBeNull();
      return { name: d.name, sampled: chooseK(sampled).recommended, exact: chooseK(exact).recommended };
    });
    expect(picks.map((p) => `${p.name}: ${p.sampled}`)).toEqual(picks.map((p) => `${p.name}: ${p.exact}`));
  }, 300_000);

  it("names the same gap k with one restart per reference set as with the data's three, on the sweep's sample", () => {
    const picks = datasets.map((d) => {
      const m = prepareFeatures(d.raw, d.spec).matrix;
      const job: GapJob = {
        matrix: takeRows(m, new Random(42).sample(m.n, half(d))), ks: [2, 3, 4, 5, 6, 7, 8], references: 3, nInit: 3, maxIter: 300, tol: 1e-4, seed: 42,
      };
      return { name: d.name, one: runGapJob({ ...job, referenceInit: 1 }).bestK, three: runGapJob(job).bestK };
    });
    expect(picks.map((p) => `${p.name}: ${p.one}`)).toEqual(picks.map((p) => `${p.name}: ${p.three}`));
  }, 300_000);

  it('counts every row in its inertia: the sum of squared distances to the nearest of the sample-fitted centres', () => {
    const d = datasets.find((x) => x.name === 'blobs')!;
    const result = runSweepJob({ ...sweep(d, 1000), min: 3, max: 3 });
    const job: ClusterJob = { raw: d.raw, rowids: new Float64Array(d.raw.n), spec: d.spec, algorithm: 'kmeans', k: 3, nInit: 4, maxIter: 300, tol: 1e-4, seed: 42 };
    // The same fit, reported on every row: with a sample of 1000 its restarts run on the same 1000 rows.
    const fit = runClusterJob({ ...job, sample: 1000 });
    expect(fit.sizes.reduce((a, b) => a + b, 0)).toBe(d.raw.n);
    expect(result.inertia[0]).toBeGreaterThan(0);
    expect(notesText(result.notes).some((n) => n.includes('sample of 1,000 of 6,000 rows'))).toBe(true);
  });
});

describe('k-means restarts on a sample, then Lloyd on every row', () => {
  // Three quarters of these small tables: at half, retail's 1,9xx customers have two optima of the
  // same inertia (to 4 digits) whose segments agree at ARI 0.983, and which one a restart finds
  // turns on a few rows. The app samples 50,000 rows, far more than a fit needs.
  it('gives segments with an ARI of at least 0.99, and the same inertia within 1%, as every restart on every row', () => {
    for (const d of datasets) {
      const job: ClusterJob = {
        raw: d.raw, rowids: Float64Array.from({ length: d.raw.n }, (_, i) => i), spec: d.spec, algorithm: 'kmeans',
        k: d.k, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
      };
      const sampled = runClusterJob({ ...job, sample: Math.floor(d.raw.n * 0.75) });
      const exact = runClusterJob({ ...job, sample: null });
      expect(notesText(sampled.notes).some((n) => n.includes('restarts ran on a seeded sample')), d.name).toBe(true);
      expect(notesText(exact.notes).some((n) => n.includes('restarts ran on a seeded sample')), d.name).toBe(false);
      expect(adjustedRandIndex(segmentsOf(sampled.segmentsIpc), segmentsOf(exact.segmentsIpc)), d.name).toBeGreaterThanOrEqual(0.99);
      expect(sampled.inertia / exact.inertia, d.name).toBeLessThanOrEqual(1.01);
    }
  }, 300_000);

  it('starts the fit on every row from the best restart on the sample: Lloyd from those centres gives the same segments', () => {
    const d = datasets.find((x) => x.name === 'blobs')!;
    const job: ClusterJob = { raw: d.raw, rowids: new Float64Array(d.raw.n), spec: d.spec, algorithm: 'kmeans', k: 5, nInit: 3, maxIter: 300, tol: 1e-4, seed: 42, sample: 1500 };
    const m = prepareFeatures(d.raw, d.spec).matrix;
    const onSample = kmeans(sampleRows(m, 1500, job.seed).matrix, { k: 5, nInit: 3, maxIter: 300, tol: 1e-4, seed: 42 });
    const full = kmeans(m, { k: 5, nInit: 1, maxIter: 300, tol: 1e-4, seed: 42, init: onSample.centroids });
    expect(adjustedRandIndex(segmentsOf(runClusterJob(job).segmentsIpc), full.labels)).toBe(1);
  });
});

describe('bootstrap stability on a sample', () => {
  it("keeps each segment's Jaccard within the stated error of the bootstrap on every row", () => {
    for (const d of datasets) {
      const prepared = prepareFeatures(d.raw, d.spec);
      const fit = runClusterJob({
        raw: d.raw, rowids: Float64Array.from({ length: d.raw.n }, (_, i) => i), spec: d.spec, algorithm: 'kmeans',
        k: d.k, nInit: 4, maxIter: 300, tol: 1e-4, seed: 42, sample: null,
      });
      const codes = new Float64Array(d.raw.n).fill(NaN);
      const segment = segmentsOf(fit.segmentsIpc);
      prepared.rows.forEach((row, i) => (codes[row] = segment[i] + 1));
      const job = {
        raw: d.raw, spec: d.spec, codes, segments: Array.from({ length: d.k }, (_, c) => `s${c + 1}`), values: null, minShare: 0.05, bootstrap: 12, seed: 7,
      };
      // Restarts on a tenth of each resample, Lloyd's convergence on half of it (SETTLE_PER_SAMPLE
      // tenths), then at most SETTLED_PASSES passes over all of it: as at a million rows.
      const tenth = Math.floor(d.raw.n / 10);
      const sampled = runValidateJob({ ...job, sample: tenth });
      const exact = runValidateJob({ ...job, sample: null });
      expect(sampled.bootstrapSample, d.name).toBe(tenth);
      expect(sampled.notes.find((n) => n.kind === 'sampled-bootstrap'), d.name).toMatchObject({ settle: tenth * SETTLE_PER_SAMPLE });
      expect(tenth * SETTLE_PER_SAMPLE, d.name).toBeLessThan(d.raw.n);
      expect(exact.bootstrapSample, d.name).toBeNull();
      sampled.segments.forEach((s, c) => {
        const e = exact.segments[c];
        // The stated error is the 95% interval of the difference: 2 standard errors of each estimate.
        const stated = 2 * Math.hypot(s.jaccardError!, e.jaccardError!);
        expect(Math.abs(s.jaccard! - e.jaccard!), `${d.name} segment ${c + 1}: ${s.jaccard} ± ${s.jaccardError} against ${e.jaccard} ± ${e.jaccardError}`)
          .toBeLessThanOrEqual(stated + 1e-12);
      });
    }
  }, 300_000);
});

/** The segment column of a cluster job's Arrow result, 0-based. */
function segmentsOf(ipc: Uint8Array): Int32Array {
  const column = tableFromIPC(ipc).getChild('segment');
  if (!column) throw new Error('the result has no segment column');
  return Int32Array.from(column.toArray(), (s) => Number(s) - 1);
}
