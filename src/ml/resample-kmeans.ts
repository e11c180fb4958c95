import { checkMatrix } from './kmeans-init.ts';
import { checkFit, kmeansOnParts, rowsBetween, type KMeansOptions, type KMeansResult } from './kmeans.ts';
import { LloydPart, partBounds } from './kmeans-part.ts';
import { sampledStart } from './kmeans-sampled.ts';
import { takeRowsInto, type FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';
import { SETTLED_PASSES } from './sampling.ts';
import type { KMeansKernel } from './wasm/kmeans-wasm.ts';

/**
 * How validation re-clusters a resample: k-means with nInit restarts, chosen on a seeded sample
 * of `sample` rows when the resample has more (sampledStart), else run on every row. With
 * `settle`, a resample of more rows than that runs Lloyd to convergence from the best restart on a
 * seeded sample of `settle` of its rows first, then at most SETTLED_PASSES passes over all of it.
 */
export interface ResampleFitSettings {
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  sample: number | null;
  settle?: number | null;
  kernel?: KMeansKernel;
}

/**
 * The places, in increasing order, of the seeded sample of `size` of a resample's `n` rows that it
 * settles on: seeded apart from sampledStart's sample, which draws from the same seed.
 */
export function settlePlaces(n: number, size: number, seed: number): Int32Array {
  return new Random(seed ^ 0x5e771e).sample(n, size);
}

/** A buffer of rows of one matrix and the Lloyd parts over it, refilled for each fit. */
class ReusedRows {
  readonly matrix: FeatureMatrix;
  readonly #parts: LloydPart[];

  constructor(size: number, d: number, k: number, kernel: KMeansKernel | undefined) {
    this.matrix = { data: new Float64Array(size * d), n: size, d };
    const bounds = partBounds(size);
    this.#parts = bounds.slice(1).map((end, p) => new LloydPart(rowsBetween(this.matrix, bounds[p], end), k, bounds[p], kernel));
  }

  /** Copies rows `rows` of m (as many as the buffer holds) in. */
  fill(m: FeatureMatrix, rows: Int32Array): void {
    if (rows.length !== this.matrix.n) throw new RangeError(`a resample of ${this.matrix.n} rows got ${rows.length}`);
    takeRowsInto(m, rows, this.matrix.data);
  }

  /** kmeans() of the rows filled in, which are rows of a matrix with this `diameter` bound. */
  fit(options: KMeansOptions, diameter: number): KMeansResult {
    const checked = checkFit(this.matrix, options, diameter);
    for (const part of this.#parts) part.reload();
    return kmeansOnParts(this.matrix, options, {}, checked, this.#parts);
  }
}

/**
 * k-means of bootstrap resamples of one matrix, one after another. Each resample's labels are
 * those of a plain kmeans() of the same steps on takeRows(m, picks), bit for bit; what it saves is
 * work that does not change them. A resample holds only rows of m, so m's values are checked once
 * and its bound on distances serves every resample. The resample is gathered into one buffer, and
 * the Lloyd parts, wasm memory included, are made once and re-read it: on a million rows,
 * allocating and collecting those per resample cost about a third of its time.
 */
export class ResampleKMeans {
  readonly #whole: ReusedRows;
  /** Where a resample settles first, with the rows of m it takes; null when it does not. */
  readonly #settled: { buffer: ReusedRows; rows: Int32Array } | null;
  readonly #diameter: number;

  /** For resamples of `size` rows of `m`; throws a RangeError when m holds NaN or Infinity. */
  constructor(readonly m: FeatureMatrix, size: number, readonly settings: ResampleFitSettings) {
    this.#diameter = checkMatrix(m, 'the matrix');
    this.#whole = new ReusedRows(size, m.d, settings.k, settings.kernel);
    const settle = settings.settle ?? null;
    this.#settled = settle !== null && size > settle
      ? { buffer: new ReusedRows(settle, m.d, settings.k, settings.kernel), rows: new Int32Array(settle) }
      : null;
  }

  /** Labels of the resample made of rows `picks` of m (as many as `size`, in row order), fitted from `seed`. */
  labels(picks: Int32Array, seed: number): Int32Array {
    this.#whole.fill(this.m, picks);
    const { sample, settle: _, kernel, ...rest } = this.settings;
    const options: KMeansOptions = { ...rest, seed, kernel };
    let start: KMeansOptions;
    if (this.#settled) {
      const { buffer, rows } = this.#settled;
      // A seeded sample of the resample's places; picks are in row order, so its rows are too.
      const places = settlePlaces(picks.length, rows.length, seed);
      for (let i = 0; i < places.length; i++) rows[i] = picks[places[i]];
      buffer.fill(this.m, rows);
      const settled = buffer.fit(sampledStart(buffer.matrix, { sample, seed }, options, []), this.#diameter);
      start = { ...options, nInit: 1, init: settled.centroids, maxIter: Math.min(options.maxIter, SETTLED_PASSES) };
    } else {
      start = sampledStart(this.#whole.matrix, { sample, seed }, options, []);
    }
    return this.#whole.fit(start, this.#diameter).labels;
  }
}
