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

/** What one bootstrap resample contributes to the result. */
export interface ResampleScore {
  /** Adjusted Rand index between the original and bootstrap labels of the distinct rows drawn. */
  ari: number;
  /** Per original cluster, its best Jaccard similarity with a bootstrap cluster; NaN when the resample missed it. */
  best: Float64Array;
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
  const resamples = new Resampler(m, labels, k);
  const tally = new StabilityTally(k, B);
  const rng = new Random(seed);
  for (let b = 0; b < B; b++) {
    if (hooks.shouldStop?.()) throw new Cancelled();
    tally.add(b, resamples.run(rng.forkSeed(b), (picks, reseed) => recluster(takeRows(m, picks), k, reseed)));
    hooks.onProgress?.(b + 1, B);
  }
  return tally.result();
}

/**
 * The seeds of bootstrapStability()'s B resamples: resample b is the same wherever its seed goes,
 * so resamples can run on two threads and add up to the one-thread result.
 */
export function resampleSeeds(seed: number, B: number): number[] {
  checkB(B);
  const rng = new Random(seed);
  return Array.from({ length: B }, (_, b) => rng.forkSeed(b));
}

/**
 * Draws and scores the bootstrap resamples of one clustering. Its buffers serve every resample in
 * turn: a resample's rows are only valid until the next one is drawn.
 */
export class Resampler {
  readonly labelled: number;
  readonly #rowsWithLabel: Int32Array;
  readonly #drawn: Int32Array;
  readonly #picks: Int32Array;

  constructor(readonly m: FeatureMatrix, readonly labels: Int32Array, readonly k: number) {
    const labelled = checkLabels(m, labels, k);
    if (labelled < 2) throw new RangeError(`bootstrap stability needs at least 2 labelled rows, got ${labelled}`);
    this.labelled = labelled;
    this.#rowsWithLabel = new Int32Array(labelled);
    for (let i = 0, j = 0; i < m.n; i++) if (labels[i] >= 0) this.#rowsWithLabel[j++] = i;
    this.#drawn = new Int32Array(labelled);
    this.#picks = new Int32Array(labelled);
  }

  /**
   * Draws the resample seeded `seed`, has `recluster` label its rows (given as rows of m, in row
   * order, duplicates repeated) and scores its labels against the original ones.
   */
  run(seed: number, recluster: (picks: Int32Array, seed: number) => Int32Array): ResampleScore {
    const draw = new Random(seed);
    // Drawn as counts, then listed in row order: copying the rows in order reads memory
    // sequentially, where copying them in draw order cost a cache miss a row (about 5x slower).
    // The same multiset of rows, so the same resample.
    const { labelled } = this;
    const drawn = this.#drawn;
    const picks = this.#picks;
    const rowsWithLabel = this.#rowsWithLabel;
    drawCounts(draw, labelled, drawn);
    for (let j = 0, p = 0; j < labelled; j++) for (let c = drawn[j]; c > 0; c--) picks[p++] = rowsWithLabel[j];
    const bootLabels = recluster(picks, draw.nextUint32());
    if (bootLabels.length !== labelled) throw new RangeError(`recluster returned ${bootLabels.length} labels for a sample of ${labelled} rows`);
    return this.#score(picks, bootLabels);
  }

  #score(picks: Int32Array, bootLabels: Int32Array): ResampleScore {
    const { k, labels, labelled } = this;
    let maxBoot = -1;
    for (let i = 0; i < labelled; i++) {
      const l = bootLabels[i];
      if (l < -1) throw new RangeError(`recluster returned label ${l}; labels must be -1 or more`);
      if (l > maxBoot) maxBoot = l;
    }
    // The contingency table of original against bootstrap labels over the distinct rows drawn,
    // counted in one pass: ARI and Jaccard both read it. Duplicates sit together in the picks, so
    // a row's first draw is the one whose predecessor differs. Counts are whole numbers, exact in
    // any order.
    const kb = maxBoot + 1;
    const table = new Float64Array(k * kb);
    const sizeA = new Float64Array(k);
    for (let i = 0, previous = -1; i < labelled; i++) {
      const row = picks[i];
      if (row === previous) continue;
      previous = row;
      const a = labels[row];
      sizeA[a]++;
      const l = bootLabels[i];
      if (l >= 0) table[a * kb + l]++;
    }
    return { ari: adjustedRandIndexOfTable(table, k, kb), best: bestJaccard(table, sizeA, k, kb) };
  }
}

/** Adds up resample scores, in resample order whatever order they arrive in, into a StabilityResult. */
export class StabilityTally {
  readonly #sum: Float64Array;
  readonly #squares: Float64Array;
  readonly #count: Int32Array;
  readonly #aris: Float64Array;
  readonly #waiting = new Map<number, ResampleScore>();
  #next = 0;

  constructor(readonly k: number, readonly B: number) {
    checkB(B);
    this.#sum = new Float64Array(k);
    this.#squares = new Float64Array(k);
    this.#count = new Int32Array(k);
    this.#aris = new Float64Array(B);
  }

  /** Resamples added so far, counting only those whose predecessors all arrived. */
  get done(): number {
    return this.#next;
  }

  add(b: number, score: ResampleScore): void {
    this.#waiting.set(b, score);
    for (let next = this.#waiting.get(this.#next); next; next = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#aris[this.#next++] = next.ari;
      for (let a = 0; a < this.k; a++) {
        const best = next.best[a];
        if (Number.isNaN(best)) continue;
        this.#sum[a] += best;
        this.#squares[a] += best * best;
        this.#count[a]++;
      }
    }
  }

  result(): StabilityResult {
    if (this.#next !== this.B) throw new Error(`stability has ${this.#next} of ${this.B} resamples in order`);
    const count = this.#count;
    const jaccard = this.#sum.map((s, c) => (count[c] > 0 ? s / count[c] : NaN));
    const jaccardError = jaccard.map((mean, c) => {
      if (count[c] < 2) return NaN;
      const variance = Math.max(0, (this.#squares[c] - count[c] * mean * mean) / (count[c] - 1));
      return Math.sqrt(variance / count[c]);
    });
    const aris = this.#aris;
    return { jaccard, jaccardError, meanAri: aris.reduce((a, x) => a + x, 0) / this.B, aris };
  }
}

function checkB(B: number): void {
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`B must be a positive integer, got ${B}`);
}

/**
 * For each original cluster present, its best Jaccard similarity with any bootstrap cluster, from
 * the contingency table (k x kb) and the original clusters' sizes among the rows compared; NaN
 * for a cluster with no rows compared.
 */
function bestJaccard(table: Float64Array, sizeA: Float64Array, k: number, kb: number): Float64Array {
  const sizeB = new Float64Array(kb);
  for (let a = 0; a < k; a++) for (let c = 0; c < kb; c++) sizeB[c] += table[a * kb + c];
  const out = new Float64Array(k).fill(NaN);
  for (let a = 0; a < k; a++) {
    if (sizeA[a] === 0) continue;
    let best = 0;
    for (let c = 0; c < kb; c++) {
      const common = table[a * kb + c];
      if (common > 0) best = Math.max(best, common / (sizeA[a] + sizeB[c] - common));
    }
    out[a] = best;
  }
  return out;
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
