import { expose, transfer } from 'comlink';
import { runClusterJobWith, type ClusterJob } from '../ml/cluster-job.ts';
import { kmeansParallel } from '../ml/kmeans-parallel.ts';
import { startKMeansHelper } from './kmeans-helper-channel.ts';
import { runClvJob, type ClvJob } from '../ml/clv-job.ts';
import { runTreeJob, type TreeJob } from '../ml/tree-job.ts';
import { runScoreJob, type ScoreJob } from '../ml/score-job.ts';
import { runSweepJobWith, type SweepJob } from '../ml/sweep-job.ts';
import { gapInWorker } from './gap-channel.ts';
import { runValidateJob, type ValidateJob } from '../ml/validate-job.ts';

type Progress = (message: string) => void;

// Cancelling terminates this worker, so the jobs never need to be asked to stop.
const api = {
  // k-means on many rows runs its second half on a helper worker: the page's two cores.
  async cluster(job: ClusterJob, onProgress?: Progress) {
    const result = await runClusterJobWith(job, { onProgress }, (m, options, hooks) => kmeansParallel(m, options, hooks, startKMeansHelper));
    return transfer(result, [result.segmentsIpc.buffer]);
  },
  // The gap statistic's reference fits run on a second worker beside the fits of each k.
  sweep(job: SweepJob, onProgress?: Progress) {
    return runSweepJobWith(job, { onProgress }, gapInWorker);
  },
  score(job: ScoreJob) {
    const result = runScoreJob(job);
    return transfer(result, [result.segmentsIpc.buffer]);
  },
  validate(job: ValidateJob, onProgress?: Progress) {
    return runValidateJob(job, { onProgress });
  },
  clv(job: ClvJob, onProgress?: Progress) {
    return runClvJob(job, { onProgress });
  },
  tree(job: TreeJob) {
    return runTreeJob(job);
  },
};

export type MlWorkerApi = typeof api;
expose(api);
