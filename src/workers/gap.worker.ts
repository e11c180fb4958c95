import { transfer } from 'comlink';
import { runGapJob, type GapJob } from '../ml/gap-job.ts';
import { serve } from './protocol.ts';

// The k sweep's second thread: the gap statistic's reference fits, while the ML worker fits and
// measures each k (src/ml/sweep-job.ts). Terminated with the sweep, or with its parent.
const api = {
  /** Answers once this worker's code has loaded, which its parent must let happen (gap-channel.ts). */
  ready(): void {},
  gap(job: GapJob) {
    const result = runGapJob(job);
    return transfer(result, [result.gap.buffer, result.sk.buffer, result.logW.buffer]);
  },
};

export type GapWorkerApi = typeof api;
serve(api);
