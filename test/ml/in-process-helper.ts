import { MessageChannel } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { wrap } from 'comlink';
import { afterEach } from 'vitest';
import type { KMeansHelper } from '../../src/ml/kmeans-parallel.ts';
import { kmeansHelperApi, kmeansHelperOver, type KMeansHelperApi } from '../../src/workers/kmeans-helper-api.ts';
import { serve } from '../../src/workers/protocol.ts';

/**
 * k-means helpers speaking the helper worker's Comlink API over real MessageChannels, so every
 * request and reply is structured-cloned (and its buffers transferred) as between workers; each
 * test's channels are closed after it. `requests` collects the ops sent.
 */
export function useInProcessHelpers(): (requests?: string[]) => KMeansHelper {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));
  return (requests = []) => {
    const { port1, port2 } = new MessageChannel();
    const api = kmeansHelperApi();
    const recording: KMeansHelperApi = {
      load: (rows) => (requests.push('load'), api.load(rows)),
      handle: (request) => (requests.push(request.op), api.handle(request)),
    };
    serve(recording, nodeEndpoint(port2));
    const close = () => {
      port1.close();
      port2.close();
    };
    closers.push(close);
    return kmeansHelperOver({ api: wrap<KMeansHelperApi>(nodeEndpoint(port1)), stopped: new Promise<never>(() => undefined), call: (pending) => pending, close });
  };
}
