import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { MAX_STEP_POINTS, fetchStepPoints } from '../../src/engine/step-points.ts';

let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  // 5,000 rows on a line y = 2x, plus a constant column: enough to be sampled, and exact to check.
  await db.exec(`CREATE TABLE pts AS SELECT i AS id, i::DOUBLE AS a, 2 * i::DOUBLE AS b, 7 AS flat, CASE WHEN i = 3 THEN NULL ELSE i END AS gappy
    FROM range(5000) t(i)`);
});
afterAll(() => db.close());

describe('points for the step-through k-means', () => {
  it('takes two columns as they are, leaving out rows with a missing value, and samples above the cap with a note', async () => {
    const p = await fetchStepPoints(db, 'pts', { kind: 'columns', x: 'gappy', y: 'b', standardise: false }, 1);
    expect(p.total).toBe(4999);
    expect(p.x.length).toBe(MAX_STEP_POINTS);
    for (let i = 0; i < p.x.length; i++) expect(p.y[i]).toBe(2 * p.x[i]);
    expect(p.x.includes(3)).toBe(false);
    expect(p.notes.join(' ')).toMatch(/seeded sample of 3,000 of 4,999 rows/);
    const again = await fetchStepPoints(db, 'pts', { kind: 'columns', x: 'gappy', y: 'b', standardise: false }, 1);
    expect([...again.x]).toEqual([...p.x]);
  });

  it('standardises both axes when asked, and says so on the axis labels', async () => {
    const p = await fetchStepPoints(db, 'pts', { kind: 'columns', x: 'a', y: 'b', standardise: true }, 1);
    expect(p.xLabel).toBe('a (standardised)');
    const mean = p.x.reduce((s, v) => s + v, 0) / p.x.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.max(...p.x)).toBeLessThan(2);
  });

  it('projects the features on their first two principal components, naming the variance each explains', async () => {
    const spec = {
      numeric: ['a', 'b', 'gappy'].map((column) => ({ column, scale: 'standard' as const, log1p: false, clip: null })),
      categorical: [],
      missing: 'drop' as const,
    };
    const p = await fetchStepPoints(db, 'pts', { kind: 'pca', features: spec }, 1);
    // Three perfectly correlated columns: the first component carries all the variance.
    expect(p.xLabel).toBe('first principal component (100% of the variance)');
    expect(Math.max(...p.y.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('explains what to do when the two axes are the same column or one does not vary', async () => {
    await expect(fetchStepPoints(db, 'pts', { kind: 'columns', x: 'a', y: 'a', standardise: true }, 1)).rejects.toThrow(/two different columns/);
    await expect(fetchStepPoints(db, 'pts', { kind: 'columns', x: 'a', y: 'flat', standardise: true }, 1)).rejects.toThrow(/fewer than two features vary/);
  });
});
