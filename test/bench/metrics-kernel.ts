// `npx tsx test/bench/metrics-kernel.ts`: times exact silhouette at 20k x 6 and Davies-Bouldin and
// Calinski-Harabasz at 1M x 6 on seeded blobs, then scikit-learn on the very same matrices (through
// /usr/bin/python3 with 1 and 2 OpenMP/BLAS threads) when it is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matrix, type FeatureMatrix } from '../../src/ml/matrix.ts';
import { calinskiHarabasz, daviesBouldin, silhouetteSamples } from '../../src/ml/metrics.ts';
import { Random } from '../../src/ml/random.ts';

const D = 6;
const K = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function blobs(n: number, seed: number): { m: FeatureMatrix; labels: Int32Array } {
  const rng = new Random(seed);
  const centres = Float64Array.from({ length: K * D }, () => rng.next() * 20 - 10);
  const data = new Float64Array(n * D);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(K);
    labels[i] = c;
    for (let t = 0; t < D; t++) {
      const gauss = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      data[i * D + t] = centres[c * D + t] + 2 * gauss;
    }
  }
  return { m: matrix(data, n, D), labels };
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function time(rounds: number, run: () => number): { ms: number; value: number } {
  const times: number[] = [];
  let value = NaN;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    value = run();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), value };
}

const small = blobs(20_000, 1);
const large = blobs(1_000_000, 2);
const sil = time(Math.max(1, Math.min(ROUNDS, 3)), () => {
  const s = silhouetteSamples(small.m, small.labels, K);
  return s.reduce((a, b) => a + b, 0) / s.length;
});
const db = time(ROUNDS, () => daviesBouldin(large.m, large.labels, K));
const ch = time(ROUNDS, () => calinskiHarabasz(large.m, large.labels, K));

const rows: [string, string, string][] = [['kernel', 'Segbook (Node)', 'value']];
rows.push(['exact silhouette, 20k x 6', `${Math.round(sil.ms)} ms`, sil.value.toFixed(12)]);
rows.push(['Davies-Bouldin, 1M x 6', `${Math.round(db.ms)} ms`, db.value.toFixed(12)]);
rows.push(['Calinski-Harabasz, 1M x 6', `${Math.round(ch.ms)} ms`, ch.value.toFixed(12)]);
for (const r of rows) console.log(r[0].padEnd(28), r[1].padStart(16), '  ', r[2]);

const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import sys, time, numpy as np
from sklearn.metrics import silhouette_score, davies_bouldin_score, calinski_harabasz_score
d, rounds = ${D}, int(sys.argv[2])
def load(name):
    X = np.fromfile(f"{sys.argv[1]}/{name}.x", dtype="<f8").reshape(-1, d)
    return X, np.fromfile(f"{sys.argv[1]}/{name}.y", dtype="<i4")
def med(f, r):
    ts, v = [], None
    for _ in range(r):
        t0 = time.perf_counter(); v = f(); ts.append(time.perf_counter() - t0)
    return sorted(ts)[len(ts) // 2] * 1000, v
Xs, ys = load("small"); Xl, yl = load("large")
for name, (ms, v) in [("silhouette", med(lambda: silhouette_score(Xs, ys), min(rounds, 3))),
                      ("davies_bouldin", med(lambda: davies_bouldin_score(Xl, yl), rounds)),
                      ("calinski_harabasz", med(lambda: calinski_harabasz_score(Xl, yl), rounds))]:
    print(name, ms, repr(float(v)))
`;

async function scikitLearn(): Promise<void> {
  if (!existsSync(PYTHON)) return console.log('\nscikit-learn: /usr/bin/python3 not found, skipped');
  const dir = await mkdtemp(join(tmpdir(), 'segbook-metrics-'));
  try {
    for (const [name, set] of [['small', small], ['large', large]] as const) {
      await writeFile(join(dir, `${name}.x`), new Uint8Array(set.m.data.buffer));
      await writeFile(join(dir, `${name}.y`), new Uint8Array(set.labels.buffer));
    }
    for (const threads of ['1', '2']) {
      const env = { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads };
      const run = spawnSync(PYTHON, ['-c', SCRIPT, dir, String(ROUNDS)], { env, encoding: 'utf8' });
      if (run.status !== 0) {
        console.log(`\nscikit-learn (${threads} thread${threads === '1' ? '' : 's'}): not available\n${run.stderr.trim().split('\n').pop()}`);
        continue;
      }
      console.log(`\nscikit-learn, ${threads} thread${threads === '1' ? '' : 's'}:`);
      for (const line of run.stdout.trim().split('\n')) {
        const [name, ms, value] = line.split(' ');
        console.log(name.padEnd(28), `${Math.round(Number(ms))} ms`.padStart(16), '  ', Number(value).toFixed(12));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await scikitLearn();
