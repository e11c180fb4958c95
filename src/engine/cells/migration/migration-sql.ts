import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';
import { GONE_CUSTOMERS, NEW_CUSTOMERS, NO_SEGMENT } from '../../segment-labels.ts';

/** What the migration query reads; keys are SQL that already compare with each other (see comparableKey). */
export interface MigrationQuery {
  output: string;
  before: string;
  beforeKey: string;
  beforeColumn: string;
  after: string;
  afterKey: string;
  afterColumn: string;
}

/**
 * One customer per key from `table`, with its label as text. A key listed twice keeps its first
 * label in sort order, so the answer does not depend on row order; a NULL label is "(no segment)".
 */
function snapshot(table: string, key: string, column: string): string {
  return `SELECT ${key} AS customer, min(coalesce(CAST(${quoteIdentifier(column)} AS VARCHAR), ${quoteLiteral(NO_SEGMENT)})) AS segment
  FROM ${quoteIdentifier(table)} WHERE ${key} IS NOT NULL GROUP BY 1`;
}

/**
 * SQL that writes the transition matrix between two segmentations of the same customers: one row
 * per (from, to) pair that has customers, with the count and its share of the `from` row.
 * Customers only in the later table come from "(new)"; those only in the earlier go to "(gone)".
 */
export function migrationTableSql(q: MigrationQuery): string {
  return `CREATE OR REPLACE TABLE ${quoteIdentifier(q.output)} AS
WITH b AS (${snapshot(q.before, q.beforeKey, q.beforeColumn)}),
a AS (${snapshot(q.after, q.afterKey, q.afterColumn)}),
moves AS (
  SELECT CASE WHEN b.customer IS NULL THEN ${quoteLiteral(NEW_CUSTOMERS)} ELSE b.segment END AS from_segment,
         CASE WHEN a.customer IS NULL THEN ${quoteLiteral(GONE_CUSTOMERS)} ELSE a.segment END AS to_segment
  FROM b FULL OUTER JOIN a ON a.customer = b.customer
)
SELECT from_segment, to_segment, count(*) AS customers,
       CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (PARTITION BY from_segment) AS row_share
FROM moves
GROUP BY from_segment, to_segment
ORDER BY from_segment, to_segment`;
}

/** How many rows of `table` have no key, and how many keys are listed more than once. */
export function keyProblemsSql(table: string, key: string): string {
  return `SELECT count(*) FILTER (WHERE ${key} IS NULL) AS no_key,
       count(${key}) - count(DISTINCT ${key}) AS repeated
FROM ${quoteIdentifier(table)}`;
}
