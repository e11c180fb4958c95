import { checkStop, type JobHooks } from './hooks.ts';
import { assignToCentroids, kmeans, type KMeansHooks, type KMeansOptions, type KMeansResult } from './kmeans.ts';
import { squaredDistance, takeRows, type FeatureMatrix } from './matrix.ts';
import { clusterCentroids } from './metrics.ts';
import {
  centroidsInOriginalUnits, prepareFeatures, quantile, type FeatureSpec, type Preparation, type RawFeatures,
} from './preprocess.ts';
import { FeatureError, type MlNote } from './notes.ts';
import { Random } from './random.ts';
import { sampledStart } from './kmeans-sampled.ts';
import { segmentsToArrowIPC } from './result-arrow.ts';
import { wardLabels } from './ward.ts';

/** Ward's exact algorithm keeps every cluster's centroid and searches them all: fine up to this many rows. */
export const WARD_MAX_ROWS = 10_000;

/** How to cluster: the settings a cluster cell keeps. */
export interface ClusterSettings {
  algorithm: 'kmeans' | 'ward';
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  /**
   * k-means: the restarts run on a seeded sample of this many rows, and only the best one runs on
   * every row. RESTART_SAMPLE_ROWS when absent; null for exact, every restart on every row.
   */
  sample?: number | null;
}

export interface ClusterJob extends ClusterSettings {
  raw: RawFeatures;
  rowids: Float64Array;
  spec: FeatureSpec;
}

export interface ClusterJobResult {
  /** rowid, segment and distance per clustered row, as Arrow IPC for the database. */
  segmentsIpc: Uint8Array;
  sizes: number[];
  inertia: number;
  iterations: number;
  preparation: Preparation;
  /** k x d centroids in the prepared (scaled) space. */
  centroids: number[];
  /** Each centroid in the units of the original columns. */
  centres: Array<Record<string, number>>;
  distanceP99: number;
  notes: MlNote[];
}

/** Prepares the features, clusters them, and measures each row's distance to its centre. */
export function runClusterJob(job: ClusterJob, hooks?: JobHooks): ClusterJobResult {
  const { prepared, notes } = prepareClusterJob(job, hooks);
  const m = prepared.matrix;
  if (job.algorithm === 'ward') return clusterJobResult(job, prepared, notes, ward(m, job, notes, hooks));
  const [options, kmHooks] = kmeansArguments(job, hooks);
  return clusterJobResult(job, prepared, notes, kmeans(m, sampledStart(m, job, options, notes, hooks), kmHooks));
}

/** k-means with the same results, fitted by `fitKMeans` (kmeansParallel in the ML worker). */
export async function runClusterJobWith(
  job: ClusterJob, hooks: JobHooks | undefined,
  fitKMeans: (m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks) => Promise<KMeansResult>,
): Promise<ClusterJobResult> {
  const { prepared, notes } = prepareClusterJob(job, hooks);
  const m = prepared.matrix;
  if (job.algorithm === 'ward') return clusterJobResult(job, prepared, notes, ward(m, job, notes, hooks));
  const [options, kmHooks] = kmeansArguments(job, hooks);
  return clusterJobResult(job, prepared, notes, await fitKMeans(m, sampledStart(m, job, options, notes, hooks), kmHooks));
}


function prepareClusterJob(job: ClusterJob, hooks?: JobHooks) {
  validateK(job.k, job.raw.n);
  const prepared = prepareFeatures(job.raw, job.spec);
  validateK(job.k, prepared.matrix.n);
  checkStop(hooks);
  return { prepared, notes: [...prepared.notes] };
}

function clusterJobResult(job: ClusterJob, prepared: ReturnType<typeof prepareFeatures>, notes: MlNote[], unordered: Fit): ClusterJobResult {
  const m = prepared.matrix;
  const fit = canonicalOrder(unordered, job.k, m.d);
  const sizes = Array.from({ length: job.k }, () => 0);
  for (const label of fit.labels) sizes[label]++;
  const rowids = Float64Array.from(prepared.rows, (r) => job.rowids[r]);
  const sortedDistances = fit.distances.slice().sort();
  return {
    segmentsIpc: segmentsToArrowIPC(rowids, fit.labels, fit.distances),
    sizes,
    inertia: fit.inertia,
    iterations: fit.iterations,
    preparation: prepared.preparation,
    centroids: Array.from(fit.centroids),
    centres: centroidsInOriginalUnits(fit.centroids, job.k, prepared.preparation),
    distanceP99: quantile(sortedDistances, 0.99),
    notes,
  };
}

export function validateK(k: number, rows: number): void {
  if (!Number.isInteger(k) || k < 2) throw new FeatureError({ code: 'k-not-whole', k });
  if (rows < 2) throw new FeatureError({ code: 'too-few-rows', rows });
  if (k > rows) throw new FeatureError({ code: 'k-above-rows', k, rows });
}

/**
 * Numbers segments by size, largest first (ties by centroid), so that segment 1 is the biggest and
 * the same partition gets the same numbers however the algorithm happened to label it.
 */
function canonicalOrder(fit: Fit, k: number, d: number): Fit {
  const sizes = new Int32Array(k);
  for (const l of fit.labels) sizes[l]++;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => {
    if (sizes[a] !== sizes[b]) return sizes[b] - sizes[a];
    for (let j = 0; j < d; j++) {
      const diff = fit.centroids[a * d + j] - fit.centroids[b * d + j];
      if (diff !== 0) return diff;
    }
    return a - b;
  });
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  const centroids = new Float64Array(k * d);
  order.forEach((c, r) => centroids.set(fit.centroids.subarray(c * d, c * d + d), r * d));
  return { ...fit, labels: fit.labels.map((l) => rank[l]), centroids };
}

interface Fit {
  labels: Int32Array;
  distances: Float64Array;
  centroids: Float64Array;
  inertia: number;
  iterations: number;
}

function kmeansArguments(job: ClusterJob, hooks?: JobHooks): [KMeansOptions, KMeansHooks] {
  return [
    { k: job.k, nInit: job.nInit, maxIter: job.maxIter, tol: job.tol, seed: job.seed },
    {
      onProgress: (p) =>
        hooks?.onProgress?.({ stage: 'restart', restart: p.restart, restarts: p.restarts, iteration: p.iteration, inertia: p.inertia }),
      shouldStop: hooks?.shouldStop,
    },
  ];
}

/** Ward on all rows up to WARD_MAX_ROWS, otherwise on a seeded sample whose centres then take the other rows. */
function ward(m: FeatureMatrix, job: ClusterJob, notes: MlNote[], hooks?: JobHooks): Fit {
  const sampled = m.n > WARD_MAX_ROWS;
  const rows = sampled ? new Random(job.seed).sample(m.n, WARD_MAX_ROWS) : null;
  const fitOn = rows ? takeRows(m, rows) : m;
  const labels = wardLabels(fitOn, job.k, {
    onProgress: (merged, total) => hooks?.onProgress?.({ stage: 'ward', done: merged, total }),
    shouldStop: hooks?.shouldStop,
  });
  const { centroids } = clusterCentroids(fitOn, labels, job.k);
  // Rows Ward clustered keep its label (a row's nearest centre is not always its Ward cluster);
  // only the rows outside the sample are assigned to their nearest centre.
  const assigned = rows ? assignToCentroids(m, centroids, job.k) : { labels, distances: new Float64Array(m.n) };
  rows?.forEach((row, i) => (assigned.labels[row] = labels[i]));
  for (let i = 0; i < m.n; i++) assigned.distances[i] = Math.sqrt(squaredDistance(m.data, i, centroids, assigned.labels[i], m.d));
  if (sampled) notes.push({ kind: 'all-pairs-sampled', step: 'ward', rows: m.n, d: m.d, sample: WARD_MAX_ROWS });
  let inertia = 0;
  for (const d of assigned.distances) inertia += d * d;
  return { labels: assigned.labels, distances: assigned.distances, centroids, inertia, iterations: 0 };
}
