import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { KSweep } from '../../src/engine/choose-k.ts';
import { sweepClusterCell } from '../../src/engine/cells/cluster/cluster-cell.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { PLANTED, preparePlanted } from './k-choice/planted.ts';

interface SklearnMetrics {
  n: number;
  k: number[];
  inertia: number[];
  silhouette: number[];
  davies_bouldin: number[];
  calinski_harabasz: number[];
}

/** scikit-learn's metrics on the same matrices and labels (k-choice/sklearn-metrics.py). */
const SKLEARN: Record<string, SklearnMetrics> = JSON.parse(readFileSync(resolve(import.meta.dirname, 'k-choice/sklearn-metrics.json'), 'utf-8')).datasets;

/** b2c, b2b and saas recover their planted number; retail's RFM (6 planted, overlapping by design) gives 3 with the reason. */
const PICKS: Record<string, number> = { retail: 3, b2c: 6, b2b: 5, saas: 5 };

const argBest = (ks: number[], values: number[], sign: 1 | -1) => ks[values.reduce((b, v, i) => (sign * v > sign * values[b] ? i : b), 0)];

describe.each(PLANTED)('the k sweep of the planted $name data ($planted segments)', (p) => {
  let db: NodeDatabase;
  let sweep: KSweep;
  const oracle = SKLEARN[p.name];

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const cell = await preparePlanted(db, p);
    sweep = await sweepClusterCell(cell, { db, ml: new InlineBackend(), signal: new AbortController().signal, report: () => {} });
  }, 120_000);
  afterAll(() => db?.close());

  it('measures every k as scikit-learn does on the same matrix and labels', () => {
    expect(sweep.k).toEqual(oracle.k);
    sweep.k.forEach((_, i) => {
      // The sweep's inertia is measured against the centres of the last iteration, which moved less than tol since.
      expect(sweep.inertia[i] / oracle.inertia[i]).toBeCloseTo(1, 4);
      expect(sweep.silhouette[i]).toBeCloseTo(oracle.silhouette[i], 9);
      expect(sweep.daviesBouldin[i]).toBeCloseTo(oracle.davies_bouldin[i], 9);
      expect(sweep.calinskiHarabasz[i] / oracle.calinski_harabasz[i]).toBeCloseTo(1, 9);
    });
  });

  it("states each metric's own best k, as scikit-learn's values rank them", () => {
    const stated = Object.fromEntries(sweep.best.map((b) => [b.metric, b.k]));
    expect(stated.silhouette).toBe(argBest(oracle.k, oracle.silhouette, 1));
    expect(stated.daviesBouldin).toBe(argBest(oracle.k, oracle.davies_bouldin, -1));
    expect(stated.calinskiHarabasz).toBe(argBest(oracle.k, oracle.calinski_harabasz, 1));
    const silhouette = sweep.best.find((b) => b.metric === 'silhouette')!;
    expect(silhouette.statement).toBe(`Silhouette: k = ${stated.silhouette} (highest, ${oracle.silhouette[oracle.k.indexOf(stated.silhouette!)].toFixed(2)}).`);
    expect(sweep.best.map((b) => b.statement.split(':')[0])).toEqual(['Inertia elbow', 'Silhouette', 'Davies-Bouldin', 'Calinski-Harabasz', 'Gap statistic']);
  });

  it('picks the planted number of segments, or says why the data do not support it', () => {
    expect(sweep.recommended).toBe(PICKS[p.name]);
    if (sweep.recommended === p.planted) {
      expect(sweep.reason).toMatch(new RegExp(`^k = ${p.planted}: named by `));
    } else {
      expect(sweep.agreement).toMatch(/^Only 2 of 5 metrics agree|^The metrics do not agree/);
      expect(sweep.agreement).toMatch(/The groups overlap, so the data do not settle the number|The data show no clear number of groups/);
      if (p.name === 'retail') expect(sweep.agreement).toMatch(/^Only 2 of 5 metrics agree on k = 3\. The others point to k = 4, k = 8 and k = 9\. /);
    }
  });
});
