// Times the sampled sweep, validation and k-means fit on 1M x 6 planted blobs in Node, against
// the exact fit, on this thread (the same job functions the ML worker runs). Usage:
//   npx tsx test/bench/sampled-million.ts [rows]
import { tableFromIPC } from 'apache-arrow';
import { adjustedRandIndex } from '../../src/ml/agreement.ts';
import { runClusterJob, type ClusterJob } from '../../src/ml/cluster-job.ts';
import type { FeatureSpec, RawFeatures } from '../../src/ml/preprocess.ts';
import { Random } from '../../src/ml/random.ts';
import { sweepSeconds, validationSeconds } from '../../src/ml/sampling.ts';
import { runSweepJob } from '../../src/ml/sweep-job.ts';
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
const time = <T>(label: string, f: () => T): T => {
  const start = performance.now();
  const out = f();
  console.log(`${label}: ${Math.round(performance.now() - start).toLocaleString('en')} ms`);
  return out;
};
const segments = (ipc: Uint8Array) => Int32Array.from(tableFromIPC(ipc).getChild('segment')!.toArray(), (s) => Number(s) - 1);

const job: ClusterJob = { raw: raw(), rowids: new Float64Array(n), spec, algorithm: 'kmeans', k: 8, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 };
const sampled = time('fit, 10 restarts on a 50,000-row sample, then Lloyd on all', () => runClusterJob(job));
const exact = time('fit, 10 restarts on every row (exact)', () => runClusterJob({ ...job, raw: raw(), sample: null }));
console.log(`ARI sampled against exact: ${adjustedRandIndex(segments(sampled.segmentsIpc), segments(exact.segmentsIpc)).toFixed(5)}; inertia ratio ${(sampled.inertia / exact.inertia).toFixed(6)}`);
const sweep = time('sweep k = 2..10, 5 gap reference sets, sampled', () =>
  runSweepJob({ raw: raw(), spec, min: 2, max: 10, references: 5, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 }));
console.log(`sweep notes: ${sweep.notes.join(' | ')}`);
const codes = Float64Array.from(segments(sampled.segmentsIpc), (s) => s + 1);
const v = time('validation, 20 bootstraps, sampled', () =>
  runValidateJob({ raw: raw(), spec, codes, segments: Array.from({ length: 8 }, (_, c) => `${c + 1}`), values: null, minShare: 0.05, bootstrap: 20, seed: 42 }));
console.log(`jaccard: ${v.segments.map((s) => `${s.jaccard!.toFixed(3)}±${s.jaccardError!.toFixed(3)}`).join(' ')}`);
const cost = { n, d, ks: [2, 3, 4, 5, 6, 7, 8, 9, 10], nInit: 10, references: 5 };
console.log(`estimates: sweep exact ${Math.round(sweepSeconds(cost, null))} s, sampled ${sweepSeconds(cost, 20_000).toFixed(1)} s; ` +
  `validation exact ${Math.round(validationSeconds({ n, d, k: 8, bootstrap: 20 }, null))} s, sampled ${validationSeconds({ n, d, k: 8, bootstrap: 20 }, 20_000).toFixed(1)} s`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
