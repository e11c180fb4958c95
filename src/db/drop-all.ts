import { quoteIdentifier } from './sql-quote.ts';
import type { Database } from './database.ts';

/**
 * Drops every table, view and schema that SQL made, whatever it was called, so that the next
 * workbook cannot read what the last one left: names in a workbook are not the only tables (a
 * SQL cell may create others, and loads leave staging tables behind when cancelled).
 */
export async function dropAllTables(db: Database): Promise<void> {
  const rows = await db.query(
    `SELECT database_name, schema_name, table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE NOT internal
     UNION ALL SELECT database_name, schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal
     UNION ALL SELECT database_name, schema_name, NULL, 'SCHEMA' FROM duckdb_schemas() WHERE NOT internal AND schema_name <> 'main'`,
  );
  // Views first: a view over a dropped table would fail only when read, but dropping it is cleaner.
  const order = ['VIEW', 'TABLE', 'SCHEMA'];
  rows.sort((a, b) => order.indexOf(String(a.kind)) - order.indexOf(String(b.kind)));
  for (const row of rows) {
    const schema = `${quoteIdentifier(String(row.database_name))}.${quoteIdentifier(String(row.schema_name))}`;
    const sql = row.kind === 'SCHEMA'
      ? `DROP SCHEMA IF EXISTS ${schema} CASCADE`
      : `DROP ${row.kind === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${schema}.${quoteIdentifier(String(row.name))}`;
    await db.exec(sql).catch(() => undefined);
  }
}
