import type { Database, QueryOptions, Row } from './database.ts';
import { quoteIdentifier } from './sql-quote.ts';

/**
 * Rows `offset` to `offset + limit` of `table`, in the order a plain scan returns them (DuckDB
 * keeps insertion order), so that a grid shows one page while the database keeps the rest.
 */
export async function readTablePage(
  db: Database, table: string, page: { offset: number; limit: number }, options?: QueryOptions,
): Promise<Row[]> {
  const { offset, limit } = page;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`page offset must be a whole number ≥ 0: ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`page size must be a whole number ≥ 0: ${limit}`);
  return db.query(`SELECT * FROM ${quoteIdentifier(table)} LIMIT ${limit} OFFSET ${offset}`, options);
}

/** How many rows `table` holds. */
export async function countRows(db: Database, table: string, options?: QueryOptions): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`, options);
  return Number(n);
}

/** Drops the table `table` if it exists; a name that is not there is no error. */
export function dropTable(db: Database, table: string, options?: QueryOptions): Promise<void> {
  return db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`, options);
}
