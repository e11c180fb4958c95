// Opening another workbook clears DuckDB: the last workbook's files and every table it made go,
// whatever they were called, so that a stranger's link opened next cannot read them.
import { afterAll, describe, expect, it } from 'vitest';
import { LazyDatabase } from '../../src/db/lazy-database.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';

const opened: NodeDatabase[] = [];
afterAll(async () => {
  for (const db of opened) await db.close().catch(() => undefined);
});

function lazy(): { db: LazyDatabase; starts: () => number } {
  let starts = 0;
  const db = new LazyDatabase(async () => {
    starts++;
    const d = await NodeDatabase.open();
    opened.push(d);
    return d;
  });
  return { db, starts: () => starts };
}

describe('LazyDatabase.clear', () => {
  it('unregisters every upload and drops every table, view and schema, under any name', async () => {
    const { db } = lazy();
    const path = await db.registerUpload({ name: 'customers.csv', blob: new Blob(['id,email\n1,ann@private.example\n']) });
    await db.exec(`CREATE TABLE customers AS SELECT * FROM read_csv('${path}')`);
    await db.exec('CREATE TABLE "constructor" AS SELECT 1 AS x');
    await db.exec('CREATE VIEW vip AS SELECT email FROM customers');
    await db.exec('CREATE SCHEMA side');
    await db.exec('CREATE TABLE side.copy AS SELECT * FROM customers');
    await db.exec('CREATE TEMP TABLE scratch AS SELECT * FROM customers');
    expect((await db.query(`SELECT count(*) AS n FROM read_csv('${path}')`))[0].n).toBe(1);

    await db.clear();

    await expect(db.query(`SELECT * FROM read_csv('${path}')`)).rejects.toThrow(/No files found|does not exist/);
    const left = await db.query(
      "SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal UNION ALL SELECT schema_name FROM duckdb_schemas() WHERE schema_name = 'side'",
    );
    expect(left).toEqual([]);
  });

  it('does not start DuckDB just to clear it', async () => {
    const { db, starts } = lazy();
    await db.clear();
    expect(starts()).toBe(0);
  });
});
