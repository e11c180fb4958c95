import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';
import type { ClvCell } from './model.ts';

/** What the SQL of a CLV cell depends on: its mapping and calibration, not its horizon or discounting. */
export type ClvSqlOptions = Pick<ClvCell, 'input' | 'customer' | 'date' | 'amount' | 'exclude' | 'calibrationEnd' | 'periodDays'>;

/** The amount as SQL: a plain column name is quoted, anything else is taken as an expression. */
export function amountSql(input: string[], amount: string): string {
  return input.includes(amount) ? quoteIdentifier(amount) : `(${amount})`;
}

/**
 * One row per customer and purchase day, values summed: the models count purchase days, so
 * several orders on one day are one purchase. Rows left out by the exclusion condition, or with
 * no customer or no date, do not count.
 */
export function purchaseDaysSql(o: ClvSqlOptions, amount: string): string {
  const where = [`${quoteIdentifier(o.customer)} IS NOT NULL`, `TRY_CAST(${quoteIdentifier(o.date)} AS DATE) IS NOT NULL`];
  if (o.exclude?.trim()) where.push(`NOT coalesce((${o.exclude}), false)`);
  return `SELECT ${quoteIdentifier(o.customer)} AS customer, TRY_CAST(${quoteIdentifier(o.date)} AS DATE) AS day, coalesce(sum(${amount}), 0)::DOUBLE AS value
FROM ${quoteIdentifier(o.input)} WHERE ${where.join(' AND ')} GROUP BY ALL`;
}

/** The calibration end as an SQL date expression over the purchase-days table `days`. */
export function calibrationEndSql(o: ClvSqlOptions): string {
  return o.calibrationEnd ? `DATE ${quoteLiteral(o.calibrationEnd)}` : '(SELECT max(day) FROM days)';
}

/**
 * The per-customer calibration summary, numbered by `idx` in customer order: x (repeat purchase
 * days), t_x and T in periods, zbar (mean value of the repeat days, NULL without any), spend in
 * calibration, and purchase days after calibration for the hold-out check. Customers whose first
 * purchase falls after calibration are not in it.
 */
export function summarySql(o: ClvSqlOptions, daysTable: string): string {
  const period = Number(o.periodDays);
  return `WITH days AS (SELECT * FROM ${quoteIdentifier(daysTable)}),
cal AS (SELECT ${calibrationEndSql(o)} AS cal_end),
per AS (
  SELECT customer,
    count(*) FILTER (WHERE day <= cal_end) - 1 AS x,
    min(day) AS first_day,
    max(day) FILTER (WHERE day <= cal_end) AS last_day,
    any_value(cal_end) AS cal_end,
    sum(value) FILTER (WHERE day <= cal_end) AS historical_value,
    arg_min(value, day) AS first_value,
    count(*) FILTER (WHERE day > cal_end) AS holdout_days
  FROM days, cal GROUP BY customer
)
SELECT row_number() OVER (ORDER BY customer) - 1 AS idx, customer, x::DOUBLE AS x,
  date_diff('day', first_day, last_day) / ${period} AS tx,
  date_diff('day', first_day, cal_end) / ${period} AS "T",
  CASE WHEN x > 0 THEN (historical_value - first_value) / x END AS zbar,
  historical_value, first_day, last_day, holdout_days::DOUBLE AS holdout_days
FROM per WHERE first_day <= cal_end`;
}

/** Calibration end, last purchase day and customers left out for buying only after calibration. */
export function spanSql(o: ClvSqlOptions, daysTable: string): string {
  return `WITH days AS (SELECT * FROM ${quoteIdentifier(daysTable)}), cal AS (SELECT ${calibrationEndSql(o)} AS cal_end)
SELECT strftime(any_value(cal_end), '%Y-%m-%d') AS cal_end, strftime(max(day), '%Y-%m-%d') AS last_day,
  date_diff('day', any_value(cal_end), max(day)) AS holdout_days_span,
  count(DISTINCT customer) FILTER (WHERE first_day > cal_end) AS late_customers,
  count(*) FILTER (WHERE day <= cal_end) AS calibration_days,
  avg(value) FILTER (WHERE day <= cal_end) AS mean_value
FROM (SELECT *, min(day) OVER (PARTITION BY customer) AS first_day FROM days), cal`;
}
