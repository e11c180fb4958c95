import gapUrl from './gap.worker.ts?worker&url';
import type { GapResult } from '../ml/gap.ts';
import type { GapJob } from '../ml/gap-job.ts';
import { startModuleWorker } from './start-worker.ts';

type GapReply = { ok: true; result: GapResult } | { ok: false; message: string };

/**
 * Runs a sweep's gap statistic on a worker of its own, started from inside the ML worker, with a
 * copy of its rows; null where workers cannot start workers, and the sweep then runs it itself.
 */
export function gapInWorker(job: GapJob): Promise<GapResult> | null {
  if (typeof Worker === 'undefined') return null;
  const worker = startModuleWorker(new URL(gapUrl, import.meta.url).href);
  const data = job.matrix.data.slice();
  return new Promise<GapResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<GapReply>) => {
      if (e.data.ok) resolve(e.data.result);
      else reject(new Error(`the gap statistic failed: ${e.data.message}`));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`the gap statistic's worker stopped: ${e.message || 'it could not start'}. Sweep again.`));
    };
    worker.postMessage({ ...job, matrix: { ...job.matrix, data } }, [data.buffer]);
  }).finally(() => worker.terminate());
}
