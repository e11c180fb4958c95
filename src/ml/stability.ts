import { adjustedRandIndexOfTable } from './agreement.ts';
import { Cancelled } from '../cancelled.ts';
import { takeRows, type FeatureMatrix } from './matrix.ts';
import { checkLabels } from './metrics.ts';
import { Random } from './random.ts';

export interface StabilityHooks {
  /** Called after each bootstrap sample with the samples done and B. */
  onProgress?: (done: number, total: number) => void;
  /** Checked before each bootstrap sample; returning true throws Cancelled. */
  shouldStop?: () => boolean;
}

export interface StabilityResult {
  /**
   * Per original cluster, the mean over the bootstrap samples of its best Jaccard similarity with
   * a bootstrap cluster (Hennig's clusterboot): above 0.85 is usually read as stable, below 0.6 as
   * dissolved. NaN for a cluster that no sample contained.
   */
  jaccard: Float64Array;
  /** Standard error of each `jaccard` mean over the samples that held the cluster (NaN with fewer than 2). */
  jaccardError: Float64Array;
  /** Mean of `aris`. */
  meanAri: number;
  /** Per bootstrap sample, the adjusted Rand index between original and bootstrap labels. */
  aris: Float64Array;
}

/**
 * Bootstrap stability of a clustering, after Hennig's clusterboot. Each of B seeded samples draws
 * the labelled rows with replacement, listed in row order, and `recluster` clusters the sample
 * (duplicates included) into k groups; its labels are indexed like the sample's rows. Comparisons
 * use the distinct rows drawn, each taking the bootstrap label of its first draw, so a row drawn twice does not count
 * twice. Rows labelled -1 are never drawn. A sample that misses an original cluster altogether
 * does not count toward that cluster's mean.
 */
export function bootstrapStability(
  m: FeatureMatrix,
  labels: Int32Array,
  k: number,
  B: number,
  seed: number,
  recluster: (sample: FeatureMatrix, k: number, seed: number) => Int32Array,
  hooks: StabilityHooks = {},
): StabilityResult {
  const labelled = checkLabels(m, labels, k);
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`B must be a positive integer, got ${B}`);
  if (labelled < 2) throw new RangeError(`bootstrap stability needs at least 2 labelled rows, got ${labelled}`);
  const rowsWithLabel = new Int32Array(labelled);
  for (let i = 0, j = 0; i < m.n; i++) if (labels[i] >= 0) rowsWithLabel[j++] = i;

  const rng = new Random(seed);
  const jaccardSum = new Float64Array(k);
  const jaccardSquares = new Float64Array(k);
  const jaccardCount = new Int32Array(k);
  const aris = new Float64Array(B);
  const picks = new Int32Array(labelled);
  const drawn = new Int32Array(labelled);
  const bootLabelOf = new Int32Array(m.n);
  for (let b = 0; b < B; b++) {
    if (hooks.shouldStop?.()) throw new Cancelled();
    const draw = rng.fork(b);
    // Drawn as counts, then listed in row order: copying the rows in order reads memory
    // sequentially, where copying them in draw order cost a cache miss a row (about 5x slower).
    // The same multiset of rows, so the same resample.
    drawCounts(draw, labelled, drawn);
    for (let j = 0, p = 0; j < labelled; j++) for (let c = drawn[j]; c > 0; c--) picks[p++] = rowsWithLabel[j];
    const bootLabels = recluster(takeRows(m, picks), k, draw.nextUint32());
    if (bootLabels.length !== labelled) throw new RangeError(`recluster returned ${bootLabels.length} labels for a sample of ${labelled} rows`);

    bootLabelOf.fill(-2);
    let maxBoot = -1;
    for (let i = 0; i < labelled; i++) {
      const l = bootLabels[i];
      if (l < -1) throw new RangeError(`recluster returned label ${l}; labels must be -1 or more`);
      if (bootLabelOf[picks[i]] === -2) bootLabelOf[picks[i]] = l;
      if (l > maxBoot) maxBoot = l;
    }
    // The contingency table of original against bootstrap labels over the distinct rows drawn,
    // counted in one pass: ARI and Jaccard both read it, and no per-row arrays are built.
    const kb = maxBoot + 1;
    const table = new Float64Array(k * kb);
    const sizeA = new Float64Array(k);
    for (let i = 0; i < m.n; i++) {
      const l = bootLabelOf[i];
      if (l === -2) continue;
      sizeA[labels[i]]++;
      if (l >= 0) table[labels[i] * kb + l]++;
    }
    aris[b] = adjustedRandIndexOfTable(table, k, kb);
    addBestJaccard(table, sizeA, k, kb, jaccardSum, jaccardSquares, jaccardCount);
    hooks.onProgress?.(b + 1, B);
  }
  const jaccard = jaccardSum.map((s, c) => (jaccardCount[c] > 0 ? s / jaccardCount[c] : NaN));
  const jaccardError = jaccard.map((mean, c) => {
    const count = jaccardCount[c];
    if (count < 2) return NaN;
    const variance = Math.max(0, (jaccardSquares[c] - count * mean * mean) / (count - 1));
    return Math.sqrt(variance / count);
  });
  return { jaccard, jaccardError, meanAri: aris.reduce((a, x) => a + x, 0) / B, aris };
}

/**
 * For each original cluster present, adds its best Jaccard similarity with any bootstrap cluster,
 * from the contingency table (k x kb) and the original clusters' sizes among the rows compared.
 */
function addBestJaccard(
  table: Float64Array, sizeA: Float64Array, k: number, kb: number, sum: Float64Array, squares: Float64Array, count: Int32Array,
): void {
  const sizeB = new Float64Array(kb);
  for (let a = 0; a < k; a++) for (let c = 0; c < kb; c++) sizeB[c] += table[a * kb + c];
  for (let a = 0; a < k; a++) {
    if (sizeA[a] === 0) continue;
    let best = 0;
    for (let c = 0; c < kb; c++) {
      const common = table[a * kb + c];
      if (common > 0) best = Math.max(best, common / (sizeA[a] + sizeB[c] - common));
    }
    sum[a] += best;
    squares[a] += best * best;
    count[a]++;
  }
}

/**
 * Sets `counts` to how often each of n indexes comes up in n uniform draws with replacement. The
 * generator is `source`'s own sfc32, seeded from it and kept in locals: a million draws through
 * Random.int() took about 100 ms, a fifth of a resample's time. An index is floor(u * n / 2^32)
 * of a 32-bit draw u, whose bias (under n / 2^32 of a probability) no bootstrap can see.
 */
function drawCounts(source: Random, n: number, counts: Int32Array): void {
  counts.fill(0);
  let a = source.nextUint32();
  let b = source.nextUint32();
  let c = source.nextUint32();
  let d = source.nextUint32();
  for (let i = 0; i < n; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    counts[Math.floor((t * n) / 4294967296)]++;
  }
}
