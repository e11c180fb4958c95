import { gapStatistic, type GapResult } from './gap.ts';
import { checkStop, type JobHooks } from './hooks.ts';
import { kmeans } from './kmeans.ts';
import type { FeatureMatrix } from './matrix.ts';

/** The gap statistic of a k sweep, as one job: it can run on a second worker beside the sweep's fits. */
export interface GapJob {
  /** The rows the reference sets are drawn around: the prepared features, or a sample of them. */
  matrix: FeatureMatrix;
  ks: number[];
  references: number;
  /** k-means restarts per fit of the data: the sweep's, at most 3. */
  nInit: number;
  /**
   * k-means restarts per fit of a reference set; nInit when absent. Uniform data have no clusters
   * for a restart to find, so one restart's inertia differs from the best of three by less than
   * the spread between reference sets, which the gap's standard error already counts.
   */
  referenceInit?: number;
  maxIter: number;
  tol: number;
  seed: number;
}

export function runGapJob(job: GapJob, hooks?: JobHooks): GapResult {
  return gapStatistic(job.matrix, job.ks, job.references, job.seed, (sample, k, seed, reference) => {
    checkStop(hooks);
    const nInit = reference ? job.referenceInit ?? job.nInit : job.nInit;
    return kmeans(sample, { k, nInit, maxIter: job.maxIter, tol: job.tol, seed }).inertia;
  });
}
