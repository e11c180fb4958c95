import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataset, initialCentroids, type DatasetKind } from './datasets.ts';

const PYTHON = '/usr/bin/python3';
// Idle OpenMP threads sleep instead of spinning: on a busy 2-core machine a spinning thread starves
// its partner and 2 threads ran 10-100x slower than 1. BENCH_OMP_SPIN=1 keeps OpenMP's default.
const PASSIVE = process.env.BENCH_OMP_SPIN ? {} : { OMP_WAIT_POLICY: 'PASSIVE' };

const SCRIPT = `
import sys, time, json, numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score, davies_bouldin_score, calinski_harabasz_score
job = json.loads(sys.argv[1])
X = np.fromfile(job['x'], dtype='<f8').reshape(job['n'], job['d'])
if job['op'] == 'kmeans':
    init = np.fromfile(job['init'], dtype='<f8').reshape(job['k'], job['d'])
    t0 = time.perf_counter()
    m = KMeans(n_clusters=job['k'], init=init, n_init=1, max_iter=job['maxIter'], tol=0, algorithm='lloyd').fit(X)
    print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'iterations': int(m.n_iter_), 'value': float(m.inertia_)}))
else:
    y = np.fromfile(job['y'], dtype='<i4')
    f = {'silhouette': silhouette_score, 'daviesBouldin': davies_bouldin_score, 'calinskiHarabasz': calinski_harabasz_score}[job['op']]
    t0 = time.perf_counter(); v = f(X, y)
    print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'value': float(v)}))
`;

export interface PeerJob {
  op: 'kmeans' | 'silhouette' | 'daviesBouldin' | 'calinskiHarabasz';
  kind: DatasetKind;
  n: number;
  d: number;
  k: number;
  maxIter?: number;
  seed: number;
}

/** True when Debian's python3-sklearn is installed. */
export function sklearnAvailable(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;
}

/** Runs the same job in scikit-learn, on the same seeded data, with `threads` OpenMP threads. */
export async function sklearn(job: PeerJob, threads: number): Promise<{ ms: number; iterations?: number; value: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'segbook-peer-'));
  try {
    const { m, labels } = dataset(job.kind, job.n, job.d, job.k, job.seed);
    await writeFile(join(dir, 'x'), new Uint8Array(m.data.buffer));
    await writeFile(join(dir, 'y'), new Uint8Array(labels.buffer));
    await writeFile(join(dir, 'init'), new Uint8Array(initialCentroids(m, job.k, job.seed).buffer));
    const spec = JSON.stringify({ ...job, x: join(dir, 'x'), y: join(dir, 'y'), init: join(dir, 'init') });
    const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), ...PASSIVE };
    const run = spawnSync(PYTHON, ['-c', SCRIPT, spec], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`scikit-learn failed: ${run.stderr.trim().split('\n').pop()}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
