import { describe, expect, it } from 'vitest';
import type { GapJob } from '../../src/ml/gap-job.ts';
import { runGapJob } from '../../src/ml/gap-job.ts';
import type { RawFeatures } from '../../src/ml/preprocess.ts';
import { Random } from '../../src/ml/random.ts';
import { runSweepJob, runSweepJobWith, type SweepJob } from '../../src/ml/sweep-job.ts';

/** Three loose groups in two columns. */
function job(): SweepJob {
  const rng = new Random(3);
  const n = 600;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    x[i] = g * 4 + rng.next() * 3;
    y[i] = (g === 1 ? 5 : 0) + rng.next() * 3;
  }
  const raw: RawFeatures = { n, numeric: [x, y], categorical: [], categories: [] };
  return {
    raw,
    spec: { numeric: ['x', 'y'].map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' },
    min: 2, max: 6, references: 4, nInit: 3, maxIter: 100, tol: 1e-4, seed: 9,
  };
}

describe('k sweep with the gap statistic elsewhere', () => {
  it('gives exactly the result of the one-thread sweep when the gap statistic runs on a copy of its rows', async () => {
    const alone = runSweepJob(job());
    let received: GapJob | null = null;
    const together = await runSweepJobWith(job(), undefined, (gap) => {
      received = gap;
      // What a worker would see: a structured copy.
      return Promise.resolve({ result: Promise.resolve(runGapJob(structuredClone(gap))) });
    });
    expect(received).not.toBeNull();
    expect(together).toEqual(alone);
    expect(together.gap.every(Number.isFinite)).toBe(true);
  });

  it('runs the gap statistic itself when no second worker can start, or when it fails', async () => {
    const alone = runSweepJob(job());
    expect(await runSweepJobWith(job(), undefined, () => Promise.resolve(null))).toEqual(alone);
    expect(await runSweepJobWith(job(), undefined, () => Promise.resolve({ result: Promise.reject(new Error('worker died')) }))).toEqual(alone);
    expect(await runSweepJobWith(job(), undefined, () => Promise.reject(new Error('no worker')))).toEqual(alone);
  });
});
