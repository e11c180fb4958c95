import { MessageChannel } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancelled } from '../../src/cancelled.ts';
import { kmeans } from '../../src/ml/kmeans.ts';
import { SPLIT_ROWS } from '../../src/ml/kmeans-part.ts';
import type { FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';
import { validationBootstrap, validationBootstrapWith, type BootstrapHelper, type BootstrapJob } from '../../src/ml/validate-bootstrap.ts';
import { runValidateJob, runValidateJobWith, type ValidateJob } from '../../src/ml/validate-job.ts';
import { bootstrapHelperApi, bootstrapHelperOver, type BootstrapHelperApi } from '../../src/workers/bootstrap-helper-api.ts';
import { serve } from '../../src/workers/protocol.ts';
import { gaussianBlobs } from './synthetic.ts';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/**
 * A helper speaking the helper worker's Comlink API over a real MessageChannel, so the job and
 * every score are structured-cloned (buffers transferred) as between workers. `runs` collects the
 * resamples it ran; `closed` says whether the coordinator closed it.
 */
function inProcessHelper(runs: number[] = [], fail?: number) {
  const { port1, port2 } = new MessageChannel();
  const api = bootstrapHelperApi();
  serve({
    ready: api.ready,
    load: api.load,
    run: (b: number) => {
      if (b === fail) throw new RangeError(`resample ${b} failed`);
      runs.push(b);
      return api.run(b);
    },
  } satisfies BootstrapHelperApi, nodeEndpoint(port2));
  const state = { closed: false };
  const close = () => {
    state.closed = true;
    port1.close();
    port2.close();
  };
  closers.push(close);
  const helper: BootstrapHelper = bootstrapHelperOver({
    api: wrap<BootstrapHelperApi>(nodeEndpoint(port1)), stopped: new Promise<never>(() => undefined), call: (pending) => pending, close,
  });
  return { helper, state };
}

function bootstrapJob(B: number, perCluster = Math.ceil(SPLIT_ROWS / 4) + 200): BootstrapJob {
  const rng = new Random(3);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => rng.next() * 4));
  const m: FeatureMatrix = gaussianBlobs(centres, perCluster, 1, 5).m;
  const labels = kmeans(m, { k: 4, nInit: 1, maxIter: 50, tol: 1e-4, seed: 1 }).labels;
  return { m, labels, B, seed: 11, fit: { k: 4, nInit: 3, maxIter: 300, tol: 1e-4, sample: 2_000 } };
}

describe('validation bootstrap on two threads', () => {
  const job = bootstrapJob(5);
  const oneThread = validationBootstrap(job);

  it('shares the resamples with the helper and adds up to the one-thread result bit for bit, reporting progress in order', async () => {
    const runs: number[] = [];
    const { helper, state } = inProcessHelper(runs);
    const progress: string[] = [];
    const twoThreads = await validationBootstrapWith(job, { onProgress: (done, total) => progress.push(`${done}/${total}`) }, () => helper);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThan(5);
    expect(twoThreads.aris).toEqual(oneThread.aris);
    expect(twoThreads.jaccard).toEqual(oneThread.jaccard);
    expect(twoThreads.jaccardError).toEqual(oneThread.jaccardError);
    expect(twoThreads.meanAri).toBe(oneThread.meanAri);
    expect(progress).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(state.closed).toBe(true);
    // The coordinator's own rows were copied for the helper, not given away.
    expect(job.m.data.length).toBe(job.m.n * job.m.d);
  });

  it('asks the helper for its first resamples before its load is answered, so that it needs no answer from this busy thread to start', async () => {
    const { helper } = inProcessHelper();
    const calls: string[] = [];
    let loaded = false;
    const watched: BootstrapHelper = {
      ...helper,
      ready: () => helper.ready(),
      load: (j) => (calls.push('load'), helper.load(j).then(() => void (loaded = true))),
      run: (b) => (calls.push(`run ${b}${loaded ? ' after the load was answered' : ''}`), helper.run(b)),
      close: () => helper.close(),
      stopped: helper.stopped,
    };
    const result = await validationBootstrapWith(job, {}, () => watched);
    expect(calls.slice(0, 5)).toEqual(['load', 'run 0', 'run 1', 'run 2', 'run 3']);
    expect(result.jaccard).toEqual(oneThread.jaccard);
  });

  it('stops with Cancelled when asked, and closes its helper', async () => {
    const { helper, state } = inProcessHelper();
    let checks = 0;
    await expect(validationBootstrapWith(job, { shouldStop: () => ++checks > 2 }, () => helper)).rejects.toThrow(Cancelled);
    expect(state.closed).toBe(true);
  });

  it('runs on this thread alone, with the same result, when the helper cannot start', async () => {
    const alone = await validationBootstrapWith(job, {}, () => {
      throw new Error('no workers here');
    });
    expect(alone.aris).toEqual(oneThread.aris);
    expect((await validationBootstrapWith(job, {}, () => null)).jaccard).toEqual(oneThread.jaccard);
  });

  it("passes on the helper's error and closes it", async () => {
    const { helper, state } = inProcessHelper([], 0);
    await expect(validationBootstrapWith(job, {}, () => helper)).rejects.toThrow('resample 0 failed');
    expect(state.closed).toBe(true);
  });

  it('starts no helper for fewer rows than SPLIT_ROWS', async () => {
    const small = bootstrapJob(2, 100);
    let started = 0;
    const result = await validationBootstrapWith(small, {}, () => (started++, null));
    expect(started).toBe(0);
    expect(result.aris).toEqual(validationBootstrap(small).aris);
  });

  it('validates a segmentation with the silhouette measured while the helper runs resamples, to the one-thread result', async () => {
    const { m, labels } = job;
    const columns = Array.from({ length: m.d }, (_, t) => Float64Array.from({ length: m.n }, (_, i) => m.data[i * m.d + t]));
    const validate: ValidateJob = {
      raw: { n: m.n, numeric: columns, categorical: [], categories: [] },
      spec: { numeric: columns.map((_, t) => ({ column: `x${t}`, scale: 'none', log1p: false, clip: null })), categorical: [], missing: 'drop' },
      codes: Float64Array.from(labels, (l) => l + 1), segments: ['a', 'b', 'c', 'd'], values: null, minShare: 0.05, bootstrap: 3, seed: 4,
    };
    const stages: string[] = [];
    const runs: number[] = [];
    const { helper } = inProcessHelper(runs);
    const twoThreads = await runValidateJobWith(validate, { onProgress: (p) => stages.push(p.stage === 'bootstrap' ? `bootstrap ${p.done}` : p.stage) }, () => helper);
    expect(runs.length).toBeGreaterThan(0);
    expect(stages).toEqual(['silhouette', 'bootstrap 1', 'bootstrap 2', 'bootstrap 3']);
    expect(twoThreads).toEqual(runValidateJob(validate));
    expect(twoThreads.notes.map((n) => n.kind)).toEqual(['all-pairs-sampled', 'sampled-bootstrap']);
  });
});
