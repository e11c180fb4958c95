import { afterAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { ClusterCell, ValidateCell } from '../../src/engine/workbook.ts';
import { exactEstimate } from '../../src/engine/exact-estimate.ts';

const db = await NodeDatabase.open();
afterAll(() => db.close());
await db.exec('CREATE TABLE big AS SELECT i AS id, random() AS a, random() AS b, i % 4 AS seg FROM range(30000) t(i)');
await db.exec('CREATE TABLE small AS SELECT * FROM big LIMIT 500');

const features = { numeric: ['a', 'b'].map((column) => ({ column, scale: 'standard' as const, log1p: false, clip: null })), categorical: [], missing: 'drop' as const };
const cluster: ClusterCell = {
  id: 'c', kind: 'cluster', name: 'segments', input: 'big', features, algorithm: 'kmeans', k: 4, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
  sweep: { min: 2, max: 10, references: 5 }, model: null,
};

describe('the time shown before an exact run', () => {
  it("counts the input's rows and prices the sweep from the per-point costs: 31 iterations of n x k x d at 2.5e-10 s, plus the silhouette's n² x d at 2e9 a second", async () => {
    // By hand for n = 30,000, d = 2, k = 2..10, 10 restarts, 5 reference sets of 3 restarts:
    // fits 10 x 31 x 30000 x 2 x 54 x 2.5e-10 = 0.2511 s, gap 5 x 3 x 31 x 30000 x 2 x 54 x 2.5e-10 = 0.37665 s,
    // silhouette 9 x 30000² x 2 / 2e9 = 8.1 s: 8.73 s, "about 9 s".
    expect(await exactEstimate(db, cluster)).toMatch(/^Exact on all 30,000 rows: the k sweep takes about 9 s, sampled /);
  });

  it('says every row is used either way when the table is no larger than the sample', async () => {
    expect(await exactEstimate(db, { ...cluster, input: 'small' })).toBe('All 500 rows are used either way.');
  });

  it('prices validation with the number of segments in the segment column', async () => {
    const validate: ValidateCell = { id: 'v', kind: 'validate', name: 'checks', input: 'big', segmentColumn: 'seg', features, minShare: 0.05, bootstrap: 20, seed: 1, valueColumn: null };
    // Silhouette 30000² x 2 / 2e9 = 0.9 s; bootstraps 20 x (3 x 31 x 30000 x 4 x 2 x 2.5e-10 + 30000 x 2 x 5.4e-8)
    // = 20 x (0.00558 + 0.00324) = 0.1764 s, on one thread below 50,000 rows: "about 1 s".
    expect(await exactEstimate(db, validate)).toMatch(/^Exact on all 30,000 rows: validation takes about 1 s, sampled /);
  });
});
