import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { fetchFeatures } from '../../src/engine/feature-query.ts';
import { Random } from '../../src/ml/random.ts';

let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  // Stored in an order that is not the value order, with ties in `a` broken by `b`.
  await db.exec(`CREATE TABLE t AS SELECT (i * 7919) % 5000 AS id, (i * 31) % 97 AS a, i * 0.5 AS b, ['x', 'y', 'z'][1 + i % 3] AS tag
    FROM range(5000) r(i)`);
});
afterAll(() => db.close());

describe('reading features on a seeded sample', () => {
  const request = { table: 't', numeric: ['a', 'b'], categorical: [{ column: 'tag' }], extra: { id: 'id' } };

  it('reads, in SQL, exactly the rows a full read would pick with Random(seed).sample(), in the same order', async () => {
    const full = await fetchFeatures(db, request);
    const sampled = await fetchFeatures(db, { ...request, sample: { size: 300, seed: 11 }, background: true });
    const picked = new Random(11).sample(full.raw.n, 300);
    expect(sampled.total).toBe(5000);
    expect(sampled.raw.n).toBe(300);
    expect(Array.from(sampled.rowids)).toEqual(Array.from(picked, (r) => full.rowids[r]));
    for (const j of [0, 1]) expect(Array.from(sampled.raw.numeric[j])).toEqual(Array.from(picked, (r) => full.raw.numeric[j][r]));
    expect(Array.from(sampled.raw.categorical[0])).toEqual(Array.from(picked, (r) => full.raw.categorical[0][r]));
    expect(sampled.raw.categories).toEqual(full.raw.categories);
    expect(Array.from(sampled.extra.id)).toEqual(Array.from(picked, (r) => full.extra.id[r]));
  });

  it('reads every row when the table has no more than the sample', async () => {
    const full = await fetchFeatures(db, request);
    const all = await fetchFeatures(db, { ...request, sample: { size: 5000, seed: 11 } });
    expect(all.total).toBe(5000);
    expect(Array.from(all.rowids)).toEqual(Array.from(full.rowids));
    expect(full.total).toBe(5000);
  });
});
