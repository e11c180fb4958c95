import { ExampleBuilder, PITFALLS, features, type Example } from './build.ts';

const RETAIL = ['retail_transactions'];
const CANCELLED = `invoice_id LIKE 'C%' OR quantity <= 0`;
const AMOUNT = 'quantity * unit_price';

/** Per-customer recency, frequency and spend, as a SQL cell writes them for clustering. */
const CUSTOMER_RFM_SQL = `
SELECT customer_id,
       date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency_days,
       count(DISTINCT invoice_id) AS orders,
       round(sum(quantity * unit_price), 2) AS spend
FROM retail_transactions
WHERE invoice_id NOT LIKE 'C%' AND quantity > 0
GROUP BY customer_id`;

export const behavioural: Example = {
  id: 'behavioural',
  title: 'Behavioural segmentation',
  summary: 'How customers buy: basket size, category breadth, channel and sale-day habits, clustered.',
  workbook: () =>
    new ExampleBuilder('behavioural', 'Behavioural segmentation', RETAIL)
      .note(`# Behavioural segmentation

Groups customers by what they do rather than who they are: how often and how much they buy,
which categories, through which channel, at full price or in sales. Behaviour predicts behaviour,
so these segments usually act better than demographic ones.

**When to use it.** Whenever you have transactions. **Use case:** a retailer finds a group that
only buys in sales and stops sending it full-price campaigns.

Behaviour features are skewed (a few customers buy a lot), so spend and orders are log-scaled
before clustering.
${PITFALLS}`)
      .sql('buying_habits', `
SELECT customer_id,
       count(DISTINCT invoice_id) AS orders,
       round(sum(quantity * unit_price) / count(DISTINCT invoice_id), 2) AS basket_value,
       count(DISTINCT product_category) AS categories,
       round(avg(CASE WHEN channel = 'store' THEN 1 ELSE 0 END), 3) AS store_share,
       round(avg(CASE WHEN month(invoice_date) IN (1, 7, 11, 12) THEN 1 ELSE 0 END), 3) AS sale_season_share
FROM retail_transactions
WHERE invoice_id NOT LIKE 'C%' AND quantity > 0
GROUP BY customer_id`)
      .add('cluster', {
        name: 'habits', input: 'buying_habits', k: 5, seed: 3,
        features: features(['orders', 'basket_value', 'categories', 'store_share', 'sale_season_share'], ['orders', 'basket_value']),
      })
      .add('profile', {
        name: 'habit_personas', input: 'habits', segmentColumn: 'segment',
        numeric: ['orders', 'basket_value', 'categories', 'store_share', 'sale_season_share'], valueColumn: 'basket_value',
      })
      .workbook,
};

export const valueBased: Example = {
  id: 'value-based',
  title: 'Value-based segmentation (CLV)',
  summary: 'BG/NBD and Gamma-Gamma predict each customer\'s future value; tiers and churn risk follow.',
  workbook: () =>
    new ExampleBuilder('value-based', 'Value-based segmentation (CLV)', RETAIL)
      .note(`# Value-based segmentation (customer lifetime value)

Groups customers by what they are worth: the value they have brought and, better, the value they
are expected to bring. The CLV cell fits two classic models: BG/NBD for how many more purchases a
customer makes (and the chance they are still "alive"), Gamma-Gamma for how much each purchase is
worth.

**When to use it.** To decide how much to spend keeping or winning each customer. **Use case:** a
subscription box caps its win-back discount at a tenth of each lapsed customer's predicted CLV.

P(alive) is the chance a customer has not silently left: below the threshold they are flagged as a
churn risk, and the persona cards show how many of each tier that is.
${PITFALLS}`)
      .add('clv', {
        name: 'lifetime_value', input: 'retail_transactions', customer: 'customer_id', date: 'invoice_date', amount: AMOUNT,
        exclude: CANCELLED, calibrationEnd: '2024-09-30', periodDays: 7, horizon: 52, discountRate: 0.1, aliveThreshold: 0.5,
      })
      .add('rules', {
        name: 'value_tiers', input: 'lifetime_value', elseSegment: 'Low value',
        segments: [
          { name: 'VIP', match: 'all', conditions: [{ column: 'clv', op: 'top %', value: '20' }] },
          { name: 'Growth', match: 'all', conditions: [{ column: 'clv', op: 'top %', value: '50' }] },
        ],
      })
      .add('profile', {
        name: 'value_personas', input: 'value_tiers', segmentColumn: 'segment',
        numeric: ['clv', 'expected_purchases', 'p_alive', 'historical_value', 'frequency'], valueColumn: 'clv',
        churn: { table: 'lifetime_value', key: 'customer_id', threshold: 0.5 },
      })
      .workbook,
};

export const rfm: Example = {
  id: 'rfm',
  title: 'RFM segmentation',
  summary: 'Recency, frequency and monetary scores, the named RFM segments, and who moved between two dates.',
  workbook: () =>
    new ExampleBuilder('rfm', 'RFM segmentation', RETAIL)
      .note(`# RFM segmentation

Scores every customer 1 to 5 on Recency (how lately they bought), Frequency (how often) and
Monetary value (how much), by quintile, and names the segment their scores fall in: Champions,
Loyal, At Risk, Hibernating and so on. It needs nothing but a transactions table and is easy to
explain, which makes it the workhorse of CRM teams.

**When to use it.** For retention and reactivation campaigns. **Use case:** a web shop sends
"Can't Lose Them" customers a personal call and "Hibernating" ones a cheap reminder.

Scores are relative to this customer base. The second RFM cell takes the same customers as of
1 July 2024, and the migration cell shows who moved between segments over the half year.
${PITFALLS}`)
      .add('rfm', { name: 'rfm_now', input: 'retail_transactions', customer: 'customer_id', date: 'invoice_date', amount: AMOUNT, invoice: 'invoice_id', exclude: CANCELLED })
      .add('profile', {
        name: 'rfm_personas', input: 'rfm_now', segmentColumn: 'segment', numeric: ['recency_days', 'frequency', 'monetary'], valueColumn: 'monetary',
      })
      .add('rfm', {
        name: 'rfm_july', input: 'retail_transactions', customer: 'customer_id', date: 'invoice_date', amount: AMOUNT, invoice: 'invoice_id',
        exclude: CANCELLED, referenceDate: '2024-07-01',
      })
      .add('migration', { name: 'rfm_moves', before: 'rfm_july', after: 'rfm_now', key: 'customer_id', beforeColumn: 'segment', afterColumn: 'segment' })
      .workbook,
};

export const occasionBased: Example = {
  id: 'occasion-based',
  title: 'Occasion-based segmentation',
  summary: 'When customers buy: holiday-season, summer-sale and everyday shoppers.',
  workbook: () =>
    new ExampleBuilder('occasion-based', 'Occasion-based segmentation', RETAIL)
      .note(`# Occasion-based segmentation

Groups purchases, and then customers, by the occasion that triggers them: the holiday season,
sales, birthdays, weekends. The same person can be a bargain hunter in July and a generous gift
buyer in December.

**When to use it.** For campaign calendars and seasonal ranges. **Use case:** a retailer sends
gift guides only to customers who buy mostly in November and December.

The rule cell flags each order line with its occasion. Occasions are two months a year and
everyday buying eight, so a SQL cell compares rates, not totals: a customer belongs to an occasion
where they spend at least 1.5 times their usual monthly rate. It looks at 2024, for customers who
bought before 2024, so everyone is seen for the same twelve months.
${PITFALLS}`)
      .add('rules', {
        name: 'occasion_lines', input: 'retail_transactions', elseSegment: 'Everyday',
        segments: [
          { name: 'Holiday season', match: 'all', conditions: [{ column: 'invoice_date', op: 'month in', value: 'Nov, Dec' }] },
          { name: 'Sales', match: 'all', conditions: [{ column: 'invoice_date', op: 'month in', value: 'Jan, Jul' }] },
        ],
      })
      .sql('occasion_buyers', `
WITH lines AS (
  SELECT customer_id, segment AS occasion, quantity * unit_price AS amount
  FROM occasion_lines
  WHERE invoice_id NOT LIKE 'C%' AND quantity > 0 AND year(invoice_date) = 2024
    AND customer_id IN (SELECT customer_id FROM occasion_lines WHERE year(invoice_date) < 2024)
),
spend AS (SELECT customer_id, sum(amount) AS spend FROM lines GROUP BY customer_id),
lift AS (
  SELECT l.customer_id, l.occasion, (sum(l.amount) / 2) / (any_value(s.spend) / 12) AS lift
  FROM lines l JOIN spend s USING (customer_id)
  WHERE l.occasion <> 'Everyday'
  GROUP BY l.customer_id, l.occasion
),
peak AS (SELECT customer_id, arg_max(occasion, lift) AS occasion, max(lift) AS lift FROM lift GROUP BY customer_id)
SELECT s.customer_id,
       CASE WHEN coalesce(p.lift, 0) >= 1.5 THEN p.occasion ELSE 'Everyday' END AS segment,
       round(s.spend, 2) AS spend_2024,
       round(coalesce(p.lift, 0), 2) AS occasion_lift
FROM spend s LEFT JOIN peak p USING (customer_id)`)
      .add('chart', { input: 'occasion_buyers', mark: 'box', x: 'segment', y: 'spend_2024', color: null, facet: null, title: '2024 spend of customers by the occasion they buy most in' })
      .add('profile', {
        name: 'occasion_personas', input: 'occasion_buyers', segmentColumn: 'segment', numeric: ['spend_2024', 'occasion_lift'], valueColumn: 'spend_2024',
      })
      .workbook,
};

export const endToEndKMeans: Example = {
  id: 'kmeans-end-to-end',
  title: 'k-means from start to finish',
  summary: 'Choose features, sweep k, validate the segments and turn them into persona cards.',
  workbook: () =>
    new ExampleBuilder('kmeans-end-to-end', 'k-means from start to finish', RETAIL)
      .note(`# k-means from start to finish

The whole path of a clustering project: build one row per customer, choose and scale features,
sweep k and read the metrics, fit, validate the segments (are they separated, stable, big enough
to act on?), then describe them as personas with actions.

**When to use it.** When you do not know the segments in advance and have numeric behaviour per
customer. **Use case:** an online shop finds four buying patterns and builds one campaign per
pattern.

Open the cluster cell's "Sweep k" to compare k from 2 to 10, and its teaching view to step
through the algorithm.
${PITFALLS}`)
      .sql('customer_rfm', CUSTOMER_RFM_SQL)
      .add('cluster', {
        name: 'kmeans_segments', input: 'customer_rfm', k: 4, seed: 42,
        features: features(['recency_days', 'orders', 'spend'], ['orders', 'spend']),
      })
      .add('validate', {
        name: 'kmeans_check', input: 'kmeans_segments', features: features(['recency_days', 'orders', 'spend'], ['orders', 'spend']), valueColumn: 'spend',
      })
      .add('profile', {
        name: 'kmeans_personas', input: 'kmeans_segments', segmentColumn: 'segment', numeric: ['recency_days', 'orders', 'spend'], valueColumn: 'spend',
      })
      .workbook,
};
