import gapUrl from './gap.worker.ts?worker&url';
import type { GapResult } from '../ml/gap.ts';
import type { GapJob } from '../ml/gap-job.ts';
import type { GapElsewhere } from '../ml/sweep-job.ts';
import { startModuleWorker } from './start-worker.ts';

type GapReply = { ready: true } | { ok: true; result: GapResult } | { ok: false; message: string };

/** A worker that has not said it is ready by then is given up on, and the sweep runs the gap itself. */
const START_TIMEOUT_MS = 5_000;

/**
 * Runs a sweep's gap statistic on a worker of its own, started from inside the ML worker, with a
 * copy of its rows. Resolves once that worker runs: a worker started from a worker loads its code
 * through its parent's thread, so the parent must not start its own long loop before then.
 * Resolves to null where workers cannot start workers.
 */
export const gapInWorker: GapElsewhere = (job) => {
  if (typeof Worker === 'undefined') return Promise.resolve(null);
  const worker = startModuleWorker(new URL(gapUrl, import.meta.url).href);
  let settle: { resolve: (r: GapResult) => void; reject: (e: Error) => void } | null = null;
  const result = new Promise<GapResult>((resolve, reject) => (settle = { resolve, reject })).finally(() => worker.terminate());
  // Whoever is handed `result` handles its failure; when nobody is, it must not surface as unhandled.
  result.catch(() => undefined);
  return new Promise((started) => {
    const timer = setTimeout(() => {
      worker.terminate();
      started(null);
    }, START_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<GapReply>) => {
      const reply = e.data;
      if ('ready' in reply) {
        clearTimeout(timer);
        const data = job.matrix.data.slice();
        worker.postMessage({ ...job, matrix: { ...job.matrix, data } }, [data.buffer]);
        started({ result });
      } else if (reply.ok) settle?.resolve(reply.result);
      else settle?.reject(new Error(`the gap statistic failed: ${reply.message}`));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      clearTimeout(timer);
      settle?.reject(new Error(`the gap statistic's worker stopped: ${e.message || 'it could not start'}`));
      started(null);
    };
  });
};
