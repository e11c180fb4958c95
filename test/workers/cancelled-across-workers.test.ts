import { MessageChannel, Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { proxy, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancelled } from '../../src/cancelled.ts';
import { fromPlainError, installErrorTransfer, releaseCallback, serve, toPlainError } from '../../src/workers/protocol.ts';
import type { KMeansJobApi } from './fixtures/kmeans-job.worker.ts';

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

/** The fixture worker's API; a worker that dies fails the test instead of leaving a call hanging. */
function startJobWorker() {
  const entry = new URL('./fixtures/kmeans-job.worker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./fixtures/start-ts-worker.mjs', import.meta.url), { workerData: { entry } });
  workers.push(worker);
  const died = new Promise<never>((_, reject) => worker.once('error', reject));
  died.catch(() => undefined);
  installErrorTransfer();
  const api = wrap<KMeansJobApi>(nodeEndpoint(worker));
  return { kmeans: (...args: Parameters<KMeansJobApi['kmeans']>) => Promise.race([api.kmeans(...args), died]) };
}

function rows(n: number, d: number): Float64Array {
  return Float64Array.from({ length: n * d }, (_, i) => ((i * 7919) % 1009) / 1009);
}

describe('a cancellation that crosses a worker boundary', () => {
  it('rejects a k-means job cancelled inside a real worker with an error that is instanceof Cancelled', async () => {
    const api = startJobWorker();
    const outcome = await api.kmeans(rows(5_000, 3), 5_000, 3, 4, 3).then(
      () => null,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(Cancelled);
    expect(outcome).toMatchObject({ name: 'Cancelled', message: 'k-means was cancelled' });
    // The stack is the worker's, where the kernel stopped.
    expect((outcome as Error).stack).toMatch(/kmeans\.ts/);
  });

  it('keeps a failure a failure: not Cancelled, with its message, and the worker goes on answering', async () => {
    const api = startJobWorker();
    const failure = await api.kmeans(rows(3, 2), 3, 2, 5, Infinity).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(Cancelled);
    expect(failure).toMatchObject({ name: 'RangeError', message: 'k is larger than the number of rows (3): 5' });
    expect(await api.kmeans(rows(200, 2), 200, 2, 3, Infinity)).toBeGreaterThan(0);
  });
});

describe('errors as plain {name, message, stack}', () => {
  it('rebuilds a Cancelled as a Cancelled and any other error as an Error of the same name', () => {
    const cancelled = fromPlainError(structuredClone(toPlainError(new Cancelled('k-means was cancelled'))));
    expect(cancelled).toBeInstanceOf(Cancelled);
    expect(cancelled.message).toBe('k-means was cancelled');
    const range = new RangeError('k must be at least 2: 1');
    const rebuilt = fromPlainError(structuredClone(toPlainError(range)));
    expect(rebuilt).not.toBeInstanceOf(Cancelled);
    expect({ name: rebuilt.name, message: rebuilt.message, stack: rebuilt.stack }).toEqual({ name: 'RangeError', message: 'k must be at least 2: 1', stack: range.stack });
  });
});

describe('progress callbacks passed with Comlink.proxy', () => {
  it('are released by the worker side once the job is over, and cannot be called after', async () => {
    const { port1, port2 } = new MessageChannel();
    let kept: ((message: string) => unknown) | null = null;
    const api = {
      async job(onProgress: (message: string) => unknown): Promise<void> {
        await onProgress('half way');
        kept = onProgress;
        releaseCallback(onProgress);
      },
    };
    serve(api, nodeEndpoint(port2));
    const heard: string[] = [];
    await wrap<typeof api>(nodeEndpoint(port1)).job(proxy((message: string) => heard.push(message)));
    expect(heard).toEqual(['half way']);
    expect(() => kept?.('after the job')).toThrow(/released/);
    port1.close();
    port2.close();
  });
});
