import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { LOCKDOWN_REASON, lockdownRefusal } from '../../src/db/lockdown.ts';
import { runSqlCell } from '../../src/engine/cells/sql/sql-cell.ts';
import { sqlKind } from '../../src/engine/cells/sql/kind.ts';
import type { SqlCell } from '../../src/engine/workbook.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

/** The message a SQL cell shows after running `sql` against the locked-down database. */
async function cellMessage(sql: string): Promise<string> {
  const cell: SqlCell = { id: 'c1', kind: 'sql', name: 'fetched', sql };
  try {
    await runSqlCell(db, cell, new AbortController().signal);
  } catch (e) {
    return sqlKind.describeError!(e, cell).message;
  }
  throw new Error(`expected ${sql} to be refused`);
}

describe('lockdown refusals in plain words', () => {
  it('read_csv of a URL says Segbook blocks the network, names the URL and says to drop the file', async () => {
    const message = await cellMessage("SELECT *\nFROM read_csv('https://example.com/orders.csv')");
    expect(message).toBe(
      `${LOCKDOWN_REASON}, so it cannot read "https://example.com/orders.csv". Download the file and drop it on the page instead; it then becomes a table you can query.`,
    );
  });

  it('the refusal keeps the position of the call in the cell', async () => {
    const cell: SqlCell = { id: 'c1', kind: 'sql', name: 'fetched', sql: "SELECT 1 AS a,\n  * FROM read_csv('https://example.com/x.csv')" };
    const error = await db.exec(`CREATE OR REPLACE TABLE fetched AS\n${cell.sql}`).catch((e: unknown) => e);
    const described = sqlKind.describeError!(error, cell);
    expect(described.message.startsWith(LOCKDOWN_REASON)).toBe(true);
    expect(described.line).toBe(2);
  });

  it('INSTALL httpfs and LOAD httpfs get the lockdown sentence, not a syntax error', async () => {
    for (const sql of ['INSTALL httpfs', '-- fetch it\nload httpfs;', 'FORCE INSTALL httpfs']) {
      const message = await cellMessage(sql);
      expect(message).toContain(`${LOCKDOWN_REASON}: it installs no DuckDB extensions`);
      expect(message).toContain('drop the file on the page');
      expect(message).not.toMatch(/syntax error/i);
    }
  });

  it('the raw DuckDB refusals of INSTALL, LOAD and a URL ATTACH are mapped by the database layer', async () => {
    for (const sql of ['INSTALL httpfs', 'LOAD httpfs', "ATTACH 'https://example.com/a.duckdb'"]) {
      const error = await db.query(sql).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message.startsWith(LOCKDOWN_REASON)).toBe(true);
    }
  });

  it('a local path outside the upload folder is refused with its path named', async () => {
    const error = await db.query("SELECT * FROM read_csv('/etc/passwd')").then(() => null, (e: unknown) => e);
    expect((error as Error).message).toMatch(/^Segbook blocks network access so your data stays in this tab, and reads only the files you open in it, so it cannot read "\/etc\/passwd"/);
  });

  it('other errors are left as DuckDB wrote them', async () => {
    expect(lockdownRefusal('Binder Error: Referenced column "spend" not found')).toBeNull();
    const error = await db.query('SELECT spend FROM (SELECT 1 AS x)').then(() => null, (e: unknown) => e);
    expect((error as Error).message).toMatch(/^Binder Error/);
  });
});
