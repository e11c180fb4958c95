import type { FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';

export interface GapResult {
  k: number[];
  /** E*[log W_k] - log W_k over the reference sets. */
  gap: Float64Array;
  /** Standard deviation of the reference log W_k times sqrt(1 + 1/B). */
  sk: Float64Array;
  /** log W_k of the data, W_k being the pooled within-cluster sum of squares (k-means inertia). */
  logW: Float64Array;
  /** The smallest k with gap(k) >= gap(k') - s(k'), k' the next k in the list; the last k if none. */
  bestK: number;
}

/**
 * The gap statistic of Tibshirani, Walther and Hastie (2001), with B reference sets drawn
 * uniformly in the bounding box of the data (their option (a)). `ks` must be increasing;
 * `fitInertia` clusters a matrix into k groups and returns its inertia, and gets the same seed for
 * the data and for every reference set, so only the data differ; `reference` says which it is. The
 * same B reference sets serve every k, which makes the differences between neighbouring k less noisy.
 */
export function gapStatistic(
  m: FeatureMatrix,
  ks: number[],
  B: number,
  seed: number,
  fitInertia: (m: FeatureMatrix, k: number, seed: number, reference: boolean) => number,
): GapResult {
  const { data, n, d } = m;
  if (ks.length === 0) throw new RangeError('ks must list at least one k, got none');
  for (let i = 0; i < ks.length; i++) {
    if (!Number.isInteger(ks[i]) || ks[i] < 1 || ks[i] > n) throw new RangeError(`each k must be an integer in [1, ${n}], got ${ks[i]}`);
    if (i > 0 && ks[i] <= ks[i - 1]) throw new RangeError(`ks must be increasing, got ${ks[i]} after ${ks[i - 1]}`);
  }
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`B must be a positive integer, got ${B}`);

  const low = new Float64Array(d).fill(Infinity);
  const high = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const v = data[i * d + t];
      if (v < low[t]) low[t] = v;
      if (v > high[t]) high[t] = v;
    }
  }

  const logW = Float64Array.from(ks, (k) => Math.log(fitInertia(m, k, seed, false)));
  const refLogW = new Float64Array(B * ks.length);
  const rng = new Random(seed);
  for (let b = 0; b < B; b++) {
    const draw = rng.fork(b);
    const reference = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) reference[i * d + t] = low[t] + draw.next() * (high[t] - low[t]);
    const ref = { data: reference, n, d };
    for (let j = 0; j < ks.length; j++) refLogW[b * ks.length + j] = Math.log(fitInertia(ref, ks[j], seed, true));
  }

  const gap = new Float64Array(ks.length);
  const sk = new Float64Array(ks.length);
  for (let j = 0; j < ks.length; j++) {
    let mean = 0;
    for (let b = 0; b < B; b++) mean += refLogW[b * ks.length + j];
    mean /= B;
    let ss = 0;
    for (let b = 0; b < B; b++) ss += (refLogW[b * ks.length + j] - mean) ** 2;
    gap[j] = mean - logW[j];
    sk[j] = Math.sqrt(ss / B) * Math.sqrt(1 + 1 / B);
  }
  let bestK = ks[ks.length - 1];
  for (let j = 0; j + 1 < ks.length; j++) {
    if (gap[j] >= gap[j + 1] - sk[j + 1]) {
      bestK = ks[j];
      break;
    }
  }
  return { k: [...ks], gap, sk, logW, bestK };
}
