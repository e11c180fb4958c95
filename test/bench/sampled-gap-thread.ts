// The gap worker of the tab (src/workers/gap.worker.ts) as a Node worker thread, for
// sampled-million.ts: the sweep's gap statistic runs here while the main thread fits each k.
import { parentPort } from 'node:worker_threads';
import { runGapJob, type GapJob } from '../../src/ml/gap-job.ts';

parentPort!.once('message', (job: GapJob) => {
  const start = performance.now();
  const result = runGapJob(job);
  parentPort!.postMessage({ result, ms: performance.now() - start });
});
