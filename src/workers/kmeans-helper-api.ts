import { transfer } from 'comlink';
import type { KMeansHelper } from '../ml/kmeans-parallel.ts';
import { PartServer, type HelperRows, type PartReply, type PartRequest } from '../ml/kmeans-part.ts';
import type { Connection } from './protocol.ts';

/**
 * What k-means' helper worker serves (kmeans-helper.worker.ts): its half of the rows, kept for
 * the whole fit, and one part request at a time. Apart from the worker file so that Node tests
 * can serve it on a MessagePort.
 */
export function kmeansHelperApi(server = new PartServer()) {
  return {
    load(rows: HelperRows): void {
      server.load(rows);
    },
    handle(request: PartRequest) {
      const { reply, transfer: buffers } = server.handle(request);
      return transfer(reply, buffers);
    },
  };
}

export type KMeansHelperApi = ReturnType<typeof kmeansHelperApi>;

/** The coordinator's side of a connection to that API. The rows' buffer is transferred, not copied. */
export function kmeansHelperOver(connection: Connection<KMeansHelperApi>): KMeansHelper {
  const { api, call, stopped, close } = connection;
  return {
    load: (rows) => call(api.load(transfer(rows, [rows.data.buffer]))),
    handle: (request) => call<PartReply>(api.handle(request)),
    stopped,
    close,
  };
}
