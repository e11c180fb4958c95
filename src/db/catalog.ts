import type { Database, QueryOptions } from './database.ts';
import { quoteIdentifier } from './sql-quote.ts';

/** A column of a table in the database, with DuckDB's name for its type. */
export interface TableColumn {
  name: string;
  type: string;
}

/** The columns of `table`, in order. */
export async function describeTable(db: Database, table: string, options?: QueryOptions): Promise<TableColumn[]> {
  const rows = await db.query(`DESCRIBE ${quoteIdentifier(table)}`, options);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
