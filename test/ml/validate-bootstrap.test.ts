import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/ml/kmeans.ts';
import { SPLIT_ROWS } from '../../src/ml/kmeans-part.ts';
import { sampledStart } from '../../src/ml/kmeans-sampled.ts';
import { takeRows, type FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';
import { ResampleKMeans, settlePlaces } from '../../src/ml/resample-kmeans.ts';
import { SETTLED_PASSES } from '../../src/ml/sampling.ts';
import { bootstrapStability } from '../../src/ml/stability.ts';
import { validationBootstrap, type BootstrapJob } from '../../src/ml/validate-bootstrap.ts';
import { gaussianBlobs } from './synthetic.ts';

/** Blobs with heavy overlap, so that re-clusterings differ from resample to resample. */
function overlapping(perCluster: number, d: number): FeatureMatrix {
  const rng = new Random(3);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: d }, () => rng.next() * 4));
  return gaussianBlobs(centres, perCluster, 1, 5).m;
}

/**
 * Validation's re-clustering written plainly, with a fresh fit of a fresh copy per resample: the
 * restarts on `sample` rows, and with `settle`, Lloyd to convergence on that many rows of the
 * resample, then at most SETTLED_PASSES passes over all of it.
 */
const plainRecluster = (sample: number | null, settle: number | null = null) => (resample: FeatureMatrix, k: number, seed: number) => {
  const options = { k, nInit: 3, maxIter: 300, tol: 1e-4, seed };
  if (settle === null || resample.n <= settle) return kmeans(resample, sampledStart(resample, { sample, seed }, options, [])).labels;
  const settled = takeRows(resample, settlePlaces(resample.n, settle, seed));
  const centres = kmeans(settled, sampledStart(settled, { sample, seed }, options, [])).centroids;
  return kmeans(resample, { ...options, nInit: 1, init: centres, maxIter: SETTLED_PASSES }).labels;
};

function job(m: FeatureMatrix, labels: Int32Array, B: number, sample: number | null, settle: number | null = null): BootstrapJob {
  return { m, labels, B, seed: 11, fit: { k: 4, nInit: 3, maxIter: 300, tol: 1e-4, sample, settle } };
}

describe('validation bootstrap', () => {
  it('gives bit for bit the result of bootstrapStability with a fresh k-means per resample, over two parts and with sampled restarts', () => {
    const m = overlapping(Math.ceil(SPLIT_ROWS / 4) + 500, 5);
    expect(m.n).toBeGreaterThan(SPLIT_ROWS);
    const labels = kmeans(m, { k: 4, nInit: 1, maxIter: 50, tol: 1e-4, seed: 1 }).labels;
    const expected = bootstrapStability(m, labels, 4, 3, 11, plainRecluster(2_000));
    const actual = validationBootstrap(job(m, labels, 3, 2_000));
    expect(actual.aris).toEqual(expected.aris);
    expect(actual.jaccard).toEqual(expected.jaccard);
    expect(actual.jaccardError).toEqual(expected.jaccardError);
    expect(actual.meanAri).toBe(expected.meanAri);
    // Not a trivial agreement: the resamples' clusterings differ.
    expect(new Set(actual.aris).size).toBeGreaterThan(1);
  });

  it('gives bit for bit the plain result when each resample settles on a sample of its rows before its passes over all of them', () => {
    const m = overlapping(Math.ceil(SPLIT_ROWS / 4) + 500, 5);
    const labels = kmeans(m, { k: 4, nInit: 1, maxIter: 50, tol: 1e-4, seed: 1 }).labels;
    const expected = bootstrapStability(m, labels, 4, 3, 11, plainRecluster(2_000, 10_000));
    const actual = validationBootstrap(job(m, labels, 3, 2_000, 10_000));
    expect(actual.aris).toEqual(expected.aris);
    expect(actual.jaccard).toEqual(expected.jaccard);
    expect(actual.jaccardError).toEqual(expected.jaccardError);
    // Settling changes the fits: not the result without it.
    expect(actual.aris).not.toEqual(validationBootstrap(job(m, labels, 3, 2_000)).aris);
  });

  it('gives the same result exact, with every restart on every row of each resample', () => {
    const m = overlapping(300, 3);
    const labels = kmeans(m, { k: 4, nInit: 1, maxIter: 50, tol: 1e-4, seed: 1 }).labels;
    const expected = bootstrapStability(m, labels, 4, 4, 11, plainRecluster(null));
    const actual = validationBootstrap(job(m, labels, 4, null));
    expect(actual.aris).toEqual(expected.aris);
    expect(actual.jaccard).toEqual(expected.jaccard);
  });

  it('re-clusters resamples one after another in the same memory as fresh fits do', () => {
    const m = overlapping(400, 6);
    const fits = new ResampleKMeans(m, m.n, { k: 4, nInit: 3, maxIter: 300, tol: 1e-4, sample: 500 });
    const rng = new Random(9);
    for (let r = 0; r < 3; r++) {
      const picks = Int32Array.from({ length: m.n }, () => rng.int(m.n)).sort();
      const fresh = plainRecluster(500)({ data: Float64Array.from(Array.from(picks).flatMap((row) => Array.from(m.data.subarray(row * 6, row * 6 + 6)))), n: m.n, d: 6 }, 4, r);
      expect(fits.labels(picks, r)).toEqual(fresh);
    }
  });

  it('refuses a matrix holding NaN, naming the row', () => {
    const m = overlapping(50, 2);
    m.data[7] = NaN;
    expect(() => new ResampleKMeans(m, m.n, { k: 4, nInit: 3, maxIter: 300, tol: 1e-4, sample: null })).toThrow('the matrix holds NaN or Infinity at row 3, column 1');
  });
});
