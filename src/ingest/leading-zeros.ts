import type { Database } from '../db/database.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import { describeTable } from '../db/catalog.ts';

/** DuckDB's CSV sniffer reads this many rows; it keeps "00004" as text only when it sees such a value. */
export const SNIFFER_SAMPLE_ROWS = 20_480;

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);
const ZERO_PADDED = '^\\s*[-+]?0[0-9]+\\s*$';

/**
 * Integer columns of a CSV already read into `staging` whose text has a leading zero in some value
 * past the sniffer's sample (ids like 00004), with an example of each. Read as integers they would
 * lose the zeros. Files the sniffer read whole need no second look.
 */
export async function zeroPaddedColumns(
  db: Database, path: string, options: string, staging: string, signal?: AbortSignal,
): Promise<Array<{ column: string; example: string }>> {
  const ints = (await describeTable(db, staging)).filter((c) => INTEGER_TYPES.has(c.type));
  if (!ints.length) return [];
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(staging)}`, { signal });
  if (Number(n) <= SNIFFER_SAMPLE_ROWS) return [];
  const checks = ints.map((c, i) => `any_value(${quoteIdentifier(c.name)}) FILTER (WHERE regexp_matches(${quoteIdentifier(c.name)}, ${quoteLiteral(ZERO_PADDED)})) AS z${i}`);
  const [found] = await db.query(`SELECT ${checks.join(', ')} FROM read_csv(${quoteLiteral(path)}${options}, all_varchar=true)`, { signal });
  return ints.flatMap((c, i) => (found[`z${i}`] === null || found[`z${i}`] === undefined ? [] : [{ column: c.name, example: String(found[`z${i}`]) }]));
}
