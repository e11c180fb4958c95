import { Cancelled } from '../cancelled.ts';
import type { FeatureMatrix } from './matrix.ts';
import { ResampleKMeans, type ResampleFitSettings } from './resample-kmeans.ts';
import { Resampler, resampleSeeds, StabilityTally, type ResampleScore, type StabilityHooks, type StabilityResult } from './stability.ts';

/** What validation's bootstrap needs: the clustering, and how each resample is re-clustered. */
export interface BootstrapJob {
  m: FeatureMatrix;
  /** Segment per row, 0..k-1 (validation passes only rows with a segment). */
  labels: Int32Array;
  B: number;
  seed: number;
  fit: ResampleFitSettings;
}

/**
 * The resamples of one validation, run by number: the same resample, and so the same score,
 * on whichever thread runs it (bootstrapStability()'s semantics, with k-means re-clustering).
 */
export class BootstrapRuns {
  readonly #seeds: number[];
  readonly #resampler: Resampler;
  readonly #fits: ResampleKMeans;

  constructor(job: BootstrapJob) {
    this.#seeds = resampleSeeds(job.seed, job.B);
    this.#resampler = new Resampler(job.m, job.labels, job.fit.k);
    this.#fits = new ResampleKMeans(job.m, this.#resampler.labelled, job.fit);
  }

  get labelled(): number {
    return this.#resampler.labelled;
  }

  run(b: number): ResampleScore {
    const seed = this.#seeds[b];
    if (seed === undefined) throw new RangeError(`no bootstrap resample ${b}: there are ${this.#seeds.length}`);
    return this.#resampler.run(seed, (picks, reseed) => this.#fits.labels(picks, reseed));
  }
}

/** Validation's bootstrap on this thread. */
export function validationBootstrap(job: BootstrapJob, hooks: StabilityHooks = {}): StabilityResult {
  const runs = new BootstrapRuns(job);
  const tally = new StabilityTally(job.fit.k, job.B);
  for (let b = 0; b < job.B; b++) {
    if (hooks.shouldStop?.()) throw new Cancelled();
    tally.add(b, runs.run(b));
    hooks.onProgress?.(b + 1, job.B);
  }
  return tally.result();
}
