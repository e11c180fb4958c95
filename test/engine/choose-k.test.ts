import { describe, expect, it } from 'vitest';
import { chooseK, elbowK, gapK, K_RULE } from '../../src/engine/choose-k.ts';
import { gapStatistic } from '../../src/ml/gap.ts';
import { kmeans } from '../../src/ml/kmeans.ts';
import { Random } from '../../src/ml/random.ts';
import type { SweepResult } from '../../src/ml/sweep-job.ts';

/** A sweep over k = 2..8 whose metrics each peak where asked. */
function sweep(best: { silhouette: number; db: number; ch: number; gap: number | null; elbow: number }): SweepResult {
  const k = [2, 3, 4, 5, 6, 7, 8];
  const peak = (at: number, top: number) => k.map((x) => top - Math.abs(x - at) * 0.1);
  // Inertia falling steeply to the elbow and slowly after it.
  const inertia = k.map((x) => (x <= best.elbow ? 1000 - (x - 2) * 200 : 1000 - (best.elbow - 2) * 200 - (x - best.elbow) * 10));
  // Gap rising by more than its error until the chosen k, then flat; rising throughout when null.
  const gap = k.map((x) => (best.gap === null ? x : Math.min(x, best.gap)));
  return {
    k, inertia, silhouette: peak(best.silhouette, 0.6), silhouetteError: k.map(() => 0), silhouetteSample: null,
    daviesBouldin: peak(best.db, 1).map((v) => 2 - v), calinskiHarabasz: peak(best.ch, 500).map((v) => v * 10),
    gap, gapError: k.map(() => 0.05), gapSample: null, fitSample: null, notes: [],
  };
}

describe("each metric's own best k", () => {
  it('is stated in one sentence per metric: elbow, silhouette, Davies-Bouldin, Calinski-Harabasz and gap', () => {
    const choice = chooseK(sweep({ elbow: 4, silhouette: 5, db: 3, ch: 6, gap: 7 }));
    expect(choice.best.map((b) => [b.metric, b.k])).toEqual([['elbow', 4], ['silhouette', 5], ['daviesBouldin', 3], ['calinskiHarabasz', 6], ['gap', 7]]);
    expect(choice.best.map((b) => b.statement)).toEqual([
      'Inertia elbow: k = 4 (where the inertia curve bends most: more segments after it explain little more).',
      'Silhouette: k = 5 (highest, 0.60).',
      'Davies-Bouldin: k = 3 (lowest, 1.00).',
      'Calinski-Harabasz: k = 6 (highest, 5,000).',
      "Gap statistic: k = 7 (the first k whose gap is within one standard error of the next k's).",
    ]);
  });

  it('says the gap statistic names no k when it keeps rising to the last k', () => {
    const choice = chooseK(sweep({ elbow: 4, silhouette: 4, db: 4, ch: 4, gap: null }));
    expect(choice.best.at(-1)).toEqual({ metric: 'gap', label: 'Gap statistic', k: null, statement: 'Gap statistic: still rising at k = 8, so it names no k up to 8.' });
  });

  it("finds the gap statistic's k exactly as the gap kernel's Tibshirani rule does", () => {
    const rng = new Random(5);
    const n = 300;
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) (data[2 * i] = (i % 3) * 5 + rng.next()), (data[2 * i + 1] = rng.next());
    const ks = [2, 3, 4, 5, 6];
    const g = gapStatistic({ data, n, d: 2 }, ks, 5, 1, (m, k, seed) => kmeans(m, { k, nInit: 2, maxIter: 100, tol: 1e-6, seed }).inertia);
    expect(gapK(ks, Array.from(g.gap), Array.from(g.sk))).toBe(g.bestK);
  });

  it('puts the elbow where the inertia curve is farthest below the straight line from first to last', () => {
    expect(elbowK([1, 2, 3, 4, 5], [100, 40, 20, 15, 12])).toBe(2);
    expect(elbowK([1, 2, 3], [10, 5, 0])).toBeNull();
  });
});

describe('the pick', () => {
  it('is the k most metrics name, said with the metrics that name it', () => {
    const choice = chooseK(sweep({ elbow: 5, silhouette: 5, db: 5, ch: 3, gap: 6 }));
    expect(choice.recommended).toBe(5);
    expect(choice.reason).toBe('k = 5: named by Inertia elbow, Silhouette and Davies-Bouldin.');
    expect(choice.agreement).toBe('3 of 5 metrics agree on k = 5: the data show about 5 distinct groups. The others point to k = 3 and k = 6.');
    expect(choice.rule).toBe(K_RULE);
  });

  it('goes to the smaller k on a tie', () => {
    const choice = chooseK(sweep({ elbow: 4, silhouette: 6, db: 4, ch: 6, gap: 7 }));
    expect(choice.recommended).toBe(4);
    expect(choice.agreement).toMatch(/^Only 2 of 5 metrics agree on k = 4\. The others point to k = 6 and k = 7\. The groups overlap/);
  });

  it('is not k = 2 when only two metrics name it, and says k = 2 needs three', () => {
    const choice = chooseK(sweep({ elbow: 4, silhouette: 2, db: 2, ch: 5, gap: 6 }));
    expect(choice.recommended).toBe(4);
    expect(choice.rule).toContain('two segments mostly split customers into "more" and "less"');
    expect(choice.rule).toContain('A k outside that range is picked only when at least 3 of the 5 metrics name it.');
  });

  it('is k = 2 when three metrics name it', () => {
    const choice = chooseK(sweep({ elbow: 4, silhouette: 2, db: 2, ch: 2, gap: 6 }));
    expect(choice.recommended).toBe(2);
    expect(choice.reason).toBe('k = 2: named by Silhouette, Davies-Bouldin and Calinski-Harabasz.');
  });

  it('when no two metrics agree, takes the most-named k in 3 to 8 and says the data show no clear number', () => {
    const choice = chooseK(sweep({ elbow: 3, silhouette: 4, db: 5, ch: 6, gap: 7 }));
    expect(choice.recommended).toBe(3);
    expect(choice.agreement).toBe(
      'The metrics do not agree on any k. The others point to k = 4, k = 5, k = 6 and k = 7. The data show no clear number of groups: choose k by the segments you can act on, and check that they are stable.',
    );
  });

  it('falls back to the highest silhouette in 3 to 8 when every metric names a k outside it', () => {
    const s = sweep({ elbow: 2, silhouette: 2, db: 8, ch: 2, gap: 2 });
    const wide = { ...s, k: [2, 3, 4, 9], inertia: [800, 790, 780, 100], silhouette: [0.6, 0.5, 0.55, 0.3], daviesBouldin: [0.5, 0.9, 0.8, 0.4], calinskiHarabasz: [900, 800, 700, 600], gap: [1, 1, 1, 1], gapError: [0, 0, 0, 0] };
    const choice = chooseK({ ...wide, silhouetteError: [0, 0, 0, 0] });
    // An inertia curve that bends the wrong way has no elbow; silhouette, Calinski-Harabasz and gap name k = 2: a majority.
    expect(choice.recommended).toBe(2);
    const split = chooseK({ ...wide, silhouetteError: [0, 0, 0, 0], calinskiHarabasz: [600, 700, 800, 900] });
    expect(split.recommended).toBe(4);
    expect(split.reason).toBe('k = 4: no metric names a k in 3 to 8, so the highest silhouette in that range.');
  });
});
