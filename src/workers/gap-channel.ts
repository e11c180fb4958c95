import { transfer } from 'comlink';
import gapUrl from './gap.worker.ts?worker&url';
import type { GapElsewhere } from '../ml/sweep-job.ts';
import type { GapWorkerApi } from './gap.worker.ts';
import { connect } from './protocol.ts';
import { startModuleWorker } from './start-worker.ts';

/** A worker that has not said it is ready by then is given up on, and the sweep runs the gap itself. */
const START_TIMEOUT_MS = 5_000;

/**
 * Runs a sweep's gap statistic on a worker of its own, started from inside the ML worker, with a
 * copy of its rows. Resolves once that worker runs: a worker started from a worker loads its code
 * through its parent's thread, so the parent must not start its own long loop before then.
 * Resolves to null where workers cannot start workers.
 */
export const gapInWorker: GapElsewhere = async (job) => {
  if (typeof Worker === 'undefined') return null;
  const worker = connect<GapWorkerApi>(startModuleWorker(new URL(gapUrl, import.meta.url).href));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), START_TIMEOUT_MS)));
  const ready = await Promise.race([worker.call(worker.api.ready()).then(() => true, () => false), timeout]);
  clearTimeout(timer);
  if (!ready) {
    worker.close();
    return null;
  }
  const data = job.matrix.data.slice();
  const result = worker.call(worker.api.gap(transfer({ ...job, matrix: { ...job.matrix, data } }, [data.buffer]))).finally(() => worker.close());
  // Whoever is handed `result` handles its failure; when nobody is, it must not surface as unhandled.
  result.catch(() => undefined);
  return { result };
};
