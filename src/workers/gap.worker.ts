import { runGapJob, type GapJob } from '../ml/gap-job.ts';

// The k sweep's second thread: the gap statistic's reference fits, while the ML worker fits and
// measures each k (src/ml/sweep-job.ts). Terminated with the sweep, or with its parent.
self.onmessage = (e: MessageEvent<GapJob>) => {
  try {
    const result = runGapJob(e.data);
    self.postMessage({ ok: true, result }, { transfer: [result.gap.buffer, result.sk.buffer, result.logW.buffer] });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
self.postMessage({ ready: true });
