import { describe, expect, it } from 'vitest';
import type { MlNote } from '../../src/ml/notes.ts';
import { kmeans } from '../../src/ml/kmeans.ts';
import { sampledStart } from '../../src/ml/kmeans-sampled.ts';
import { loadOracle, oraclesAvailable } from './oracles.ts';

describe.skipIf(!oraclesAvailable)('k-means restarts on a sample against scikit-learn', () => {
  it.each(['blobs', 'online_retail_rfm'])("%s: the best of 10 restarts on half the rows, then Lloyd on all, is within 1% of scikit-learn's best inertia", (name) => {
    const { standardized: m, expected } = loadOracle(name);
    const notes: MlNote[] = [];
    const options = sampledStart(m, { sample: Math.floor(m.n / 2), seed: 42 }, { k: expected.k, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 }, notes);
    expect(options.init).toBeDefined();
    expect(notes).toEqual([{ kind: 'sampled-restarts', restarts: 10, sample: Math.floor(m.n / 2), rows: m.n }]);
    const fit = kmeans(m, options);
    expect(fit.inertia).toBeLessThanOrEqual(expected.kmeans_plusplus_best_inertia * 1.01);
  });

  it('leaves the options alone when exact, or when the table is no larger than the sample', () => {
    const { standardized: m } = loadOracle('blobs');
    const options = { k: 4, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 };
    expect(sampledStart(m, { sample: null, seed: 42 }, options, [])).toBe(options);
    expect(sampledStart(m, { sample: m.n, seed: 42 }, options, [])).toBe(options);
  });
});
