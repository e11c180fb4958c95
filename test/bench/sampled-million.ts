// Times the sampled sweep, validation and k-means fit on 1M x 6 planted blobs in Node, against
// the exact fit (the same job functions the ML worker runs). As in the tab, the sweep's gap
// statistic runs on a second thread. Each step prints its wall time, the CPU time of the whole
// process and the load average, since the machine is shared. Usage:
//   npx tsx test/bench/sampled-million.ts [rows]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import { adjustedRandIndex } from '../../src/ml/agreement.ts';
import { runClusterJob, type ClusterJob } from '../../src/ml/cluster-job.ts';
import { prepareFeatures, type FeatureSpec, type RawFeatures } from '../../src/ml/preprocess.ts';
import { Random } from '../../src/ml/random.ts';
import { sweepSeconds, validationSeconds } from '../../src/ml/sampling.ts';
import { runSweepJob, runSweepJobWith, type GapElsewhere } from '../../src/ml/sweep-job.ts';
import type { GapResult } from '../../src/ml/gap.ts';
import { chooseK } from '../../src/engine/choose-k.ts';
import { runValidateJob } from '../../src/ml/validate-job.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const d = 6;
const rng = new Random(16);
const centres = Array.from({ length: 8 }, () => Array.from({ length: d }, () => rng.next() * 12));
const numeric = Array.from({ length: d }, () => new Float64Array(n));
for (let i = 0; i < n; i++) {
  const c = centres[i % 8];
  for (let t = 0; t < d; t++) {
    let z = -6;
    for (let u = 0; u < 12; u++) z += rng.next();
    numeric[t][i] = c[t] + z;
  }
}
const raw = (): RawFeatures => ({ n, numeric: numeric.map((a) => a.slice()), categorical: [], categories: [] });
const spec: FeatureSpec = { numeric: numeric.map((_, t) => ({ column: `x${t}`, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' };
const time = async <T>(label: string, f: () => T | Promise<T>): Promise<T> => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const out = await f();
  const used = process.cpuUsage(cpu);
  const ms = (x: number) => Math.round(x).toLocaleString('en');
  console.log(`${label}: ${ms(performance.now() - start)} ms (CPU ${ms((used.user + used.system) / 1000)} ms, load ${loadavg()[0].toFixed(1)})`);
  return out;
};
/** The tab's gap worker: the gap statistic on a thread of its own, with a copy of its rows. */
const gapThread: GapElsewhere = async (gapJob) => {
  // Node 20 does not pass `--import tsx` on to a worker: the worker registers tsx itself.
  const url = JSON.stringify(new URL('./sampled-gap-thread.ts', import.meta.url).href);
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`, { eval: true });
  const result = new Promise<GapResult>((resolve, reject) => {
    worker.once('message', (reply: { result: GapResult; ms: number }) => {
      console.log(`  gap statistic on its own thread: ${Math.round(reply.ms).toLocaleString('en')} ms`);
      void worker.terminate();
      resolve(reply.result);
    });
    worker.once('error', reject);
  });
  worker.postMessage(gapJob);
  return { result };
};
const segments = (ipc: Uint8Array) => Int32Array.from(tableFromIPC(ipc).getChild('segment')!.toArray(), (s) => Number(s) - 1);

const job: ClusterJob = { raw: raw(), rowids: new Float64Array(n), spec, algorithm: 'kmeans', k: 8, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 };
const sampled = await time('fit, 10 restarts on a 50,000-row sample, then Lloyd on all', () => runClusterJob(job));
const exact = await time('fit, 10 restarts on every row (exact)', () => runClusterJob({ ...job, raw: raw(), sample: null }));
console.log(`ARI sampled against exact: ${adjustedRandIndex(segments(sampled.segmentsIpc), segments(exact.segmentsIpc)).toFixed(5)}; inertia ratio ${(sampled.inertia / exact.inertia).toFixed(6)}`);
const sweepJob = { spec, min: 2, max: 10, references: 5, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 };
const sweep = await time('sweep k = 2..10, 5 gap reference sets, sampled, gap on a second thread', () => runSweepJobWith({ ...sweepJob, raw: raw() }, undefined, gapThread));
const oneThread = await time('the same sweep on one thread', () => runSweepJob({ ...sweepJob, raw: raw() }));
console.log(`same result on one thread: ${JSON.stringify(oneThread) === JSON.stringify(sweep)}; recommended k = ${chooseK(sweep).recommended}`);
const fixed = (values: number[], digits: number) => values.map((x) => x.toFixed(digits)).join(' ');
console.log(`silhouette (${sweep.silhouetteSample} rows): ${fixed(sweep.silhouette, 4)} ± ${fixed(sweep.silhouetteError, 4)}`);
console.log(`gap (${sweep.gapSample} rows): ${fixed(sweep.gap, 3)} ± ${fixed(sweep.gapError, 4)}`);
console.log(`sweep notes: ${sweep.notes.join(' | ')}`);
const codes = Float64Array.from(segments(sampled.segmentsIpc), (s) => s + 1);
const v = await time('validation, 20 bootstraps, sampled', () =>
  runValidateJob({ raw: raw(), spec, codes, segments: Array.from({ length: 8 }, (_, c) => `${c + 1}`), values: null, minShare: 0.05, bootstrap: 20, seed: 42 }));
console.log(`jaccard: ${v.segments.map((s) => `${s.jaccard!.toFixed(4)}±${s.jaccardError!.toFixed(4)}`).join(' ')}; silhouette ${v.silhouette.toFixed(4)} ± ${v.silhouetteSample?.error.toFixed(4)} on ${v.silhouetteSample?.size} rows`);
// scikit-learn's k-means++ fit with 10 restarts on the same prepared matrix, 2 OpenMP threads.
const peer = `
import sys, time, json, resource, numpy as np
from sklearn.cluster import KMeans
X = np.fromfile(sys.argv[1], dtype='<f8').reshape(-1, ${d})
t0 = time.perf_counter(); c0 = time.process_time()
m = KMeans(n_clusters=8, init='k-means++', n_init=10, max_iter=300, tol=1e-4, algorithm='lloyd', random_state=42).fit(X)
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'cpu': (time.process_time() - c0) * 1000, 'inertia': float(m.inertia_)}))
`;
if (existsSync('/usr/bin/python3')) {
  const dir = mkdtempSync(join(tmpdir(), 'segbook-sampled-'));
  try {
    const prepared = prepareFeatures(raw(), spec).matrix;
    writeFileSync(join(dir, 'x'), new Uint8Array(prepared.data.buffer));
    const env = { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2', OMP_WAIT_POLICY: 'PASSIVE' };
    const run = spawnSync('/usr/bin/python3', ['-c', peer, join(dir, 'x')], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    const sk = JSON.parse(run.stdout.trim().split('\n').pop()!);
    console.log(`scikit-learn KMeans(k=8, n_init=10), 2 threads: ${Math.round(sk.ms).toLocaleString('en')} ms (CPU ${Math.round(sk.cpu).toLocaleString('en')} ms, load ${loadavg()[0].toFixed(1)}); ` +
      `inertia ratio Segbook sampled / scikit-learn ${(sampled.inertia / sk.inertia).toFixed(6)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const cost = { n, d, ks: [2, 3, 4, 5, 6, 7, 8, 9, 10], nInit: 10, references: 5 };
console.log(`estimates: sweep exact ${Math.round(sweepSeconds(cost, null))} s, sampled ${sweepSeconds(cost, 20_000).toFixed(1)} s; ` +
  `validation exact ${Math.round(validationSeconds({ n, d, k: 8, bootstrap: 20 }, null))} s, sampled ${validationSeconds({ n, d, k: 8, bootstrap: 20 }, 20_000).toFixed(1)} s`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
