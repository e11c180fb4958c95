import helperUrl from './kmeans-helper.worker.ts?worker&url';
import type { KMeansHelper } from '../ml/kmeans-parallel.ts';
import { kmeansHelperOver, type KMeansHelperApi } from './kmeans-helper-api.ts';
import { connect } from './protocol.ts';
import { startModuleWorker } from './start-worker.ts';

/**
 * Starts k-means' helper worker from inside the ML worker, or returns null where workers cannot
 * start workers. The ML worker runs from a blob: shim, which cannot be a base URL; this module's
 * own URL can.
 */
export function startKMeansHelper(): KMeansHelper | null {
  if (typeof Worker === 'undefined') return null;
  const worker = startModuleWorker(new URL(helperUrl, import.meta.url).href);
  return kmeansHelperOver(connect<KMeansHelperApi>(worker));
}
