import { transfer } from 'comlink';
import { runClusterJobWith, type ClusterJob } from '../ml/cluster-job.ts';
import { kmeansParallel } from '../ml/kmeans-parallel.ts';
import { startKMeansHelper } from './kmeans-helper-channel.ts';
import { runClvJob, type ClvJob } from '../ml/clv-job.ts';
import { runTreeJob, type TreeJob } from '../ml/tree-job.ts';
import { runScoreJob, type ScoreJob } from '../ml/score-job.ts';
import { runSweepJobWith, type SweepJob } from '../ml/sweep-job.ts';
import { gapInWorker } from './gap-channel.ts';
import { runValidateJobWith, type ValidateJob } from '../ml/validate-job.ts';
import { startBootstrapHelper } from './bootstrap-helper-channel.ts';
import type { MlProgress } from '../ml/notes.ts';
import { releaseCallback, serve } from './protocol.ts';

type Progress = (progress: MlProgress) => void;

/** Runs a job that reports through the page's progress callback, and releases it afterwards. */
async function reporting<T>(onProgress: Progress | undefined, run: (hooks: { onProgress?: Progress }) => T | Promise<T>): Promise<T> {
  try {
    return await run({ onProgress });
  } finally {
    releaseCallback(onProgress);
  }
}

// Cancelling terminates this worker, so the jobs never need to be asked to stop.
const api = {
  // k-means on many rows runs its second half on a helper worker: the page's two cores.
  async cluster(job: ClusterJob, onProgress?: Progress) {
    const result = await reporting(onProgress, (hooks) => runClusterJobWith(job, hooks, (m, options, h) => kmeansParallel(m, options, h, startKMeansHelper)));
    return transfer(result, [result.segmentsIpc.buffer]);
  },
  // The gap statistic's reference fits run on a second worker beside the fits of each k.
  sweep(job: SweepJob, onProgress?: Progress) {
    return reporting(onProgress, (hooks) => runSweepJobWith(job, hooks, gapInWorker));
  },
  score(job: ScoreJob) {
    const result = runScoreJob(job);
    return transfer(result, [result.segmentsIpc.buffer]);
  },
  // The bootstrap's resamples on many rows are shared with a helper worker.
  validate(job: ValidateJob, onProgress?: Progress) {
    return reporting(onProgress, (hooks) => runValidateJobWith(job, hooks, startBootstrapHelper));
  },
  clv(job: ClvJob, onProgress?: Progress) {
    return reporting(onProgress, (hooks) => runClvJob(job, hooks));
  },
  tree(job: TreeJob) {
    return runTreeJob(job);
  },
};

export type MlWorkerApi = typeof api;
serve(api);
