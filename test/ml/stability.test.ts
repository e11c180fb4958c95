import { describe, expect, it } from 'vitest';
import { Cancelled } from '../../src/cancelled.ts';
import { matrix, type FeatureMatrix } from '../../src/ml/matrix.ts';
import { bootstrapStability } from '../../src/ml/stability.ts';
import { gaussianBlobs, lloyd, uniformCube } from './synthetic.ts';

const kmeansOnce = (m: FeatureMatrix, k: number, seed: number) => lloyd(m, k, seed, 1).labels;

describe('bootstrap stability', () => {
  it('gives Jaccard and ARI of 1 for well-separated blobs', () => {
    const { m } = gaussianBlobs([[0, 0], [10, 0], [5, 9]], 100, 1, 4);
    const labels = lloyd(m, 3, 1).labels;
    // Three restarts, as the app's re-clusterings have: a single k-means++ start sometimes puts two
    // seeds in one blob, which is a local optimum of the re-clustering, not instability of the blobs.
    const r = bootstrapStability(m, labels, 3, 20, 7, (sample, k, seed) => lloyd(sample, k, seed, 3).labels);
    for (const j of r.jaccard) expect(j).toBeGreaterThan(0.99);
    expect(r.meanAri).toBeGreaterThan(0.99);
    expect(r.aris).toHaveLength(20);
  });

  it('gives low Jaccard and ARI for k-means on uniform noise', () => {
    const m = uniformCube(300, 6, 5);
    const r = bootstrapStability(m, lloyd(m, 6, 1).labels, 6, 20, 7, kmeansOnce);
    const meanJaccard = r.jaccard.reduce((a, j) => a + j, 0) / 6;
    expect(meanJaccard).toBeLessThan(0.6);
    expect(r.meanAri).toBeLessThan(0.5);
  });

  // The matrix holds each row's own index, so `recluster` can tell which rows were drawn.
  const ids = matrix(Float64Array.from({ length: 40 }, (_, i) => i), 40, 1);
  const halves = Int32Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));

  it('compares on the distinct rows drawn: a recluster that returns the original labels scores 1', () => {
    const r = bootstrapStability(ids, halves, 2, 5, 1, (sample) => Int32Array.from(sample.data, (row) => halves[row]));
    expect(Array.from(r.jaccard)).toEqual([1, 1]);
    expect(r.meanAri).toBe(1);
  });

  it('a recluster that puts everything together scores ARI 0 and Jaccard of each half against all rows drawn', () => {
    const drawn: number[][] = [];
    const r = bootstrapStability(ids, halves, 2, 5, 1, (sample) => {
      drawn.push([...new Set(sample.data)]);
      return new Int32Array(sample.n);
    });
    expect(r.meanAri).toBe(0);
    const expected0 = drawn.reduce((a, rows) => a + rows.filter((row) => row < 20).length / rows.length, 0) / 5;
    expect(r.jaccard[0]).toBeCloseTo(expected0, 14);
  });

  it('never draws rows labelled -1, and is reproducible from its seed', () => {
    const partly = Int32Array.from(halves, (l, i) => (i % 5 === 0 ? -1 : l));
    const seen = new Set<number>();
    const run = () =>
      bootstrapStability(ids, partly, 2, 4, 3, (sample) => {
        for (const row of sample.data) seen.add(row);
        return Int32Array.from(sample.data, (row) => (row < 30 ? 0 : 1));
      });
    const first = run();
    for (const row of seen) expect(row % 5).not.toBe(0);
    expect(Array.from(run().aris)).toEqual(Array.from(first.aris));
  });

  it('reports progress per sample and stops with Cancelled when asked', () => {
    const seen: string[] = [];
    bootstrapStability(ids, halves, 2, 3, 1, (s) => new Int32Array(s.n), { onProgress: (done, total) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
    let checks = 0;
    expect(() => bootstrapStability(ids, halves, 2, 3, 1, (s) => new Int32Array(s.n), { shouldStop: () => ++checks > 1 })).toThrow(Cancelled);
  });

  it('rejects a bad B and a recluster that returns the wrong number of labels, naming the value', () => {
    expect(() => bootstrapStability(ids, halves, 2, 0, 1, (s) => new Int32Array(s.n))).toThrow('B must be a positive integer, got 0');
    expect(() => bootstrapStability(ids, halves, 2, 1, 1, () => new Int32Array(3))).toThrow('recluster returned 3 labels for a sample of 40 rows');
  });
});
