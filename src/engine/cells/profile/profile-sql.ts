import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';

/** What the profile queries read; every name has been checked against the tables before. */
export interface ProfileSource {
  input: string;
  segmentColumn: string;
  numeric: string[];
  categorical: string[];
  valueColumn: string | null;
  /** P(alive) joined on `key`; `castKeys` when the two key columns' types cannot be compared as they are. */
  churn: { table: string; key: string; threshold: number; castKeys: boolean } | null;
}

/** Shown for a NULL in a categorical column, so missing values count as a value of their own. */
export const MISSING_LABEL = '(missing)';

/** How many of the most common values of each categorical column a segment keeps. */
export const TOP_VALUES = 3;

/**
 * One row per input row with a segment: the segment as text (cluster labels are integers, RFM and
 * rule labels are text), the numeric columns as n0.., the categorical columns as c0.., the value
 * and P(alive). Positional names keep user column names out of the later SQL.
 */
function baseRelation(s: ProfileSource): string {
  const q = quoteIdentifier;
  const columns = [
    `CAST(t.${q(s.segmentColumn)} AS VARCHAR) AS __segment`,
    ...s.numeric.map((c, i) => `CAST(t.${q(c)} AS DOUBLE) AS n${i}`),
    ...s.categorical.map((c, i) => `coalesce(CAST(t.${q(c)} AS VARCHAR), ${quoteLiteral(MISSING_LABEL)}) AS c${i}`),
    s.valueColumn ? `CAST(t.${q(s.valueColumn)} AS DOUBLE) AS __value` : 'NULL::DOUBLE AS __value',
    s.churn ? 'ch.__p_alive' : 'NULL::DOUBLE AS __p_alive',
  ];
  let from = `${q(s.input)} t`;
  if (s.churn) {
    const key = (side: string) => (s.churn?.castKeys ? `CAST(${side} AS VARCHAR)` : side);
    // A CLV table has one row per customer; averaging guards against a table that repeats one.
    from +=
      ` LEFT JOIN (SELECT ${key(q(s.churn.key))} AS __key, avg(CAST(p_alive AS DOUBLE)) AS __p_alive FROM ${q(s.churn.table)} GROUP BY 1) ch` +
      ` ON ${key(`t.${q(s.churn.key)}`)} = ch.__key`;
  }
  return `SELECT ${columns.join(', ')} FROM ${from} WHERE t.${q(s.segmentColumn)} IS NOT NULL`;
}

/** Per segment: size, total value, and the share of customers whose P(alive) is below the threshold. */
export function sizesSql(s: ProfileSource): string {
  const threshold = s.churn ? String(Number(s.churn.threshold)) : 'NULL';
  return `WITH base AS (${baseRelation(s)})
SELECT __segment AS segment, count(*) AS size, sum(__value) AS value, count(__p_alive) AS churn_known,
  avg(CASE WHEN __p_alive < ${threshold} THEN 1.0 WHEN __p_alive IS NOT NULL THEN 0.0 END) AS churn_risk_share,
  avg(__p_alive) AS mean_p_alive
FROM base GROUP BY 1`;
}

/**
 * Per segment and numeric column: mean, median, the mean of everyone else and the standardised
 * difference. The difference is Cohen's d: (segment mean - rest mean) / pooled sd, where the pooled
 * variance is (M2 segment + M2 rest) / (n segment + n rest - 2). The rest's M2 is put together
 * from the other segments' own M2 and their means (the parallel variance formula), which avoids
 * subtracting large sums of squares. Rows with overall = true hold each column's overall mean and
 * median. NULLs are left out column by column.
 */
export function numericSql(s: ProfileSource): string {
  const columns = s.numeric.map((_, i) => `n${i}`);
  return `WITH base AS (${baseRelation(s)}),
long AS (UNPIVOT (SELECT __segment, ${columns.join(', ')} FROM base) ON ${columns.join(', ')} INTO NAME __column VALUE __v),
per AS (
  SELECT __segment, __column, count(__v) AS n, avg(__v) AS mean, median(__v) AS median, coalesce(var_pop(__v), 0) * count(__v) AS m2
  FROM long GROUP BY ALL
),
rest AS (
  SELECT *,
    sum(n) OVER w - n AS rn,
    (sum(n * mean) OVER w - n * mean) / nullif(sum(n) OVER w - n, 0) AS rmean,
    sum(m2) OVER w - m2 AS rm2_within,
    sum(n * mean * mean) OVER w - n * mean * mean AS rsq
  FROM per WINDOW w AS (PARTITION BY __column)
),
scored AS (
  SELECT __segment, __column, n, mean, median, m2, rn, rmean,
    greatest(rm2_within + rsq - rn * rmean * rmean, 0) AS rm2
  FROM rest
)
SELECT false AS overall, __segment AS segment, __column AS col, n, mean, median, rmean AS rest_mean,
  (mean - rmean) / nullif(sqrt((m2 + rm2) / nullif(n + rn - 2, 0)), 0) AS z
FROM scored
UNION ALL
SELECT true, NULL, __column, count(__v), avg(__v), median(__v), NULL, NULL FROM long GROUP BY __column`;
}

/**
 * The most common values of each categorical column in each segment, with their share there, their
 * share in the whole population and the lift (the ratio of the two).
 */
export function categoricalSql(s: ProfileSource): string {
  const columns = s.categorical.map((_, i) => `c${i}`);
  return `WITH base AS (${baseRelation(s)}),
long AS (UNPIVOT (SELECT __segment, ${columns.join(', ')} FROM base) ON ${columns.join(', ')} INTO NAME __column VALUE __v),
counts AS (SELECT __segment, __column, __v, count(*) AS n FROM long GROUP BY ALL),
seg AS (SELECT __segment, __column, sum(n) AS sn FROM counts GROUP BY ALL),
pop AS (SELECT __column, __v, sum(n) AS pn FROM counts GROUP BY ALL),
total AS (SELECT __column, sum(n) AS tn FROM counts GROUP BY ALL)
SELECT c.__segment AS segment, c.__column AS col, c.__v AS value, c.n / seg.sn AS share, pop.pn / total.tn AS pop_share,
  (c.n / seg.sn) / (pop.pn / total.tn) AS lift
FROM counts c JOIN seg USING (__segment, __column) JOIN pop USING (__column, __v) JOIN total USING (__column)
QUALIFY row_number() OVER (PARTITION BY c.__segment, c.__column ORDER BY c.n DESC, c.__v) <= ${TOP_VALUES}`;
}

/** Segment sizes in an earlier snapshot, for growth. */
export function previousSizesSql(table: string, segmentColumn: string): string {
  const segment = quoteIdentifier(segmentColumn);
  return `SELECT CAST(${segment} AS VARCHAR) AS segment, count(*) AS size FROM ${quoteIdentifier(table)} WHERE ${segment} IS NOT NULL GROUP BY 1`;
}
