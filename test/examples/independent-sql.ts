import { join } from 'node:path';

/**
 * Each rule-based example's segment sizes, written again in plain SQL over the sample files: a
 * CASE whose first true branch wins, as the rules cell promises, not the engine's SQL builders.
 */
export const SIZES_SQL: Record<string, (samples: string) => string> = {
  demographic: (s) => `
    SELECT CASE WHEN age < 35 AND income < 45000 THEN 'Young, lower income'
                WHEN age < 35 THEN 'Young, higher income'
                WHEN age BETWEEN 35 AND 59 AND household_size >= 3 THEN 'Mid-life families'
                WHEN age BETWEEN 35 AND 59 THEN 'Mid-life, small households'
                WHEN age >= 60 THEN 'Seniors' ELSE 'Other' END AS segment, count(*) AS n
    FROM read_csv('${join(s, 'b2c-customers.csv')}') GROUP BY 1`,
  geographic: (s) => `
    SELECT CASE WHEN country IN ('United Kingdom', 'Germany', 'France', 'Spain', 'Italy', 'Sweden', 'Norway', 'Poland', 'Netherlands') THEN 'Europe'
                WHEN country IN ('United States', 'Canada') THEN 'North America'
                WHEN country IN ('Japan', 'Australia') THEN 'Asia-Pacific' ELSE 'Rest of world' END AS segment, count(*) AS n
    FROM read_csv('${join(s, 'b2c-customers.csv')}') GROUP BY 1`,
  firmographic: (s) => `
    SELECT CASE WHEN employees >= 1000 OR annual_revenue >= 250000 THEN 'Enterprise'
                WHEN employees BETWEEN 100 AND 999 THEN 'Mid-market'
                WHEN employees < 10 THEN 'Micro' ELSE 'Small business' END AS segment, count(*) AS n
    FROM read_csv('${join(s, 'b2b-accounts.csv')}') GROUP BY 1`,
  'a-priori': (s) => `
    SELECT CASE WHEN occupation = 'student' THEN 'Students'
                WHEN occupation = 'retired' OR age >= 67 THEN 'Retirees'
                WHEN household_size >= 3 THEN 'Families' ELSE 'Everyone else' END AS segment, count(*) AS n
    FROM read_csv('${join(s, 'b2c-customers.csv')}') GROUP BY 1`,
  'engagement-based': (s) => `
    WITH e AS (SELECT user_id, event_time::TIMESTAMP AS t, event FROM read_csv('${join(s, 'saas-events.csv')}')),
    u AS (
      SELECT u.user_id,
             (SELECT count(DISTINCT t::DATE) FROM e WHERE e.user_id = u.user_id AND t >= TIMESTAMP '2024-10-01') AS q4,
             (SELECT count(DISTINCT t::DATE) FROM e WHERE e.user_id = u.user_id AND t < TIMESTAMP '2024-07-01') AS h1,
             (SELECT count(*) FROM e WHERE e.user_id = u.user_id AND event IN ('invite_teammate', 'use_integration', 'export_report')) AS deep,
             (SELECT count(*) FROM e WHERE e.user_id = u.user_id AND event = 'cancel') > 0 AS cancelled
      FROM read_csv('${join(s, 'saas-users.csv')}') u
    )
    SELECT CASE WHEN cancelled THEN 'Cancelled'
                WHEN q4 >= 25 AND deep >= 40 THEN 'Power users'
                WHEN h1 >= 20 AND q4 < 8 THEN 'Fading'
                WHEN q4 >= 12 THEN 'Regular' ELSE 'Casual' END AS segment, count(*) AS n
    FROM u GROUP BY 1`,
  // Per customer seen for all of 2024: the highest of (spend in Nov-Dec) and (spend in Jan + Jul) as
  // a monthly rate over the 2024 monthly rate; 1.5 or more names that occasion.
  'occasion-based': (s) => `
    WITH t AS (SELECT * FROM read_csv('${join(s, 'retail-transactions.csv')}')),
    old AS (SELECT DISTINCT customer_id FROM t WHERE invoice_date::TIMESTAMP < TIMESTAMP '2024-01-01'),
    y AS (
      SELECT customer_id,
             sum(quantity * unit_price) AS total,
             sum(quantity * unit_price) FILTER (WHERE month(invoice_date::TIMESTAMP) IN (11, 12)) AS holiday,
             sum(quantity * unit_price) FILTER (WHERE month(invoice_date::TIMESTAMP) IN (1, 7)) AS sales
      FROM t
      WHERE NOT starts_with(invoice_id, 'C') AND quantity > 0 AND year(invoice_date::TIMESTAMP) = 2024 AND customer_id IN (SELECT customer_id FROM old)
      GROUP BY customer_id
    ),
    r AS (SELECT customer_id, coalesce(holiday, 0) * 6 / total AS h, coalesce(sales, 0) * 6 / total AS s FROM y)
    SELECT CASE WHEN greatest(h, s) < 1.5 THEN 'Everyday' WHEN h >= s THEN 'Holiday season' ELSE 'Sales' END AS segment, count(*) AS n
    FROM r GROUP BY 1`,
};
