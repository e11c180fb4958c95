import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { warmUp, warmUpCsv, warmUpStatements } from '../../src/db/warm-up.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db?.close());

describe('DuckDB warm-up', () => {
  it('reads its synthetic transactions with the types a user file would get', async () => {
    const path = await db.registerUpload({ name: 'warm-check.csv', blob: new Blob([warmUpCsv(2_000)]) });
    const [create] = warmUpStatements(path);
    await db.exec(create);
    const types = await db.query('DESCRIBE __segbook_warmup');
    expect(types.map((r) => `${r.column_name} ${r.column_type}`)).toEqual([
      'invoice VARCHAR', 'customer BIGINT', 'invoice_date TIMESTAMP', 'quantity BIGINT', 'unit_price DOUBLE', 'country VARCHAR',
    ]);
    const [counts] = await db.query(`SELECT count(*) AS n, count(customer) AS with_customer, count(*) FILTER (WHERE invoice LIKE 'C%') AS cancelled FROM __segbook_warmup`);
    expect(counts).toEqual({ n: 2000, with_customer: 2000 - 118, cancelled: 40 });
    await db.exec('DROP TABLE __segbook_warmup');
  });

  it('runs every statement and leaves no table behind', async () => {
    const before = await db.query('SELECT table_name FROM duckdb_tables() ORDER BY 1');
    await warmUp(db);
    expect(await db.query('SELECT table_name FROM duckdb_tables() ORDER BY 1')).toEqual(before);
  });
});
