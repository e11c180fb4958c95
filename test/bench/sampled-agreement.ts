// Issue 16 asks the bench to show at full size that sampling gives the same answer as the full
// computation. On the 1M/10M set's own features (as the pipeline prepares them), in Node on this
// thread: the k-means fit with its restarts on a sample against the fit with every restart on
// every row, and validation's bootstrap as the app runs it against every resample re-clustered
// with its restarts on every row. The sweep has no full computation to compare at this size: its
// exact silhouettes alone would take hours (the estimate the app shows before an exact run).
import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { adjustedRandIndex } from '../../src/ml/agreement.ts';
import { runClusterJob, type ClusterJob } from '../../src/ml/cluster-job.ts';
import { prepareFeatures, type FeatureSpec, type RawFeatures } from '../../src/ml/preprocess.ts';
import { RESTART_SAMPLE_ROWS, SAMPLE_ROWS, SETTLE_PER_SAMPLE, SETTLED_PASSES, sampleRows } from '../../src/ml/sampling.ts';
import { validationBootstrap } from '../../src/ml/validate-bootstrap.ts';
import { kmeans, kmeansPlusPlus } from '../../src/ml/kmeans.ts';
import { Random } from '../../src/ml/random.ts';

const BOOTSTRAPS = 20;

/** Lines for the bench's notes: what the sampled and the full computations gave, and whether they agree. */
export async function sampledAgreementLines(path: string, d: number, logged: number[], k: number): Promise<string[]> {
  const bytes = await readFile(path);
  const rows = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const n = rows.length / d;
  // The pipeline's features SQL takes ln(1 + x) of the logged columns; the cell scales them all.
  const numeric = Array.from({ length: d }, (_, j) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = logged.includes(j) ? Math.log1p(rows[i * d + j]) : rows[i * d + j];
    return column;
  });
  const raw = (): RawFeatures => ({ n, numeric: numeric.map((c) => c.slice()), categorical: [], categories: [] });
  const spec: FeatureSpec = { numeric: numeric.map((_, j) => ({ column: `x${j}`, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' };
  const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const lines: string[] = [];

  const job: ClusterJob = { raw: raw(), rowids: new Float64Array(n), spec, algorithm: 'kmeans', k, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 };
  let t0 = performance.now();
  const sampled = runClusterJob(job);
  const sampledTime = seconds(t0);
  t0 = performance.now();
  const exact = runClusterJob({ ...job, raw: raw(), sample: null });
  const exactTime = seconds(t0);
  // The full computation against itself from another seed: how far apart two equally good
  // answers on this set are, the yardstick for the sampled fit's ARI.
  const other = runClusterJob({ ...job, raw: raw(), sample: null, seed: job.seed + 1 });
  const segments = (ipc: Uint8Array) => Int32Array.from(tableFromIPC(ipc).getChild('segment')!.toArray(), (s) => Number(s) - 1);
  const labels = segments(sampled.segmentsIpc);
  const exactLabels = segments(exact.segmentsIpc);
  const ari = adjustedRandIndex(labels, exactLabels);
  lines.push(
    `Sampled against full, 1M/10M features (${n.toLocaleString('en')} x ${d}, k = ${k}, Node, one thread): the fit with its 10 restarts on ${RESTART_SAMPLE_ROWS.toLocaleString('en')} rows (${sampledTime}) ` +
      `against every restart on every row (${exactTime}): ARI ${ari.toFixed(4)}, inertia ratio ${(sampled.inertia / exact.inertia).toFixed(5)}. ` +
      `The full computation against itself with seed ${job.seed + 1}: ARI ${adjustedRandIndex(exactLabels, segments(other.segmentsIpc)).toFixed(4)}, inertia ratio ${(other.inertia / exact.inertia).toFixed(5)}.`,
  );

  // "From the same start": the best restart on the sample began from its k-means++ centres;
  // Lloyd on every row from those same centres is the full computation the sampled fit stands for.
  const m = prepareFeatures(raw(), spec).matrix;
  const sample = sampleRows(m, RESTART_SAMPLE_ROWS, job.seed).matrix;
  const root = new Random(job.seed);
  let best: { inertia: number; start: Float64Array } | null = null;
  for (let r = 0; r < job.nInit; r++) {
    const start = kmeansPlusPlus(sample, k, root.fork(r));
    const restart = kmeans(sample, { k, nInit: 1, maxIter: 300, tol: 1e-4, seed: job.seed, init: start });
    if (best === null || restart.inertia < best.inertia) best = { inertia: restart.inertia, start };
  }
  const sameStart = kmeans(m, { k, nInit: 1, maxIter: 300, tol: 1e-4, seed: job.seed, init: best!.start });
  lines.push(
    `The sampled fit against Lloyd on every row from the same start (the best sampled restart's k-means++ centres): ARI ${adjustedRandIndex(labels, sameStart.labels).toFixed(4)}, ` +
      `inertia ratio ${(sampled.inertia / sameStart.inertia).toFixed(5)}.`,
  );
  const fit = { k, nInit: 3, maxIter: 300, tol: 1e-4 };
  t0 = performance.now();
  const app = validationBootstrap({ m, labels, B: BOOTSTRAPS, seed: 7, fit: { ...fit, sample: SAMPLE_ROWS, settle: SAMPLE_ROWS * SETTLE_PER_SAMPLE } });
  const appTime = seconds(t0);
  t0 = performance.now();
  const full = validationBootstrap({ m, labels, B: BOOTSTRAPS, seed: 7, fit: { ...fit, sample: null, settle: null } });
  const fullTime = seconds(t0);
  const within = Array.from(app.jaccard, (j, c) => Math.abs(j - full.jaccard[c]) <= 2 * Math.hypot(app.jaccardError[c], full.jaccardError[c]));
  const each = Array.from(app.jaccard, (j, c) => `${j.toFixed(3)} ± ${app.jaccardError[c].toFixed(3)} against ${full.jaccard[c].toFixed(3)} ± ${full.jaccardError[c].toFixed(3)}`);
  lines.push(
    `Validation's ${BOOTSTRAPS} bootstrap re-clusterings as the app runs them (restarts on ${SAMPLE_ROWS.toLocaleString('en')} rows, convergence on ` +
      `${(SAMPLE_ROWS * SETTLE_PER_SAMPLE).toLocaleString('en')}, at most ${SETTLED_PASSES} passes over all; ${appTime}) against 3 restarts on every row of each resample (${fullTime}): ` +
      `per-segment Jaccard ${each.join('; ')}. Within the stated error (2 standard errors of the difference): ${within.filter(Boolean).length} of ${within.length} segments.`,
  );
  return lines;
}
