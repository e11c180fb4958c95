import { quoteIdentifier } from '../../../db/sql-quote.ts';

/** Columns the query adds while it works; an input column with this prefix would clash. */
export const WORK_PREFIX = '__sample_';

export interface SampleQuery {
  input: string;
  /** The column of strata, or null for one stratum: the whole table. */
  stratum: string | null;
  size: number;
  unit: 'rows' | 'percent';
  seed: number;
}

/**
 * The SELECT that takes a seeded sample of `input`. Rows are ordered by a hash of the whole row
 * and the seed, and each stratum keeps its first rows in that order: the same seed gives the same
 * rows on duckdb-wasm and native DuckDB, whatever the number of threads (a REPEATABLE reservoir
 * sample promises that only on one thread). A percentage takes round(share x size) rows of each
 * stratum; a row count is shared out in proportion to the strata's sizes, the rounding going to
 * the strata with the largest remainders, so the strata add up to exactly that many rows.
 */
export function sampleSql(q: SampleQuery): string {
  const row = `${WORK_PREFIX}row`;
  const stratum = `${WORK_PREFIX}stratum`;
  const hash = `${WORK_PREFIX}hash`;
  const rank = `${WORK_PREFIX}rank`;
  const strataValue = q.stratum === null ? 'NULL' : quoteIdentifier(q.stratum);
  const seed = Math.trunc(q.seed);
  const take = q.unit === 'percent'
    ? `round(${q.size} * size / 100.0)`
    // Largest remainder: floor of each stratum's exact share, plus one for the strata with the
    // largest remainders until the total is reached. Integer arithmetic, so nothing is lost to rounding.
    : `(${q.size} * size) // total + CASE WHEN row_number() OVER (ORDER BY (${q.size} * size) % total DESC, size DESC, ${stratum} NULLS LAST) <= ${q.size} - sum((${q.size} * size) // total) OVER () THEN 1 ELSE 0 END`;
  return `WITH source AS (
  SELECT *, ${strataValue} AS ${stratum}, hash(${row}, CAST(${seed} AS BIGINT)) AS ${hash} FROM ${quoteIdentifier(q.input)} AS ${row}
),
strata AS (
  SELECT ${stratum}, count(*) AS size, sum(count(*)) OVER () AS total FROM source GROUP BY ALL
),
quota AS (
  SELECT ${stratum}, ${take} AS take FROM strata
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY ${stratum} ORDER BY ${hash}) AS ${rank} FROM source
)
SELECT ranked.* EXCLUDE (${stratum}, ${hash}, ${rank})
FROM ranked JOIN quota ON ranked.${stratum} IS NOT DISTINCT FROM quota.${stratum}
WHERE ${rank} <= take
ORDER BY ranked.${stratum} NULLS LAST, ${hash}`;
}
