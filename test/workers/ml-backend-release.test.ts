import { afterEach, describe, expect, it, vi } from 'vitest';

// The backend's worker and its Comlink connection, replaced by a fake that records starts and
// closes and lets the test decide when each job ends.
const started: Array<{ closed: boolean; finish: Array<() => void> }> = [];
vi.mock('../../src/workers/ml.worker.ts?worker&url', () => ({ default: 'ml.worker.js' }));
vi.mock('../../src/workers/start-worker.ts', () => ({ startModuleWorker: () => ({}) }));
vi.mock('../../src/workers/protocol.ts', () => ({
  connect: () => {
    const worker = { closed: false, finish: [] as Array<() => void> };
    started.push(worker);
    const job = () => new Promise((resolve) => worker.finish.push(() => resolve({ segmentsIpc: new Uint8Array(1) })));
    return { api: { cluster: job, sweep: job }, stopped: new Promise(() => undefined), call: (p: Promise<unknown>) => p, close: () => (worker.closed = true) };
  },
}));

const { WorkerBackend } = await import('../../src/workers/ml-backend.ts');

function job(rows: number) {
  const raw = { n: rows, numeric: [new Float64Array(rows), new Float64Array(rows)], categorical: [], categories: [] };
  return { raw, rowids: new Float64Array(rows), spec: { numeric: [], categorical: [], missing: 'drop' as const }, algorithm: 'kmeans' as const, k: 2, nInit: 1, maxIter: 10, tol: 1e-4, seed: 1 };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => void started.splice(0));

describe('the ML worker after a large job', () => {
  it('is ended once a job of 32 MB of arrays or more has finished, and a fresh one is started at once for the next job', async () => {
    const backend = new WorkerBackend();
    const large = backend.cluster(job(2_000_000)); // 3 x 16 MB
    await settle();
    started[0].finish[0]();
    await large;
    expect(started[0].closed).toBe(true);
    expect(started).toHaveLength(2);
    expect(started[1].closed).toBe(false);
    const next = backend.cluster(job(10));
    await settle();
    expect(started).toHaveLength(2);
    started[1].finish[0]();
    await next;
  });

  it('is kept after small jobs, so the next one pays no start', async () => {
    const backend = new WorkerBackend();
    for (let i = 0; i < 2; i++) {
      const small = backend.cluster(job(1_000));
      await settle();
      started[0].finish[i]();
      await small;
    }
    expect(started).toHaveLength(1);
    expect(started[0].closed).toBe(false);
  });

  it('waits for every running job before ending a worker that held a large one', async () => {
    const backend = new WorkerBackend();
    const large = backend.cluster(job(2_000_000));
    const other = backend.sweep({ ...job(1_000), min: 2, max: 3, references: 1 });
    await settle();
    started[0].finish[0]();
    await large;
    expect(started[0].closed).toBe(false);
    started[0].finish[1]();
    await other;
    expect(started[0].closed).toBe(true);
  });
});
