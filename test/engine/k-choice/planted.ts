import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from '../../../src/db/database.ts';
import { createCell } from '../../../src/engine/new-cell.ts';
import { emptyWorkbook, type ClusterCell } from '../../../src/engine/workbook.ts';
import { loadSource } from '../../../src/ingest/load-source.ts';
import { nodeParsers } from '../../../src/ingest/node-parsers.ts';
import type { FeatureSpec } from '../../../src/ml/preprocess.ts';

const SAMPLES = resolve(import.meta.dirname, '../../../sample-data');

/** A sample dataset with planted segments, and the features a marketer would cluster it on. */
export interface Planted {
  name: string;
  /** How many segments were planted (sample-data/README.md). */
  planted: number;
  files: Record<string, string>;
  /** SQL making `input` from the loaded files, when the features need computing. */
  sql?: string;
  input: string;
  features: FeatureSpec;
}

function features(columns: string[], logged: string[] = []): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: logged.includes(column), clip: null })), categorical: [], missing: 'drop' };
}

export const PLANTED: Planted[] = [
  {
    // Recency, frequency and monetary value: what an RFM clustering uses (the k-means example's features).
    name: 'retail', planted: 6, files: { retail_transactions: 'retail-transactions.csv' }, input: 'customer_rfm',
    sql: `CREATE OR REPLACE TABLE customer_rfm AS
      SELECT customer_id, date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency_days,
             count(DISTINCT invoice_id) AS orders, round(sum(quantity * unit_price), 2) AS spend
      FROM retail_transactions WHERE invoice_id NOT LIKE 'C%' AND quantity > 0 GROUP BY customer_id ORDER BY customer_id`,
    features: features(['recency_days', 'orders', 'spend'], ['orders', 'spend']),
  },
  {
    // Everything the personas were drawn on: demographics, survey items and engagement.
    name: 'b2c', planted: 6, files: { b2c_customers: 'b2c-customers.csv' }, input: 'b2c_customers',
    features: features([
      'age', 'income', 'household_size', 'lifestyle_outdoors', 'lifestyle_tech', 'lifestyle_health', 'lifestyle_social',
      'values_sustainability', 'values_tradition', 'values_status', 'interest_travel', 'interest_cooking', 'interest_fashion',
      'interest_sports', 'need_price', 'need_convenience', 'need_quality', 'sessions_30d', 'email_opens_30d',
    ], ['income', 'sessions_30d', 'email_opens_30d']),
  },
  {
    name: 'b2b', planted: 5, files: { b2b_accounts: 'b2b-accounts.csv' }, input: 'b2b_accounts',
    features: features(
      ['employees', 'annual_revenue', 'seats', 'active_users_30d', 'features_used', 'api_calls_30d', 'support_tickets_90d', 'nps', 'mrr'],
      ['employees', 'annual_revenue', 'seats', 'active_users_30d', 'api_calls_30d', 'mrr'],
    ),
  },
  {
    // The engagement example's measures of each user.
    name: 'saas', planted: 5, files: { saas_users: 'saas-users.csv', saas_events: 'saas-events.csv' }, input: 'user_engagement',
    sql: `CREATE OR REPLACE TABLE user_engagement AS
      SELECT u.user_id,
             count(DISTINCT e.event_time::DATE) FILTER (WHERE e.event_time >= TIMESTAMP '2024-10-01') AS active_days_q4,
             count(DISTINCT e.event_time::DATE) FILTER (WHERE e.event_time < TIMESTAMP '2024-07-01') AS active_days_h1,
             count(*) FILTER (WHERE e.event IN ('invite_teammate', 'use_integration', 'export_report')) AS deep_actions,
             count(*) FILTER (WHERE e.event = 'support_ticket') AS support_tickets
      FROM saas_users u LEFT JOIN saas_events e USING (user_id) GROUP BY ALL ORDER BY u.user_id`,
    features: features(['active_days_q4', 'active_days_h1', 'deep_actions', 'support_tickets'], ['deep_actions', 'support_tickets']),
  },
];

/** Loads the dataset's files and makes its input table; returns a cluster cell with the app's defaults on it. */
export async function preparePlanted(db: Database, p: Planted): Promise<ClusterCell> {
  for (const [table, file] of Object.entries(p.files)) {
    const path = resolve(SAMPLES, file);
    await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: file, table, path });
  }
  if (p.sql) await db.exec(p.sql);
  const cell = createCell('cluster', emptyWorkbook(), 0);
  if (cell.kind !== 'cluster') throw new Error('expected a cluster cell');
  return { ...cell, name: `${p.name}_segments`, input: p.input, features: p.features };
}
