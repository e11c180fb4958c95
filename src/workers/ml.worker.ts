import { expose, transfer } from 'comlink';
import { runClusterJob, type ClusterJob } from '../ml/cluster-job.ts';
import { runClvJob, type ClvJob } from '../ml/clv-job.ts';
import { runTreeJob, type TreeJob } from '../ml/tree-job.ts';
import { runScoreJob, type ScoreJob } from '../ml/score-job.ts';
import { runSweepJob, type SweepJob } from '../ml/sweep-job.ts';
import { runValidateJob, type ValidateJob } from '../ml/validate-job.ts';

type Progress = (message: string) => void;

// Cancelling terminates this worker, so the jobs never need to be asked to stop.
const api = {
  cluster(job: ClusterJob, onProgress?: Progress) {
    const result = runClusterJob(job, { onProgress });
    return transfer(result, [result.segmentsIpc.buffer]);
  },
  sweep(job: SweepJob, onProgress?: Progress) {
    return runSweepJob(job, { onProgress });
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
