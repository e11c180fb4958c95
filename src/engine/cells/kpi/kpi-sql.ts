import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';
import { NO_SEGMENT } from '../../segment-labels.ts';

export type KpiPeriod = 'month' | 'week';

/** What the KPI query reads; keys are SQL that already compare with each other (see comparableKey). */
export interface KpiQuery {
  output: string;
  input: string;
  customerKey: string;
  /** A DATE or TIMESTAMP column of the input. */
  date: string;
  /** The user's amount expression over the input's columns. */
  amount: string;
  segments: string;
  segmentKey: string;
  segmentColumn: string;
  period: KpiPeriod;
}

const STEP: Record<KpiPeriod, string> = { month: 'INTERVAL 1 MONTH', week: 'INTERVAL 7 DAY' };

/**
 * SQL that writes one row per segment and period: active customers, revenue, and retention, the
 * share of the previous period's active customers in the segment who are active again.
 *
 * The segments table is a snapshot: each customer keeps the one segment it gives them in every
 * period, so a customer is never counted as moving between segments here (the migration cell
 * compares two snapshots for that). Customers it does not list, or lists without a label, fall in
 * "(no segment)". Every period from the first to the last active one appears for every segment,
 * with 0 where nobody was active, so lines do not jump over quiet periods; retention is NULL in
 * the first period and after a period with nobody active.
 */
export function kpiTableSql(q: KpiQuery): string {
  const label = `coalesce(CAST(${quoteIdentifier(q.segmentColumn)} AS VARCHAR), ${quoteLiteral(NO_SEGMENT)})`;
  return `CREATE OR REPLACE TABLE ${quoteIdentifier(q.output)} AS
WITH tx AS (
  SELECT ${q.customerKey} AS customer,
         CAST(date_trunc('${q.period}', CAST(${quoteIdentifier(q.date)} AS DATE)) AS DATE) AS period,
         CAST((${q.amount}) AS DOUBLE) AS amount
  FROM ${quoteIdentifier(q.input)}
  WHERE ${q.customerKey} IS NOT NULL AND ${quoteIdentifier(q.date)} IS NOT NULL
),
labels AS (
  SELECT ${q.segmentKey} AS customer, min(${label}) AS segment
  FROM ${quoteIdentifier(q.segments)}
  WHERE ${q.segmentKey} IS NOT NULL
  GROUP BY 1
),
active AS (
  SELECT coalesce(l.segment, ${quoteLiteral(NO_SEGMENT)}) AS segment, t.customer, t.period, sum(t.amount) AS revenue
  FROM tx t LEFT JOIN labels l ON l.customer = t.customer
  GROUP BY ALL
),
periods AS (
  SELECT CAST(p AS DATE) AS period, row_number() OVER (ORDER BY p) AS idx
  FROM (
    SELECT unnest(generate_series(CAST(min(period) AS TIMESTAMP), CAST(max(period) AS TIMESTAMP), ${STEP[q.period]})) AS p
    FROM tx
  )
),
act AS (
  SELECT a.segment, a.customer, a.revenue, p.idx FROM active a JOIN periods p USING (period)
),
per AS (
  SELECT segment, idx, count(*) AS active_customers, sum(revenue) AS revenue FROM act GROUP BY ALL
),
kept AS (
  SELECT cur.segment, cur.idx, count(*) AS kept
  FROM act cur JOIN act prev ON prev.customer = cur.customer AND prev.idx = cur.idx - 1
  GROUP BY ALL
),
names AS (
  SELECT segment FROM labels UNION SELECT segment FROM act
)
SELECT n.segment,
       p.period,
       coalesce(c.active_customers, 0) AS active_customers,
       coalesce(c.revenue, 0) AS revenue,
       CASE WHEN prev.active_customers > 0 THEN CAST(coalesce(k.kept, 0) AS DOUBLE) / prev.active_customers END AS retention
FROM names n CROSS JOIN periods p
LEFT JOIN per c ON c.segment = n.segment AND c.idx = p.idx
LEFT JOIN per prev ON prev.segment = n.segment AND prev.idx = p.idx - 1
LEFT JOIN kept k ON k.segment = n.segment AND k.idx = p.idx
ORDER BY n.segment, p.period`;
}

/** The KPI table's rows for the view, with periods as YYYY-MM-DD text. */
export function kpiRowsSql(output: string): string {
  return `SELECT segment, strftime(period, '%Y-%m-%d') AS period, active_customers, revenue, retention
FROM ${quoteIdentifier(output)} ORDER BY segment, period`;
}
