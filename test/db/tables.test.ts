// The table reads the views use instead of writing SQL: a page of rows, a row count, a drop.
// Each runs against real DuckDB, with names that need quoting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { countRows, dropTable, readTablePage } from '../../src/db/tables.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec('CREATE TABLE "Customer ""VIP"" list" AS SELECT range AS id, \'c\' || range AS name FROM range(120)');
  await db.exec('CREATE TABLE "select" AS SELECT 1 AS x WHERE false');
});
afterAll(async () => {
  await db.close();
});

describe('readTablePage', () => {
  it('returns one page of rows in the table order, for a name with spaces and quotes', async () => {
    const rows = await readTablePage(db, 'Customer "VIP" list', { offset: 50, limit: 50 });
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual({ id: 50, name: 'c50' });
    expect(rows.at(-1)).toEqual({ id: 99, name: 'c99' });
  });

  it('returns the short last page, and no rows past the end', async () => {
    expect((await readTablePage(db, 'Customer "VIP" list', { offset: 100, limit: 50 })).map((r) => r.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => 100 + i),
    );
    expect(await readTablePage(db, 'Customer "VIP" list', { offset: 500, limit: 50 })).toEqual([]);
  });

  it('refuses an offset or size that is not a whole number, before any SQL runs', async () => {
    await expect(readTablePage(db, 'select', { offset: -1, limit: 50 })).rejects.toThrow(/offset must be a whole number ≥ 0: -1/);
    await expect(readTablePage(db, 'select', { offset: Number.NaN, limit: 50 })).rejects.toThrow(/offset must be a whole number ≥ 0: NaN/);
    await expect(readTablePage(db, 'select', { offset: 0, limit: 1.5 })).rejects.toThrow(/page size must be a whole number ≥ 0: 1.5/);
  });

  it('rejects with the database error for a table that does not exist', async () => {
    await expect(readTablePage(db, 'nowhere', { offset: 0, limit: 10 })).rejects.toThrow(/nowhere/);
  });
});

describe('countRows', () => {
  it('counts the rows of a table, empty or not, named by a reserved word or with quotes', async () => {
    expect(await countRows(db, 'Customer "VIP" list')).toBe(120);
    expect(await countRows(db, 'select')).toBe(0);
  });
});

describe('dropTable', () => {
  it('drops a table whose name needs quoting, and a missing name is no error', async () => {
    await db.exec('CREATE TABLE "a""b" AS SELECT 1 AS x');
    await dropTable(db, 'a"b');
    await expect(countRows(db, 'a"b')).rejects.toThrow();
    await expect(dropTable(db, 'a"b')).resolves.toBeUndefined();
  });
});
