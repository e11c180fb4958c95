import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { FilterError, parseFilter, type GridColumn } from '../../src/db/grid-filter.ts';
import { BINS, DISTRIBUTION_SAMPLE_ROWS, countGridRows, readColumnStats, readGridPage, type GridView } from '../../src/db/grid-query.ts';

const TABLE = 'odd "table"';
const COLUMNS: GridColumn[] = [
  { name: 'id', type: 'INTEGER' },
  { name: 'spend "€"', type: 'DOUBLE' },
  { name: 'segment', type: 'VARCHAR' },
  { name: 'active', type: 'BOOLEAN' },
];
let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  // 200 rows: spend has nulls and ties, segment has nulls, a quote, and LIKE's wildcards.
  await db.exec(`CREATE TABLE "odd ""table""" AS SELECT i AS id,
    CASE WHEN i % 10 = 0 THEN NULL ELSE round(((i * 37) % 101) * 1.5, 1) END AS "spend ""€""",
    CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN 'Champions' WHEN i % 3 = 1 THEN 'At Risk' ELSE CASE WHEN i % 2 = 0 THEN '50% off_it''s' ELSE 'Lost' END END AS segment,
    i % 4 = 0 AS active
    FROM range(1, 201) t(i)`);
});
afterAll(() => db?.close());

const view = (v: Partial<GridView>): GridView => ({ sort: null, filters: {}, ...v });
const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => Number(r.id));

describe('result grid queries', () => {
  it('sorts by a column with nulls last, and pages through the sorted rows with no row twice', async () => {
    const sorted = view({ sort: { column: 'spend "€"', direction: 'desc' } });
    const pages = [];
    for (let offset = 0; offset < 200; offset += 30) pages.push(...ids(await readGridPage(db, TABLE, COLUMNS, sorted, { offset, limit: 30 })));
    const plain = ids(await db.query(`SELECT id FROM "odd ""table""" ORDER BY "spend ""€""" DESC NULLS LAST, id`));
    expect(pages).toEqual(plain);
    expect(new Set(pages).size).toBe(200);
    const asc = await readGridPage(db, TABLE, COLUMNS, view({ sort: { column: 'segment', direction: 'asc' } }), { offset: 0, limit: 200 });
    expect(asc.at(-1)?.segment).toBeNull();
  });

  it('filters numbers by comparison and range, text by contains or exact match, and null, as plain SQL does', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'spend "€"': '>100' }, `"spend ""€""" > 100`],
      [{ 'spend "€"': '<= 30' }, `"spend ""€""" <= 30`],
      [{ 'spend "€"': '30..60' }, `"spend ""€""" BETWEEN 30 AND 60`],
      [{ 'spend "€"': '60..30' }, `"spend ""€""" BETWEEN 30 AND 60`],
      [{ 'spend "€"': '!= 1.5' }, `"spend ""€""" <> 1.5`],
      [{ 'spend "€"': 'null' }, `"spend ""€""" IS NULL`],
      [{ segment: 'risk' }, `segment ILIKE '%risk%'`],
      [{ segment: '=Lost' }, `segment = 'Lost'`],
      [{ segment: '50%' }, `contains(segment, '50%')`],
      [{ segment: "it's" }, `contains(segment, 'it''s')`],
      [{ segment: '_' }, `contains(segment, '_')`],
      [{ segment: 'not null', id: '>150' }, `segment IS NOT NULL AND id > 150`],
      [{ active: '=true' }, `active`],
      [{ segment: "'; DROP TABLE x; --" }, `false`],
    ];
    for (const [filters, condition] of cases) {
      const plain = ids(await db.query(`SELECT id FROM "odd ""table""" WHERE ${condition} ORDER BY id`));
      const got = ids(await readGridPage(db, TABLE, COLUMNS, view({ filters, sort: { column: 'id', direction: 'asc' } }), { offset: 0, limit: 500 }));
      expect(got, JSON.stringify(filters)).toEqual(plain);
      expect(await countGridRows(db, TABLE, COLUMNS, view({ filters })), JSON.stringify(filters)).toBe(plain.length);
      expect(plain.length + (condition === 'false' ? 1 : 0), JSON.stringify(filters)).toBeGreaterThan(0);
    }
  });

  it('says which column and text a filter it cannot read came from', () => {
    expect(() => parseFilter(COLUMNS[1], 'abc')).toThrow(FilterError);
    expect(() => parseFilter(COLUMNS[1], 'abc')).toThrow('filter on "spend "€"" is not a number or a comparison: type 100, >100, 10..20 or null: "abc"');
    expect(parseFilter(COLUMNS[2], '  ')).toBeNull();
  });

  it('gives each column its null share and distribution, the same as plain SQL, over the rows the filters keep', async () => {
    for (const filters of [{}, { id: '<=120' }] as Array<Record<string, string>>) {
      const where = 'id' in filters ? 'WHERE id <= 120' : '';
      const stats = await readColumnStats(db, TABLE, COLUMNS, view({ filters }));
      const [counts] = await db.query(`SELECT count(*) AS n, count(*) FILTER (WHERE "spend ""€""" IS NULL) AS spend_nulls, count(*) FILTER (WHERE segment IS NULL) AS seg_nulls FROM "odd ""table""" ${where}`);
      const n = Number(counts.n);
      expect(stats.map((s) => s.rows)).toEqual([n, n, n, n]);
      expect(stats[1].nullShare).toBeCloseTo(Number(counts.spend_nulls) / n, 12);
      expect(stats[2].nulls).toBe(Number(counts.seg_nulls));
      expect(stats[0].nullShare).toBe(0);

      // The histogram against bins counted in JavaScript from the raw values.
      const values = (await db.query(`SELECT "spend ""€""" AS v FROM "odd ""table""" ${where}`)).map((r) => r.v).filter((v): v is number => v !== null);
      const [min, max] = [Math.min(...values), Math.max(...values)];
      const expected = new Array<number>(BINS).fill(0);
      for (const v of values) expected[Math.min(BINS - 1, Math.floor(((v - min) / (max - min)) * BINS))]++;
      const spend = stats[1].distribution;
      expect(spend.kind === 'histogram' && [spend.min, spend.max, spend.counts]).toEqual([min, max, expected]);

      const top = await db.query(`SELECT segment AS value, count(*) AS count FROM "odd ""table""" ${where} ${where ? 'AND' : 'WHERE'} segment IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3`);
      const segment = stats[2].distribution;
      expect(segment.kind === 'top' && segment.values).toEqual(top.map((r) => ({ value: r.value, count: Number(r.count) })));
      expect(segment.kind === 'top' && segment.others).toBe(n - Number(counts.seg_nulls) - top.reduce((s, r) => s + Number(r.count), 0));
      const active = stats[3].distribution;
      expect(active.kind === 'top' && active.values.map((v) => v.value).sort()).toEqual(['false', 'true']);
    }
  });

  it('counts a big table\'s distributions on a sample, says so, and keeps its row and null counts exact', async () => {
    const n = DISTRIBUTION_SAMPLE_ROWS * 2 + 7;
    // Segments A, B, C, D in shares 40/30/20/10 %, every 9th row null; spend uniform on 0..999.
    await db.exec(`CREATE TABLE big AS SELECT i AS id, CASE WHEN i % 9 = 0 THEN NULL ELSE ['A','A','A','A','B','B','B','C','C','D'][1 + i % 10] END AS segment,
      CAST(i % 1000 AS DOUBLE) AS spend FROM range(${n}) t(i)`);
    const columns: GridColumn[] = [{ name: 'segment', type: 'VARCHAR' }, { name: 'spend', type: 'DOUBLE' }];
    for (const filters of [{}, { spend: '<500' }] as Array<Record<string, string>>) {
      const where = 'spend' in filters ? 'WHERE spend < 500' : '';
      const stats = await readColumnStats(db, 'big', columns, view({ filters }));
      const [exact] = await db.query(`SELECT count(*) AS n, count(*) FILTER (WHERE segment IS NULL) AS nulls FROM big ${where}`);
      expect(stats.map((s) => [s.rows, s.sampledRows])).toEqual([[Number(exact.n), DISTRIBUTION_SAMPLE_ROWS], [Number(exact.n), DISTRIBUTION_SAMPLE_ROWS]]);
      expect(stats[0].nulls).toBe(Number(exact.nulls));
      // Each value's share of the sample against its share of every kept row, in plain SQL.
      const shares = await db.query(`SELECT segment AS value, count(*) / sum(count(*)) OVER () AS share FROM big ${where} ${where ? 'AND' : 'WHERE'} segment IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 3`);
      const top = stats[0].distribution;
      if (top.kind !== 'top') throw new Error('expected top values');
      const counted = top.others + top.values.reduce((t, v) => t + v.count, 0);
      expect(counted).toBeGreaterThan(DISTRIBUTION_SAMPLE_ROWS * 0.85);
      expect(top.values.map((v) => v.value)).toEqual(shares.map((r) => r.value));
      top.values.forEach((v, i) => expect(Math.abs(v.count / counted - Number(shares[i].share))).toBeLessThan(0.01));
      const spend = stats[1].distribution;
      if (spend.kind !== 'histogram') throw new Error('expected a histogram');
      expect(spend.counts.reduce((a, b) => a + b, 0)).toBe(DISTRIBUTION_SAMPLE_ROWS);
      // Uniform spend: every bar holds about a twelfth of the sample.
      for (const c of spend.counts) expect(Math.abs(c / DISTRIBUTION_SAMPLE_ROWS - 1 / BINS)).toBeLessThan(0.01);
    }
    // A table at the limit is counted whole.
    const small = await readColumnStats(db, TABLE, COLUMNS, view({}));
    expect(small.every((s) => s.sampledRows === null)).toBe(true);
  });

  it('gives empty stats when the filters keep no row', async () => {
    const stats = await readColumnStats(db, TABLE, COLUMNS, view({ filters: { id: '>1000' } }));
    expect(stats.map((s) => [s.rows, s.nullShare, s.distribution.kind])).toEqual([[0, 0, 'none'], [0, 0, 'none'], [0, 0, 'none'], [0, 0, 'none']]);
  });
});
