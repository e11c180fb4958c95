import { quoteIdentifier } from '../db/sql-quote.ts';
import { isNumericType } from '../db/column-types.ts';

/**
 * The SQL for key column `column` (of `type`) so that it compares with a key of `otherType`.
 * Keys of the same type, or two numbers, join as they are; anything else joins as text, because
 * DuckDB will not compare e.g. VARCHAR '10001' with INTEGER 10001 on its own.
 */
export function comparableKey(column: string, type: string, otherType: string): string {
  const quoted = quoteIdentifier(column);
  if (type === otherType || (isNumericType(type) && isNumericType(otherType))) return quoted;
  return `CAST(${quoted} AS VARCHAR)`;
}
