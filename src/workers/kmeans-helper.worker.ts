import { PartServer, type HelperRequest } from '../ml/kmeans-part.ts';

// The ML worker's second thread for k-means: it holds half of the rows and answers one part
// request at a time (src/ml/kmeans-parallel.ts). Terminated with the fit, or with its parent.
const server = new PartServer();

self.onmessage = (e: MessageEvent<HelperRequest>) => {
  const { reply, transfer } = server.receive(e.data);
  self.postMessage(reply, { transfer });
};
