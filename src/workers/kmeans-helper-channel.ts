import helperUrl from './kmeans-helper.worker.ts?worker&url';
import type { HelperChannel } from '../ml/kmeans-parallel.ts';
import { startModuleWorker } from './start-worker.ts';

/**
 * Starts k-means' helper worker from inside the ML worker, or returns null where workers cannot
 * start workers. The ML worker runs from a blob: shim, which cannot be a base URL; this module's
 * own URL can.
 */
export function startKMeansHelper(): HelperChannel | null {
  if (typeof Worker === 'undefined') return null;
  const worker = startModuleWorker(new URL(helperUrl, import.meta.url).href);
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen: (onReply, onFailure) => {
      worker.onmessage = (e) => onReply(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        onFailure(e.message || 'the worker could not start');
      };
      worker.onmessageerror = () => onFailure('a message could not be read');
    },
    close: () => worker.terminate(),
  };
}
