import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, QueryOptions } from '../../src/db/database.ts';
import { readColumnStats } from '../../src/db/grid-query.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { BOX_ROW_LIMIT, readBoxData, readSnakeData } from '../../src/charts/segment-chart-data.ts';
import { fetchFeatures } from '../../src/engine/feature-query.ts';

let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec('CREATE TABLE t AS SELECT i::DOUBLE AS x, (i % 7)::VARCHAR AS k FROM range(300000) t(i)');
});
afterAll(() => db?.close());

describe('the database lanes', () => {
  it('runs background statements of every kind after foreground ones queued later, in the order they were queued', async () => {
    const done: string[] = [];
    const note = (name: string) => () => void done.push(name);
    const busy = db.query('SELECT sum(x) AS s FROM t, range(20) r(j)').then(note('cell statement 1'));
    const background = [
      db.exec('CREATE OR REPLACE TEMP TABLE kept_copy AS SELECT * FROM t', { background: true }).then(note('background exec')),
      db.queryColumns('SELECT x FROM t', { background: true }).then(note('background columns')),
      db.queryArrowIPC('SELECT k FROM t', { background: true }).then(note('background arrow')),
      db.query('SELECT count(DISTINCT k) AS d FROM t', { background: true }).then(note('background query')),
    ];
    const next = db.query('SELECT count(*) AS n FROM t').then(note('cell statement 2'));
    await Promise.all([busy, next, ...background]);
    expect(done).toEqual(['cell statement 1', 'cell statement 2', 'background exec', 'background columns', 'background arrow', 'background query']);
  });

  it('sends every statement of the grid header statistics in the lane it is asked for', async () => {
    const lanes: boolean[] = [];
    const recording: Database = new Proxy(db, {
      get: (target, key) =>
        key === 'query'
          ? (sql: string, options?: QueryOptions) => {
              lanes.push(options?.background === true);
              return target.query(sql, options);
            }
          : Reflect.get(target, key, target),
    });
    const stats = await readColumnStats(recording, 't', [{ name: 'x', type: 'DOUBLE' }, { name: 'k', type: 'VARCHAR' }], { sort: null, filters: {} }, { background: true });
    expect(stats.map((s) => s.rows)).toEqual([300000, 300000]);
    expect(lanes.length).toBeGreaterThan(1);
    expect(lanes.every(Boolean)).toBe(true);
  });

  it("reads a segmentation's charts (means, boxes, the scatter's sample) in the background lane, behind the cells", async () => {
    const lanes: Array<[string, boolean]> = [];
    const recording: Database = new Proxy(db, {
      get: (target, key) =>
        key === 'query' || key === 'queryColumns'
          ? (sql: string, options?: QueryOptions) => {
              lanes.push([sql.slice(0, 40), options?.background === true]);
              return key === 'query' ? target.query(sql, options) : target.queryColumns(sql, options);
            }
          : Reflect.get(target, key, target),
    });
    await db.exec('CREATE OR REPLACE TABLE segs AS SELECT x, (x::BIGINT % 3) + 1 AS segment FROM t');
    const snake = await readSnakeData(recording, 'segs', 'segment', ['x']);
    const box = await readBoxData(recording, 'segs', 'segment', 'x');
    const scatter = await fetchFeatures(recording, { table: 'segs', numeric: ['x'], categorical: [], sample: { size: 1000, seed: 1 }, background: true });
    expect([snake.segments.length, box.value.length, scatter.raw.n]).toEqual([3, BOX_ROW_LIMIT, 1000]);
    expect(lanes.filter(([, background]) => !background)).toEqual([]);
  });
});
