/** The cells a fresh workbook gets with the sample data, so that there is something to run straight away. */
export const STARTER = [
  {
    kind: 'markdown' as const,
    text:
      '# Welcome to Segbook\n\nTwo synthetic tables are loaded: **retail_customers** and **retail_transactions**. ' +
      'Each SQL cell stores its result as a table that later cells can query. Press **Shift+Enter** in a cell to run it; ' +
      'cells that read its table run again after it.',
  },
  {
    kind: 'sql' as const,
    name: 'customer_value',
    sql:
      "SELECT customer_id,\n       count(DISTINCT invoice_id) AS orders,\n       round(sum(quantity * unit_price), 2) AS revenue,\n       max(invoice_date) AS last_order\nFROM retail_transactions\nWHERE invoice_id NOT LIKE 'C%'\nGROUP BY customer_id",
  },
  {
    kind: 'sql' as const,
    name: 'value_by_segment',
    sql:
      'SELECT c.segment_truth,\n       count(*) AS customers,\n       round(avg(v.revenue), 2) AS mean_revenue,\n       round(avg(v.orders), 1) AS mean_orders\nFROM customer_value v\nJOIN retail_customers c USING (customer_id)\nGROUP BY ALL\nORDER BY mean_revenue DESC',
  },
];
