import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';
// Idle OpenMP threads sleep instead of spinning: on a busy 2-core machine a spinning thread starves
// its partner and 2 threads ran 10-100x slower than 1. BENCH_OMP_SPIN=1 keeps OpenMP's default.
const PASSIVE = process.env.BENCH_OMP_SPIN ? {} : { OMP_WAIT_POLICY: 'PASSIVE' };

// The app's settings: k-means++ with 10 starts, 300 iterations, tol 1e-4 (src/engine/new-cell.ts);
// a silhouette on a 10,000-row sample above 20,000 rows (src/ml/metrics.ts); the gap statistic
// on at most 20,000 rows with 5 uniform reference sets and min(nInit, 3) starts (src/ml/sweep-job.ts);
// 20 bootstrap refits with 3 starts for stability (src/ml/validate-job.ts).
const SCRIPT = `
import sys, time, json, numpy as np
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import silhouette_score, davies_bouldin_score, calinski_harabasz_score
job = json.loads(sys.argv[1])
raw = np.fromfile(job['x'], dtype='<f8').reshape(job['n'], job['d'])
def prep(a):
    a = a.copy()
    a[:, job['logged']] = np.log1p(a[:, job['logged']])
    return StandardScaler().fit_transform(a)
def fit(X, k, n_init, seed):
    return KMeans(n_clusters=k, init='k-means++', n_init=n_init, max_iter=300, tol=1e-4, random_state=seed, algorithm='lloyd').fit(X)
def sil(X, labels, seed):
    if X.shape[0] > 20000:
        return silhouette_score(X, labels, sample_size=10000, random_state=seed)
    return silhouette_score(X, labels)
def metrics(X, labels, seed):
    return sil(X, labels, seed), davies_bouldin_score(X, labels), calinski_harabasz_score(X, labels)
rng = np.random.default_rng(job['seed'])
op, k, seed = job['op'], job['k'], job['seed']
if op == 'prep':
    t0 = time.perf_counter(); X = prep(raw); ms = (time.perf_counter() - t0) * 1000
else:
    X = prep(raw)
    t0 = time.perf_counter()
    if op == 'kmeans':
        fit(X, k, 10, seed)
    elif op == 'sweep':
        for kk in range(2, 11):
            metrics(X, fit(X, kk, 10, seed).labels_, seed)
        S = X[rng.choice(X.shape[0], 20000, replace=False)] if X.shape[0] > 20000 else X
        lo, hi = S.min(axis=0), S.max(axis=0)
        for kk in range(2, 11):
            fit(S, kk, 3, seed)
            for b in range(5):
                fit(rng.uniform(lo, hi, S.shape), kk, 3, seed + b)
    elif op == 'validate':
        labels = fit(X, k, 10, seed).labels_
        t0 = time.perf_counter()
        metrics(X, labels, seed)
        for b in range(20):
            pick = rng.integers(0, X.shape[0], X.shape[0])
            fit(X[pick], k, 3, seed + b)
    ms = (time.perf_counter() - t0) * 1000
print(json.dumps({'ms': ms}))
`;

export type SklearnStage = 'prep' | 'kmeans' | 'sweep' | 'validate';

export interface SklearnInput {
  /** Raw features as float64 rows, before log1p and scaling. */
  path: string;
  n: number;
  d: number;
  logged: number[];
  k: number;
}

/**
 * One pipeline stage in scikit-learn with `threads` OpenMP/BLAS threads, on the same rows the tab
 * clusters. For 'validate' the labels come from a fit that is not timed, as the app's validation
 * reads a finished cluster cell.
 */
export function sklearnStage(stage: SklearnStage, input: SklearnInput, threads: number): number {
  const spec = JSON.stringify({ op: stage, x: input.path, n: input.n, d: input.d, logged: input.logged, k: input.k, seed: 42 });
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), ...PASSIVE };
  const run = spawnSync(PYTHON, ['-c', SCRIPT, spec], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`scikit-learn failed in ${stage}: ${run.stderr.trim().split('\n').pop()}`);
  return Number(JSON.parse(run.stdout.trim().split('\n').pop()!).ms);
}
