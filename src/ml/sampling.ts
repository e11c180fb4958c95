import { SPLIT_ROWS } from './kmeans-part.ts';
import { takeRows, type FeatureMatrix } from './matrix.ts';
import { DISTANCE_TERMS_PER_SECOND } from './quadratic-cost.ts';
import { Random } from './random.ts';

/**
 * Rows the sweep fits each k on, the gap statistic's reference sets are drawn around, and the
 * bootstrap re-clusters, unless the user asks for exact. At 20,000 rows a fit's centres sit
 * within a few hundredths of a standard deviation of the full fit's on the bench's 1M set, and
 * each step takes a fraction of a second.
 */
export const SAMPLE_ROWS = 20_000;
/**
 * A bootstrap resample larger than this many times its restarts' sample (100,000 of a million
 * rows, by default) converges on that many of its rows before its last passes over all of them
 * (resample-kmeans.ts).
 */
export const SETTLE_PER_SAMPLE = 5;
/**
 * Lloyd passes over the whole resample after it settled on a sample. On planted groups, even close
 * ones, the centres then converge in 2 or 3 passes, as on every row. On the bench's 1M customers,
 * where k-means has many local optima, a resample took 20 to 80 passes to converge from its
 * restart's centres. From the settled ones, 3 passes and 8 gave the same Jaccards within 0.005,
 * and with 5, every Jaccard was within its stated error of the full computation's, each resample
 * re-clustered with its restarts on every row (test/bench/sampled-agreement.ts).
 */
export const SETTLED_PASSES = 5;
/** The k-means restarts run on this many rows before the best runs on all of them. */
export const RESTART_SAMPLE_ROWS = 50_000;

/** A seeded sample of `size` rows of `m` (all of them, in order, when it has no more). */
export function sampleRows(m: FeatureMatrix, size: number, seed: number): { matrix: FeatureMatrix; rows: Int32Array | null } {
  if (m.n <= size) return { matrix: m, rows: null };
  const rows = new Random(seed ^ 0x5eed).sample(m.n, size);
  return { matrix: takeRows(m, rows), rows };
}

// Measured per-point costs behind the time a user is shown before an exact run, from
// docs/benchmarks.md (Chromium's worker, this project's 2-core machine): a Lloyd iteration on
// 1M x 6 with k = 8 took 12 ms, so one row-centre-feature term costs 2.5e-10 s. A restart is
// counted as ITERATIONS of them plus its k-means++ seeding.
const LLOYD_SECONDS_PER_TERM = 2.5e-10;
const ITERATIONS = 30;

/** Seconds for `restarts` k-means fits of n x d rows into k groups. */
export function kmeansSeconds(n: number, d: number, k: number, restarts: number): number {
  return restarts * (ITERATIONS + 1) * n * k * Math.max(1, d) * LLOYD_SECONDS_PER_TERM;
}

/** Seconds for the exact silhouette of n x d rows: every pair of rows. */
export function silhouetteSeconds(n: number, d: number): number {
  return (n * n * Math.max(1, d)) / DISTANCE_TERMS_PER_SECOND;
}

export interface SweepCost {
  n: number;
  d: number;
  ks: number[];
  nInit: number;
  references: number;
}

/**
 * Seconds per row x centre x feature of a sampled sweep's work on every row for each k (each row
 * given to its nearest centre, then the two indices) together with what the restarts on the
 * sample cost beyond the Lloyd model above (k-means++ seeding on few rows). Measured in the tab on
 * the bench's 1M x 6, k = 2..10, 10 restarts on 20,000 rows: 3.69 s for the nine k, of which the
 * model's restarts and silhouettes account for 0.93 s. The old figure, three Lloyd terms per
 * row, made the sampled estimate 1.4 s: over 2.5x too low.
 */
const SAMPLED_SWEEP_SECONDS_PER_TERM = 8.5e-9;

/**
 * The time a k sweep takes on every row (sample null) or on samples of `sample` rows. Sampled,
 * the gap statistic's reference fits run on a second worker beside the fits of each k, so the
 * longer of the two is the sweep's time.
 */
export function sweepSeconds(c: SweepCost, sample: number | null): number {
  const fitRows = sample === null ? c.n : Math.min(c.n, sample);
  const silhouetteRows = sample === null ? c.n : Math.min(c.n, SWEEP_SILHOUETTE_SAMPLE);
  const sampled = sample !== null && c.n > sample;
  let main = 0;
  let gap = 0;
  for (const k of c.ks) {
    main += kmeansSeconds(fitRows, c.d, k, c.nInit) + silhouetteSeconds(silhouetteRows, c.d);
    gap += c.references * kmeansSeconds(fitRows, c.d, k, sampled ? 1 : Math.min(c.nInit, 3));
    if (sampled) main += c.n * k * Math.max(1, c.d) * SAMPLED_SWEEP_SECONDS_PER_TERM;
  }
  return sampled ? Math.max(main, gap) : main + gap;
}

export interface ValidationCost {
  n: number;
  d: number;
  k: number;
  bootstrap: number;
}

/**
 * Seconds per value (row x feature) a bootstrap resample costs besides the k-means model above:
 * drawing it, copying its rows in and to the wasm parts, and scoring it against the original
 * labels. In the tab on the bench's RFM features (1M x 6, k = 8, 2026-12-03), a resample that
 * settled on 100,000 rows took 0.30-0.40 s, of which the model's k-means terms are 0.14 s.
 */
const RESAMPLE_SECONDS_PER_VALUE = 3.5e-8;

/** The time validation takes on every row (sample null) or with its restarts on `sample` rows. */
export function validationSeconds(c: ValidationCost, sample: number | null): number {
  const rows = sample === null ? c.n : Math.min(c.n, sample);
  const silhouetteRows = sample === null ? c.n : Math.min(c.n, SILHOUETTE_SAMPLE);
  const settle = sample === null ? c.n : sample * SETTLE_PER_SAMPLE;
  const pass = c.n * c.k * Math.max(1, c.d) * LLOYD_SECONDS_PER_TERM;
  // Sampled, each resample converges on `settle` of its rows from its best restart's centres,
  // then takes at most SETTLED_PASSES passes over all of them, besides the first assignment and
  // the last; a resample of no more rows than that converges on all of them.
  let full = 0;
  if (sample !== null && c.n > sample) full = c.n > settle ? kmeansSeconds(settle, c.d, c.k, 1) + (SETTLED_PASSES + 2) * pass : kmeansSeconds(c.n, c.d, c.k, 1) / 3;
  const resample = kmeansSeconds(rows, c.d, c.k, 3) + full + c.n * Math.max(1, c.d) * RESAMPLE_SECONDS_PER_VALUE;
  // From SPLIT_ROWS rows the resamples are shared with a helper worker (validate-bootstrap.ts).
  const threads = c.n >= SPLIT_ROWS ? 2 : 1;
  return silhouetteSeconds(silhouetteRows, c.d) + (c.bootstrap * resample) / threads;
}

/** Rows the silhouette is estimated on when it samples (metrics.ts's default). */
export const SILHOUETTE_SAMPLE = 10_000;
/**
 * Rows the sampled sweep estimates each k's silhouette on: a sixth of the pairs of 10,000, so nine
 * k cost what one did. Each k's value carries its standard error (about 0.002 on the bench's 1M
 * set), and every k uses the same rows, so the differences between k are steadier than that.
 */
export const SWEEP_SILHOUETTE_SAMPLE = 4_000;
