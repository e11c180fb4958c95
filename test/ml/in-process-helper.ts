import { MessageChannel } from 'node:worker_threads';
import { afterEach } from 'vitest';
import type { HelperChannel } from '../../src/ml/kmeans-parallel.ts';
import { PartServer, type HelperReply, type HelperRequest } from '../../src/ml/kmeans-part.ts';

/**
 * k-means helpers on real MessageChannels, so every request and reply is structured-cloned as
 * between workers; each test's channels are closed after it. `requests` collects the ops sent.
 */
export function useInProcessHelpers(): (requests?: string[]) => HelperChannel {
  const channels: HelperChannel[] = [];
  afterEach(() => channels.splice(0).forEach((c) => c.close()));
  return (requests = []) => {
    const { port1, port2 } = new MessageChannel();
    const server = new PartServer();
    port2.on('message', (message: HelperRequest) => {
      requests.push(message.op);
      const { reply, transfer } = server.receive(message);
      port2.postMessage(reply, transfer);
    });
    const channel: HelperChannel = {
      post: (message, transfer) => port1.postMessage(message, transfer),
      listen: (onReply) => port1.on('message', (reply: HelperReply) => onReply(reply)),
      close: () => {
        port1.close();
        port2.close();
      },
    };
    channels.push(channel);
    return channel;
  };
}
