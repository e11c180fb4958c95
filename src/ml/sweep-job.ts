import { validateK } from './cluster-job.ts';
import type { GapResult } from './gap.ts';
import { runGapJob, type GapJob } from './gap-job.ts';
import { checkStop, type JobHooks } from './hooks.ts';
import { kmeans } from './kmeans.ts';
import { takeRows } from './matrix.ts';
import { clusterIndices, silhouette } from './metrics.ts';
import { prepareFeatures, type FeatureSpec, type RawFeatures } from './preprocess.ts';
import { FeatureError, type MlNote } from './notes.ts';
import { measureAssignment } from './sweep-measure.ts';
import { Random } from './random.ts';
import { SAMPLE_ROWS, SWEEP_SILHOUETTE_SAMPLE, sampleRows } from './sampling.ts';

/** Reference data sets of the gap statistic are clustered on at most this many rows, unless exact. */
export const GAP_MAX_ROWS = SAMPLE_ROWS;

export interface SweepJob {
  raw: RawFeatures;
  spec: FeatureSpec;
  min: number;
  max: number;
  /** Reference data sets for the gap statistic. */
  references: number;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  /**
   * Rows each k is fitted on, the silhouette is estimated on at most, and the gap statistic's
   * reference sets are drawn around: SAMPLE_ROWS when absent; null for exact, on every row.
   */
  sample?: number | null;
}

export interface SweepResult {
  k: number[];
  inertia: number[];
  silhouette: number[];
  /** Standard error of each silhouette when it was estimated on a sample, else 0. */
  silhouetteError: number[];
  silhouetteSample: number | null;
  daviesBouldin: number[];
  calinskiHarabasz: number[];
  gap: number[];
  gapError: number[];
  gapSample: number | null;
  /** Rows each k was fitted on, when fewer than all: inertia, DB and CH still count every row. */
  fitSample: number | null;
  notes: MlNote[];
}

/**
 * Clusters the prepared features for every k in [min, max] and measures each result. It returns
 * numbers only: choosing k, and saying why, is the engine's (src/engine/choose-k.ts).
 */
export function runSweepJob(job: SweepJob, hooks?: JobHooks): SweepResult {
  const sweep = startSweep(job, hooks);
  const result = sweep.measure();
  return sweep.finish(result, runGapJob(sweep.gapJob, hooks));
}

/** Starts the gap statistic elsewhere; resolves once it runs there, or to null when it cannot. */
export type GapElsewhere = (job: GapJob) => Promise<{ result: Promise<GapResult> } | null>;

/**
 * runSweepJob with the gap statistic computed by `gapElsewhere` (a second worker in the browser)
 * while this thread fits and measures each k: the two are independent and deterministic, so the
 * result is the same as runSweepJob's. When it cannot start there, or fails, it runs here.
 */
export async function runSweepJobWith(job: SweepJob, hooks: JobHooks | undefined, gapElsewhere: GapElsewhere): Promise<SweepResult> {
  const sweep = startSweep(job, hooks);
  const started = await gapElsewhere(sweep.gapJob).catch(() => null);
  const gap = started?.result.catch(() => null) ?? null;
  const result = sweep.measure();
  return sweep.finish(result, (await gap) ?? runGapJob(sweep.gapJob, hooks));
}

function startSweep(job: SweepJob, hooks: JobHooks | undefined) {
  if (!Number.isInteger(job.min) || !Number.isInteger(job.max)) throw new FeatureError({ code: 'k-range-not-whole', min: job.min, max: job.max });
  if (job.min > job.max) throw new FeatureError({ code: 'k-range-reversed', min: job.min, max: job.max });
  validateK(job.min, job.raw.n);
  const prepared = prepareFeatures(job.raw, job.spec);
  const m = prepared.matrix;
  validateK(job.max, m.n);
  const ks = Array.from({ length: job.max - job.min + 1 }, (_, i) => job.min + i);
  const sample = job.sample === undefined ? GAP_MAX_ROWS : job.sample;
  if (sample !== null && !(Number.isInteger(sample) && sample >= job.max)) throw new FeatureError({ code: 'bad-sample', sample, step: 'sweep' });
  const gapRows = sample !== null && m.n > sample ? new Random(job.seed).sample(m.n, sample) : null;
  const nInit = Math.min(job.nInit, 3);
  const gapJob: GapJob = {
    matrix: gapRows ? takeRows(m, gapRows) : m, ks, references: job.references, nInit, referenceInit: gapRows ? 1 : nInit,
    maxIter: job.maxIter, tol: job.tol, seed: job.seed,
  };
  const silhouetteOptions = sample === null
    ? { exactUpTo: Infinity, seed: job.seed }
    : { exactUpTo: sample, sampleSize: Math.min(SWEEP_SILHOUETTE_SAMPLE, sample), seed: job.seed };
  const measure = (): SweepResult => {
    // Each k is fitted on one shared seeded sample; its centres then take every row, so that
    // inertia, Davies-Bouldin and Calinski-Harabasz measure the whole data.
    const fitOn = sample === null ? { matrix: m, rows: null } : sampleRows(m, sample, job.seed);
    const result: SweepResult = {
      k: ks, inertia: [], silhouette: [], silhouetteError: [], silhouetteSample: null, daviesBouldin: [], calinskiHarabasz: [],
      gap: [], gapError: [], gapSample: gapRows ? gapRows.length : null, fitSample: fitOn.rows ? fitOn.rows.length : null, notes: [...prepared.notes],
    };
    for (const k of ks) {
      checkStop(hooks);
      hooks?.onProgress?.({ stage: 'sweep', k, done: k - job.min + 1, total: ks.length, sample: fitOn.rows ? fitOn.rows.length : null });
      const sampled = kmeans(fitOn.matrix, { k, nInit: job.nInit, maxIter: job.maxIter, tol: job.tol, seed: job.seed }, { shouldStop: hooks?.shouldStop });
      const fit = fitOn.rows ? measureAssignment(m, sampled.centroids, k) : { ...sampled, ...clusterIndices(m, sampled.labels, k) };
      const s = silhouette(m, fit.labels, k, silhouetteOptions);
      result.inertia.push(fit.inertia);
      result.silhouette.push(s.score);
      result.silhouetteError.push(s.sampled ? s.standardError : 0);
      if (s.sampled) result.silhouetteSample = s.sampleSize;
      result.daviesBouldin.push(fit.daviesBouldin);
      result.calinskiHarabasz.push(fit.calinskiHarabasz);
    }
    if (fitOn.rows) {
      result.notes.push({ kind: 'sampled-sweep', sample: fitOn.rows.length, rows: m.n });
    }
    if (result.silhouetteSample) result.notes.push({ kind: 'all-pairs-sampled', step: 'silhouette', rows: m.n, d: m.d, sample: result.silhouetteSample });
    checkStop(hooks);
    hooks?.onProgress?.({ stage: 'gap', references: job.references });
    return result;
  };
  const finish = (result: SweepResult, gap: GapResult): SweepResult => {
    result.gap = Array.from(gap.gap);
    result.gapError = Array.from(gap.sk);
    return result;
  };
  return { gapJob, measure, finish };
}
