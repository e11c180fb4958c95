import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryOptions } from '../../src/db/database.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { countDistinctExactly, formatDistinct, profileTable } from '../../src/ingest/profile.ts';
import { loadFile } from './fixtures.ts';

const B2C = fileURLToPath(new URL('../../sample-data/b2c-customers.csv', import.meta.url));
// The shared test data lives next to the project, not inside it: /work/shared beside /work/main.
const RETAIL = fileURLToPath(new URL('../../../shared/datasets/online-retail/online-retail.csv.gz', import.meta.url));

/** count(DISTINCT c) for every column, computed by plain SQL. */
async function sqlDistinct(db: NodeDatabase, table: string, columns: string[]): Promise<Record<string, number>> {
  const [row] = await db.query(`SELECT ${columns.map((c, i) => `count(DISTINCT "${c}") AS d${i}`).join(', ')} FROM ${table}`);
  return Object.fromEntries(columns.map((c, i) => [c, Number(row[`d${i}`])]));
}

describe('schema preview distinct counts', () => {
  let db: NodeDatabase;

  beforeAll(async () => {
    db = await NodeDatabase.open({ readablePaths: [B2C, ...(existsSync(RETAIL) ? [RETAIL] : [])] });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('counts every column of the B2C sample exactly: 1,800 customer ids in 1,800 rows, not about 2,020', async () => {
    await loadFile(db, B2C, 'b2c');
    const profile = await profileTable(db, 'b2c');
    const expected = await sqlDistinct(db, 'b2c', profile.map((p) => p.name));
    expect(Object.fromEntries(profile.map((p) => [p.name, p.distinct]))).toEqual(expected);
    expect(profile.every((p) => p.distinctExact)).toBe(true);
    expect(profile.find((p) => p.name === 'customer_id')?.distinct).toBe(1800);
  });

  it('counts 50,000 rows of 4,372 keys as exactly 4,372, where the sketch is off by hundreds', async () => {
    await db.exec(`CREATE OR REPLACE TABLE keyed AS SELECT (i * 7919) % 4372 AS customer, 'inv' || (i % 25900)::VARCHAR AS invoice FROM range(50000) t(i)`);
    const profile = await profileTable(db, 'keyed');
    expect(profile.map((p) => [p.name, p.distinct, p.distinctExact])).toEqual([['customer', 4372, true], ['invoice', 25900, true]]);
    const [sketch] = await db.query('SELECT approx_count_distinct(customer) AS d FROM keyed');
    expect(Math.abs(Number(sketch.d) - 4372)).toBeGreaterThan(20);
  });

  it('labels the count of a table above the exact limit as an estimate with its typical error', async () => {
    await db.exec('CREATE OR REPLACE TABLE big AS SELECT i AS id FROM range(5000) t(i)');
    const [column] = await profileTable(db, 'big', { exactUpTo: 1000 });
    expect(column.distinctExact).toBe(false);
    expect(formatDistinct(column)).toMatch(/^≈ [\d,]+ \(±13%\)$/);
    expect(Math.abs(column.distinct - 5000) / 5000).toBeLessThan(0.4);
    expect(formatDistinct({ distinct: 4372, distinctExact: true })).toBe('4,372');
  });

  it('reads each column in its own background statement, with the figures plain SQL gives', async () => {
    await db.exec(`CREATE OR REPLACE TABLE wide AS SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE 'c' || (i % 300)::VARCHAR END AS city,
      DATE '2024-01-01' + (i % 90)::INTEGER AS day FROM range(20000) t(i)`);
    const seen: Array<{ sql: string; background: boolean }> = [];
    const recording = new Proxy(db, {
      get: (target, key) =>
        key === 'query'
          ? (sql: string, options?: QueryOptions) => {
              seen.push({ sql, background: options?.background === true });
              return target.query(sql, options);
            }
          : Reflect.get(target, key, target),
    });
    for (const exactUpTo of [undefined, 1000]) {
      seen.length = 0;
      const profile = await profileTable(recording, 'wide', { exactUpTo });
      const distinct = exactUpTo ? 'approx_count_distinct' : 'count';
      const [plain] = await db.query(`SELECT count(*) AS n, count(city) AS cities, ${distinct}(${exactUpTo ? '' : 'DISTINCT '}id) AS d_id, ${distinct}(${exactUpTo ? '' : 'DISTINCT '}city) AS d_city,
        ${distinct}(${exactUpTo ? '' : 'DISTINCT '}day) AS d_day, min(day)::VARCHAR AS lo, max(day)::VARCHAR AS hi, min(id)::VARCHAR AS lo_id, max(id)::VARCHAR AS hi_id FROM wide`);
      expect(profile.map((p) => [p.name, p.distinct, p.distinctExact, p.nullShare, p.min, p.max])).toEqual([
        ['id', Number(plain.d_id), !exactUpTo, 0, plain.lo_id, plain.hi_id],
        ['city', Number(plain.d_city), !exactUpTo, 1 - Number(plain.cities) / Number(plain.n), null, null],
        ['day', Number(plain.d_day), !exactUpTo, 0, plain.lo, plain.hi],
      ]);
      // Whatever scans the table runs in the background lane and reads one column at most.
      const scans = seen.filter((q) => /FROM "wide"/.test(q.sql) && !/LIMIT/.test(q.sql));
      expect(scans.every((q) => q.background)).toBe(true);
      for (const q of scans) expect(['"id"', '"city"', '"day"'].filter((c) => q.sql.includes(c)).length).toBeLessThanOrEqual(1);
    }
  });

  it('counts one estimated column exactly when asked, leaving the others estimates', async () => {
    await db.exec(`CREATE OR REPLACE TABLE asked AS SELECT (i * 7919) % 4372 AS customer, 'inv' || (i % 25900)::VARCHAR AS invoice FROM range(50000) t(i)`);
    const estimated = await profileTable(db, 'asked', { exactUpTo: 1000 });
    const counted = await countDistinctExactly(db, 'asked', estimated, 'customer');
    const expected = await sqlDistinct(db, 'asked', ['customer']);
    expect(counted.map((c) => [c.name, c.distinctExact])).toEqual([['customer', true], ['invoice', false]]);
    expect(counted[0].distinct).toBe(expected.customer);
    expect(formatDistinct(counted[0])).toBe('4,372');
    expect(counted[1]).toEqual(estimated[1]);
    await expect(countDistinctExactly(db, 'asked', estimated, 'nope')).rejects.toThrow('no column "nope" in the preview of asked');
  });

  it.runIf(existsSync(RETAIL))('reads Online Retail as 4,372 customers and 25,900 invoices (SOURCE.md), exactly', async () => {
    await loadFile(db, RETAIL, 'retail');
    const started = performance.now();
    const profile = await profileTable(db, 'retail');
    const ms = performance.now() - started;
    // Measured, not asserted: the preview runs in the background lane.
    console.info(`profileTable on Online Retail (541,909 rows, 8 columns): ${ms.toFixed(0)} ms`);
    const distinct = Object.fromEntries(profile.map((p) => [p.name, p.distinct]));
    expect(distinct.CustomerID).toBe(4372);
    expect(distinct.InvoiceNo).toBe(25900);
    expect(distinct).toEqual(await sqlDistinct(db, 'retail', profile.map((p) => p.name)));
  }, 120_000);
});
