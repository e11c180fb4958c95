import { checkMatrix } from './kmeans-init.ts';
import { checkFit, kmeansOnParts, rowsBetween, type KMeansOptions } from './kmeans.ts';
import { LloydPart, partBounds } from './kmeans-part.ts';
import { sampledStart } from './kmeans-sampled.ts';
import { takeRowsInto, type FeatureMatrix } from './matrix.ts';
import type { KMeansKernel } from './wasm/kmeans-wasm.ts';

/**
 * How validation re-clusters a resample: k-means with nInit restarts, chosen on a seeded sample
 * of `sample` rows when the resample has more (sampledStart), else run on every row.
 */
export interface ResampleFitSettings {
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  sample: number | null;
  kernel?: KMeansKernel;
}

/**
 * k-means of bootstrap resamples of one matrix, one after another. Each resample's labels are
 * those of kmeans(sampledStart(...)) on takeRows(m, picks), bit for bit; what it saves is work
 * that does not change them. A resample holds only rows of m, so m's values are checked once and
 * its bound on distances serves every resample. The resample is gathered into one buffer, and the
 * Lloyd parts, wasm memory included, are made once and re-read it: on a million rows, allocating
 * and collecting those per resample cost about a third of its time.
 */
export class ResampleKMeans {
  readonly #resample: FeatureMatrix;
  readonly #parts: LloydPart[];
  readonly #diameter: number;

  /** For resamples of `size` rows of `m`; throws a RangeError when m holds NaN or Infinity. */
  constructor(readonly m: FeatureMatrix, size: number, readonly settings: ResampleFitSettings) {
    this.#diameter = checkMatrix(m, 'the matrix');
    this.#resample = { data: new Float64Array(size * m.d), n: size, d: m.d };
    const bounds = partBounds(size);
    this.#parts = bounds.slice(1).map((end, p) => new LloydPart(rowsBetween(this.#resample, bounds[p], end), settings.k, bounds[p], settings.kernel));
  }

  /** Labels of the resample made of rows `picks` of m (as many as `size`), fitted from `seed`. */
  labels(picks: Int32Array, seed: number): Int32Array {
    const resample = this.#resample;
    if (picks.length !== resample.n) throw new RangeError(`a resample of ${resample.n} rows got ${picks.length}`);
    takeRowsInto(this.m, picks, resample.data);
    const { sample, kernel, ...rest } = this.settings;
    const options: KMeansOptions = { ...rest, seed, kernel };
    const start = sampledStart(resample, { sample, seed }, options, []);
    const fit = checkFit(resample, start, this.#diameter);
    for (const part of this.#parts) part.reload();
    return kmeansOnParts(resample, start, {}, fit, this.#parts).labels;
  }
}
