import { takeRows, type FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';

/**
 * Checks that `labels` holds one label per row of `m`, each in [0, k) or -1 for a row left out.
 * Returns the number of rows with a label.
 */
export function checkLabels(m: FeatureMatrix, labels: Int32Array, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (labels.length !== m.n) throw new RangeError(`labels has ${labels.length} entries for ${m.n} rows`);
  let labelled = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l >= k || l < -1) throw new RangeError(`label of row ${i} must be -1 or in [0, ${k}), got ${l}`);
    if (l >= 0) labelled++;
  }
  return labelled;
}

/**
 * Centroid and size of each cluster; rows labelled -1 are left out. An empty cluster has size 0
 * and NaN coordinates, so that using it by mistake shows.
 */
export function clusterCentroids(m: FeatureMatrix, labels: Int32Array, k: number): { centroids: Float64Array; sizes: Int32Array } {
  checkLabels(m, labels, k);
  const { data, n, d } = m;
  const centroids = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l < 0) continue;
    sizes[l]++;
    const row = i * d;
    const c = l * d;
    for (let t = 0; t < d; t++) centroids[c + t] += data[row + t];
  }
  for (let c = 0; c < k; c++) {
    const inv = 1 / sizes[c];
    for (let t = 0; t < d; t++) centroids[c * d + t] = sizes[c] > 0 ? centroids[c * d + t] * inv : NaN;
  }
  return { centroids, sizes };
}

export function nonEmpty(sizes: Int32Array): number {
  let count = 0;
  for (let c = 0; c < sizes.length; c++) if (sizes[c] > 0) count++;
  return count;
}

export function requireClusters(name: string, present: number, labelled: number): void {
  if (present < 2) throw new RangeError(`${name} needs at least 2 non-empty clusters, got ${present}`);
  if (present > labelled - 1) throw new RangeError(`${name} needs fewer clusters than labelled rows (${labelled}), got ${present}`);
}

/**
 * Silhouette of each row, exactly as scikit-learn's silhouette_samples: (b - a) / max(a, b) with a
 * the mean distance to the rest of its own cluster and b the smallest mean distance to another
 * non-empty cluster. A row alone in its cluster scores 0. Rows labelled -1 are left out of every
 * mean and get NaN.
 *
 * Each pair of rows is visited once. Rows are first copied in cluster order so that, for a fixed
 * row, the other rows of one cluster form a contiguous run: its distance sum to that cluster is a
 * register accumulator, and the mirrored sums go to a cluster-major table written with stride 1.
 */
export function silhouetteSamples(m: FeatureMatrix, labels: Int32Array, k: number): Float64Array {
  const labelled = checkLabels(m, labels, k);
  const { data, n, d } = m;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) sizes[labels[i]]++;
  requireClusters('silhouette', nonEmpty(sizes), labelled);

  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c] + sizes[c];
  const order = new Int32Array(labelled);
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) order[fill[labels[i]]++] = i;
  const width = d <= 4 ? 4 : d <= 6 ? 6 : d <= 8 ? 8 : Math.ceil(d / 4) * 4;
  const x = new Float64Array(labelled * width);
  for (let p = 0; p < labelled; p++) for (let t = 0; t < d; t++) x[p * width + t] = data[order[p] * d + t];
  const sorted = new Int32Array(labelled);
  for (let c = 0; c < k; c++) sorted.fill(c, start[c], start[c + 1]);

  const runs = width === 4 ? runs4 : width === 6 ? runs6 : width === 8 ? runs8 : runsAnyWidth;
  const sums = new Float64Array(k * labelled);
  for (let p = 0; p < labelled; p++) {
    const own = sorted[p] * labelled;
    for (let c = sorted[p]; c < k; c++) {
      const from = c === sorted[p] ? p + 1 : start[c];
      sums[c * labelled + p] += runs(x, width, p, from, start[c + 1], sums, own);
    }
  }

  const out = new Float64Array(n).fill(NaN);
  for (let p = 0; p < labelled; p++) {
    const l = sorted[p];
    if (sizes[l] === 1) {
      out[order[p]] = 0;
      continue;
    }
    const a = sums[l * labelled + p] / (sizes[l] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === l || sizes[c] === 0) continue;
      const mean = sums[c * labelled + p] / sizes[c];
      if (mean < b) b = mean;
    }
    const denom = Math.max(a, b);
    out[order[p]] = denom > 0 ? (b - a) / denom : 0;
  }
  return out;
}

// Distance sums from row p to rows from..to-1, each distance also added to sums[own + q]. Rows are
// zero-padded to 4, 6 or 8 values so that row p can sit in locals, which halves the time against a
// loop over d; wider rows are padded to a multiple of 4 for an unrolled loop. Padding only adds
// exact zeros, so the distances do not change.
function runs4(x: Float64Array, _w: number, p: number, from: number, to: number, sums: Float64Array, own: number): number {
  const a0 = x[p * 4], a1 = x[p * 4 + 1], a2 = x[p * 4 + 2], a3 = x[p * 4 + 3];
  let acc = 0;
  for (let q = from, xq = from * 4; q < to; q++, xq += 4) {
    const e0 = a0 - x[xq], e1 = a1 - x[xq + 1], e2 = a2 - x[xq + 2], e3 = a3 - x[xq + 3];
    const dist = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3);
    acc += dist;
    sums[own + q] += dist;
  }
  return acc;
}

function runs6(x: Float64Array, _w: number, p: number, from: number, to: number, sums: Float64Array, own: number): number {
  const a0 = x[p * 6], a1 = x[p * 6 + 1], a2 = x[p * 6 + 2], a3 = x[p * 6 + 3], a4 = x[p * 6 + 4], a5 = x[p * 6 + 5];
  let acc = 0;
  for (let q = from, xq = from * 6; q < to; q++, xq += 6) {
    const e0 = a0 - x[xq], e1 = a1 - x[xq + 1], e2 = a2 - x[xq + 2], e3 = a3 - x[xq + 3], e4 = a4 - x[xq + 4], e5 = a5 - x[xq + 5];
    const dist = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5);
    acc += dist;
    sums[own + q] += dist;
  }
  return acc;
}

function runs8(x: Float64Array, _w: number, p: number, from: number, to: number, sums: Float64Array, own: number): number {
  const a0 = x[p * 8], a1 = x[p * 8 + 1], a2 = x[p * 8 + 2], a3 = x[p * 8 + 3];
  const a4 = x[p * 8 + 4], a5 = x[p * 8 + 5], a6 = x[p * 8 + 6], a7 = x[p * 8 + 7];
  let acc = 0;
  for (let q = from, xq = from * 8; q < to; q++, xq += 8) {
    const e0 = a0 - x[xq], e1 = a1 - x[xq + 1], e2 = a2 - x[xq + 2], e3 = a3 - x[xq + 3];
    const e4 = a4 - x[xq + 4], e5 = a5 - x[xq + 5], e6 = a6 - x[xq + 6], e7 = a7 - x[xq + 7];
    const dist = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7);
    acc += dist;
    sums[own + q] += dist;
  }
  return acc;
}

function runsAnyWidth(x: Float64Array, width: number, p: number, from: number, to: number, sums: Float64Array, own: number): number {
  const xp = p * width;
  let acc = 0;
  for (let q = from; q < to; q++) {
    const xq = q * width;
    let s = 0;
    for (let t = 0; t < width; t += 4) {
      const e0 = x[xp + t] - x[xq + t], e1 = x[xp + t + 1] - x[xq + t + 1];
      const e2 = x[xp + t + 2] - x[xq + t + 2], e3 = x[xp + t + 3] - x[xq + t + 3];
      s += e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
    }
    const dist = Math.sqrt(s);
    acc += dist;
    sums[own + q] += dist;
  }
  return acc;
}

export interface SilhouetteResult {
  /** Mean silhouette over the labelled rows (or over the sample). */
  score: number;
  /** Mean silhouette per cluster; NaN for a cluster with no row in the data (or the sample). */
  perCluster: Float64Array;
  /** Exact: one value per row of the matrix (NaN where unlabelled). Sampled: one per sampleRows entry. */
  samples: Float64Array | null;
  sampled: boolean;
  /** Number of rows the score averages over. */
  sampleSize: number;
  /** Standard error of the score as a sample mean; 0 when exact. */
  standardError: number;
  /** Rows of the matrix in the sample, increasing; null when exact. */
  sampleRows: Int32Array | null;
}

/**
 * Mean silhouette. Exact up to `exactUpTo` labelled rows (default 20,000); beyond that, the
 * silhouette of a seeded random sample of `sampleSize` labelled rows (default 10,000) computed
 * within the sample, as scikit-learn's silhouette_score(sample_size=...) does, with the standard
 * error of the mean of the sampled values. Rows labelled -1 are left out.
 */
export function silhouette(
  m: FeatureMatrix,
  labels: Int32Array,
  k: number,
  options: { exactUpTo?: number; sampleSize?: number; seed?: number } = {},
): SilhouetteResult {
  const { exactUpTo = 20_000, sampleSize = 10_000, seed = 0 } = options;
  if (!(exactUpTo >= 0)) throw new RangeError(`exactUpTo must be non-negative, got ${exactUpTo}`);
  if (!Number.isInteger(sampleSize) || sampleSize < 2) throw new RangeError(`sampleSize must be an integer of at least 2, got ${sampleSize}`);
  const labelled = checkLabels(m, labels, k);
  if (labelled <= exactUpTo) {
    const samples = silhouetteSamples(m, labels, k);
    const { mean, perCluster } = summarise(samples, labels, k);
    return { score: mean, perCluster, samples, sampled: false, sampleSize: labelled, standardError: 0, sampleRows: null };
  }

  const candidates = new Int32Array(labelled);
  for (let i = 0, j = 0; i < m.n; i++) if (labels[i] >= 0) candidates[j++] = i;
  const picks = new Random(seed).sample(labelled, Math.min(sampleSize, labelled));
  const sampleRows = picks.map((p) => candidates[p]);
  const sampleLabels = sampleRows.map((r) => labels[r]);
  const samples = silhouetteSamples(takeRows(m, sampleRows), sampleLabels, k);
  const { mean, perCluster } = summarise(samples, sampleLabels, k);
  let ss = 0;
  for (let i = 0; i < samples.length; i++) ss += (samples[i] - mean) ** 2;
  const standardError = Math.sqrt(ss / (samples.length - 1) / samples.length);
  return { score: mean, perCluster, samples, sampled: true, sampleSize: samples.length, standardError, sampleRows };
}

function summarise(samples: Float64Array, labels: Int32Array, k: number): { mean: number; perCluster: Float64Array } {
  const perCluster = new Float64Array(k);
  const counts = new Int32Array(k);
  let total = 0;
  let count = 0;
  for (let i = 0; i < samples.length; i++) {
    const l = labels[i];
    if (l < 0) continue;
    perCluster[l] += samples[i];
    counts[l]++;
    total += samples[i];
    count++;
  }
  for (let c = 0; c < k; c++) perCluster[c] = counts[c] > 0 ? perCluster[c] / counts[c] : NaN;
  return { mean: total / count, perCluster };
}

/**
 * Davies-Bouldin index as scikit-learn computes it (lower is better). Empty clusters and rows
 * labelled -1 are left out. Returns 0 when every cluster is a point or every centroid coincides.
 */
export function daviesBouldin(m: FeatureMatrix, labels: Int32Array, k: number): number {
  const { centroids, sizes } = clusterCentroids(m, labels, k);
  requireClusters('Davies-Bouldin', nonEmpty(sizes), sizes.reduce((a, b) => a + b, 0));
  return daviesBouldinOf(centroids, sizes, spread(m, labels, centroids).scatter, k, m.d);
}

/**
 * Calinski-Harabasz index (variance ratio criterion) as scikit-learn computes it (higher is
 * better). Empty clusters and rows labelled -1 are left out; returns 1 when every cluster is tight
 * to a point.
 */
export function calinskiHarabasz(m: FeatureMatrix, labels: Int32Array, k: number): number {
  const { centroids, sizes } = clusterCentroids(m, labels, k);
  let labelled = 0;
  for (let c = 0; c < k; c++) labelled += sizes[c];
  requireClusters('Calinski-Harabasz', nonEmpty(sizes), labelled);
  return calinskiHarabaszOf(centroids, sizes, spread(m, labels, centroids).within, k, m.d);
}

/**
 * daviesBouldin and calinskiHarabasz of one labelling, bit for bit, sharing the centroids and the
 * pass over the rows: two passes over a million rows instead of four, for each k of a sweep.
 */
export function clusterIndices(m: FeatureMatrix, labels: Int32Array, k: number): { daviesBouldin: number; calinskiHarabasz: number } {
  const { centroids, sizes } = clusterCentroids(m, labels, k);
  let labelled = 0;
  for (let c = 0; c < k; c++) labelled += sizes[c];
  requireClusters('Davies-Bouldin', nonEmpty(sizes), labelled);
  const { scatter, within } = spread(m, labels, centroids);
  return { daviesBouldin: daviesBouldinOf(centroids, sizes, scatter, k, m.d), calinskiHarabasz: calinskiHarabaszOf(centroids, sizes, within, k, m.d) };
}

/**
 * Per cluster, the sum of its rows' distances to its centroid (Davies-Bouldin's scatter, before
 * dividing by its size); and the sum of squared distances over all rows (Calinski-Harabasz's
 * within-cluster dispersion), added term by term in the order each index alone would add them.
 */
export function spread(m: FeatureMatrix, labels: Int32Array, centroids: Float64Array): { scatter: Float64Array; within: number } {
  const { data, n, d } = m;
  const scatter = new Float64Array(centroids.length / d);
  let within = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l < 0) continue;
    const row = i * d;
    const c = l * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[row + t] - centroids[c + t];
      const square = diff * diff;
      s += square;
      within += square;
    }
    scatter[l] += Math.sqrt(s);
  }
  return { scatter, within };
}

export function daviesBouldinOf(centroids: Float64Array, sizes: Int32Array, scatter: Float64Array, k: number, d: number): number {
  const present = nonEmpty(sizes);
  for (let c = 0; c < k; c++) if (sizes[c] > 0) scatter[c] /= sizes[c];

  // scikit-learn's np.allclose(x, 0) shortcuts, with its default atol of 1e-8.
  let scatterAll0 = true;
  let centresAll0 = true;
  const separation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    if (sizes[a] === 0) continue;
    if (Math.abs(scatter[a]) > 1e-8) scatterAll0 = false;
    for (let b = 0; b < k; b++) {
      if (sizes[b] === 0) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (centroids[a * d + t] - centroids[b * d + t]) ** 2;
      separation[a * k + b] = Math.sqrt(s);
      if (separation[a * k + b] > 1e-8) centresAll0 = false;
    }
  }
  if (scatterAll0 || centresAll0) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    if (sizes[a] === 0) continue;
    let worst = -Infinity;
    for (let b = 0; b < k; b++) {
      if (b === a || sizes[b] === 0) continue;
      const sep = separation[a * k + b];
      const ratio = (scatter[a] + scatter[b]) / (sep === 0 ? Infinity : sep);
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / present;
}

export function calinskiHarabaszOf(centroids: Float64Array, sizes: Int32Array, within: number, k: number, d: number): number {
  let labelled = 0;
  for (let c = 0; c < k; c++) labelled += sizes[c];
  const present = nonEmpty(sizes);
  const mean = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) continue;
    for (let t = 0; t < d; t++) mean[t] += centroids[c * d + t] * sizes[c];
  }
  for (let t = 0; t < d; t++) mean[t] /= labelled;
  let between = 0;
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) continue;
    let s = 0;
    for (let t = 0; t < d; t++) s += (centroids[c * d + t] - mean[t]) ** 2;
    between += sizes[c] * s;
  }
  return within === 0 ? 1 : (between * (labelled - present)) / (within * (present - 1));
}
