import { checkStop, type JobHooks } from './hooks.ts';
import { takeRows } from './matrix.ts';
import { clusterIndices, silhouette } from './metrics.ts';
import { prepareFeatures, type FeatureSpec, type RawFeatures } from './preprocess.ts';
import { FeatureError, type MlNote } from './notes.ts';
import { Random } from './random.ts';
import { SAMPLE_ROWS, SETTLE_PER_SAMPLE, SETTLED_PASSES, SILHOUETTE_SAMPLE } from './sampling.ts';
import { kruskalWallis } from './stats.ts';
import type { StabilityHooks, StabilityResult } from './stability.ts';
import { validationBootstrap, validationBootstrapWith, type BootstrapHelper, type BootstrapJob } from './validate-bootstrap.ts';

/** Silhouette values drawn in the plot, at most. */
const PLOT_POINTS = 2000;
/** Below this mean silhouette a segment is not distinct from the others. */
export const DISTINCT_SILHOUETTE = 0.25;
/** Below this bootstrap Jaccard a segment is somewhat unstable; below 0.6, unstable. */
export const STABLE_JACCARD = 0.75;

export interface ValidateJob {
  raw: RawFeatures;
  spec: FeatureSpec;
  /** Segment code per row: 1..k, or 0 / NaN for a row without a segment. */
  codes: Float64Array;
  segments: string[];
  /** The value column per row (NaN where missing), or null. */
  values: Float64Array | null;
  minShare: number;
  bootstrap: number;
  seed: number;
  /**
   * Rows the silhouette is estimated on at most and the bootstrap re-clusters: SAMPLE_ROWS when
   * absent; null for exact, on every row.
   */
  sample?: number | null;
}

export interface SegmentVerdict {
  segment: string;
  size: number;
  share: number;
  tooSmall: boolean;
  silhouette: number;
  jaccard: number | null;
  /** Standard error of `jaccard` across the bootstrap samples. */
  jaccardError: number | null;
  meanValue: number | null;
  totalValue: number | null;
  verdict: string;
}

export interface ValidationResult {
  segments: SegmentVerdict[];
  silhouette: number;
  /** When the silhouette was estimated on a sample: its size and standard error. */
  silhouetteSample: { size: number; error: number } | null;
  daviesBouldin: number;
  calinskiHarabasz: number;
  meanAri: number | null;
  /** Rows each bootstrap re-clustering chose among its restarts on, when fewer than all. */
  bootstrapSample: number | null;
  kruskalWallis: { h: number; df: number; p: number } | null;
  plot: { segment: number[]; silhouette: number[] };
  notes: MlNote[];
}

/** Substantial, distinct, stable and profitable: the checks of a segmentation, per segment. */
export function runValidateJob(job: ValidateJob, hooks?: JobHooks): ValidationResult {
  const steps = validationSteps(job, hooks);
  const first = steps.next();
  if (first.done) return first.value;
  const wait = steps.next();
  return finish(steps, wait, validationBootstrap(bootstrapOf(first), stabilityHooks(hooks)));
}

/**
 * runValidateJob() with the bootstrap's resamples shared with a helper thread that
 * `startHelper` starts (validationBootstrapWith), which begins them while this thread measures
 * the silhouette: the same result.
 */
export async function runValidateJobWith(job: ValidateJob, hooks: JobHooks | undefined, startHelper: () => BootstrapHelper | null): Promise<ValidationResult> {
  const steps = validationSteps(job, hooks);
  const first = steps.next();
  if (first.done) return first.value;
  let wait: IteratorResult<ValidationStep, ValidationResult> | null = null;
  const boot = await validationBootstrapWith(bootstrapOf(first), stabilityHooks(hooks), startHelper, () => {
    wait = steps.next();
  });
  if (!wait) throw new Error('unreachable: the bootstrap ran without the silhouette');
  return finish(steps, wait, boot);
}

/**
 * What validationSteps() yields: its bootstrap job, which may start at once (it is resumed with
 * nothing), then the wait for that bootstrap's result (resumed with it).
 */
type ValidationStep = { op: 'start'; job: BootstrapJob } | { op: 'result' };
type ValidationSteps = Generator<ValidationStep, ValidationResult, StabilityResult | undefined>;

function bootstrapOf(step: IteratorResult<ValidationStep, ValidationResult>): BootstrapJob {
  if (step.done || step.value.op !== 'start') throw new Error('unreachable: validation did not start with its bootstrap');
  return step.value.job;
}

function finish(steps: ValidationSteps, wait: IteratorResult<ValidationStep, ValidationResult>, boot: StabilityResult): ValidationResult {
  if (wait.done || wait.value.op !== 'result') throw new Error('unreachable: validation did not wait for its bootstrap');
  const step = steps.next(boot);
  if (!step.done) throw new Error('unreachable: validation asked for a second bootstrap');
  return step.value;
}

function stabilityHooks(hooks: JobHooks | undefined): StabilityHooks {
  return { onProgress: (done, total) => hooks?.onProgress?.({ stage: 'bootstrap', done, total }), shouldStop: hooks?.shouldStop };
}

/**
 * The validation, as a coroutine: when it has a bootstrap, it yields its job before measuring
 * the silhouette, so that another thread can begin it, and then waits for its result.
 */
function* validationSteps(job: ValidateJob, hooks?: JobHooks): ValidationSteps {
  const k = job.segments.length;
  if (k < 2) throw new FeatureError({ code: 'too-few-segments', segments: k });
  const prepared = prepareFeatures(job.raw, job.spec);
  // Typed arrays and loops: on a million rows, arrays of numbers and callbacks took seconds.
  const keep = new Int32Array(prepared.rows.length);
  let kept = 0;
  for (let i = 0; i < prepared.rows.length; i++) {
    const code = job.codes[prepared.rows[i]];
    if (code >= 1 && code <= k) keep[kept++] = i;
  }
  if (kept < 2) throw new FeatureError({ code: 'too-few-segmented-rows' });
  const m = kept === prepared.rows.length ? prepared.matrix : takeRows(prepared.matrix, keep.subarray(0, kept));
  const inputRows = new Int32Array(kept);
  const labels = new Int32Array(kept);
  for (let j = 0; j < kept; j++) {
    inputRows[j] = prepared.rows[keep[j]];
    labels[j] = job.codes[inputRows[j]] - 1;
  }
  const notes: MlNote[] = [...prepared.notes];
  if (kept < prepared.rows.length) notes.push({ kind: 'rows-without-segment', count: prepared.rows.length - kept });

  const sizes = new Int32Array(k);
  for (const l of labels) sizes[l]++;
  checkStop(hooks);
  const sample = job.sample === undefined ? SAMPLE_ROWS : job.sample;
  if (sample !== null && !(Number.isInteger(sample) && sample >= 2 * k)) throw new FeatureError({ code: 'bad-sample', sample, step: 'validation' });
  const settle = sample === null ? null : sample * SETTLE_PER_SAMPLE;
  if (job.bootstrap > 0) yield { op: 'start', job: { m, labels, B: job.bootstrap, seed: job.seed, fit: { k, nInit: 3, maxIter: 300, tol: 1e-4, sample, settle } } };
  hooks?.onProgress?.({ stage: 'silhouette' });
  const s = silhouette(m, labels, k, sample === null
    ? { exactUpTo: Infinity, seed: job.seed }
    : { exactUpTo: sample, sampleSize: Math.min(SILHOUETTE_SAMPLE, sample), seed: job.seed });
  if (s.sampled) notes.push({ kind: 'all-pairs-sampled', step: 'silhouette', rows: m.n, d: m.d, sample: s.sampleSize });
  const { daviesBouldin: db, calinskiHarabasz: ch } = clusterIndices(m, labels, k);

  let jaccard: Float64Array | null = null;
  let jaccardError: Float64Array | null = null;
  let meanAri: number | null = null;
  let bootstrapSample: number | null = null;
  if (job.bootstrap > 0) {
    // Each resample has every row's size, as in Hennig's clusterboot: resampling fewer rows would
    // make the clusterings noisier and the Jaccards lower (on close planted groups, resamples
    // fitted on 200,000 of 1M rows and then assigned gave Jaccards up to 0.005 lower, ten times their
    // error). What is sampled is the work before the last passes over the whole resample: the
    // choice among the restarts, and Lloyd's way to convergence from the best of them.
    bootstrapSample = sample !== null && m.n > sample ? sample : null;
    if (bootstrapSample) {
      notes.push({
        kind: 'sampled-bootstrap', resamples: job.bootstrap, sample: bootstrapSample, rows: m.n,
        settle: settle !== null && m.n > settle ? settle : null, passes: SETTLED_PASSES,
      });
    }
    const boot = yield { op: 'result' };
    if (!boot) throw new Error('unreachable: the bootstrap gave no result');
    jaccard = boot.jaccard;
    jaccardError = boot.jaccardError;
    meanAri = boot.meanAri;
  }

  let kw: ValidationResult['kruskalWallis'] = null;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  if (job.values) {
    const values = new Float64Array(inputRows.length);
    const groups = new Int32Array(inputRows.length);
    let present = 0;
    for (let i = 0; i < inputRows.length; i++) {
      const v = job.values[inputRows[i]];
      if (!Number.isFinite(v)) continue;
      values[present] = v;
      groups[present++] = labels[i];
      sums[labels[i]] += v;
      counts[labels[i]]++;
    }
    if (present > k) kw = kruskalWallis(values.subarray(0, present), groups.subarray(0, present), k);
  }

  const n = labels.length;
  const segments = job.segments.map((segment, c): SegmentVerdict => {
    const share = sizes[c] / n;
    const problems: string[] = [];
    if (share < job.minShare) problems.push('too small to act on');
    if (s.perCluster[c] < DISTINCT_SILHOUETTE) problems.push('not distinct');
    if (jaccard && jaccard[c] < 0.6) problems.push('unstable');
    else if (jaccard && jaccard[c] < STABLE_JACCARD) problems.push('somewhat unstable');
    return {
      segment, size: sizes[c], share, tooSmall: share < job.minShare, silhouette: s.perCluster[c],
      jaccard: jaccard ? jaccard[c] : null,
      jaccardError: jaccardError ? jaccardError[c] : null,
      meanValue: job.values && counts[c] ? sums[c] / counts[c] : null,
      totalValue: job.values ? sums[c] : null,
      verdict: problems.length ? problems.join(', ') : 'sound',
    };
  });
  if (kw && kw.p >= 0.05) notes.push({ kind: 'value-not-different', p: kw.p });
  return {
    segments, silhouette: s.score, silhouetteSample: s.sampled ? { size: s.sampleSize, error: s.standardError } : null,
    daviesBouldin: db, calinskiHarabasz: ch, meanAri, bootstrapSample, kruskalWallis: kw, plot: plotPoints(s, labels, job.seed), notes,
  };
}

function plotPoints(s: ReturnType<typeof silhouette>, labels: Int32Array, seed: number): ValidationResult['plot'] {
  if (!s.samples) return { segment: [], silhouette: [] };
  const rowOf = s.sampleRows ?? Int32Array.from({ length: s.samples.length }, (_, i) => i);
  const pick = new Random(seed).sample(s.samples.length, Math.min(PLOT_POINTS, s.samples.length));
  return { segment: Array.from(pick, (i) => labels[rowOf[i]] + 1), silhouette: Array.from(pick, (i) => s.samples![i]) };
}
