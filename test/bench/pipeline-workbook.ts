import { DuckDBInstance } from '@duckdb/node-api';
import { createCell } from '../../src/engine/new-cell.ts';
import { emptyWorkbook, type Cell, type CellKind, type SourceSpec, type Workbook } from '../../src/engine/workbook.ts';
import type { FeatureSpec } from '../../src/ml/preprocess.ts';

type CellOf<K extends CellKind> = Extract<Cell, { kind: K }>;

/** One dataset the whole pipeline runs on: its files, the workbook a user would build for it, and what to check. */
export interface Scale {
  id: 'retail' | 'large';
  title: string;
  files: Array<{ table: string; path: string; rows: number }>;
  workbook: Workbook;
  /** The columns of the cluster cell's features, before log1p, as a SQL query on the loaded tables: the peers' input. */
  rawFeaturesSql: string;
  /** Positions in rawFeaturesSql's columns that the pipeline takes log1p of. */
  logged: number[];
  k: number;
  /** Customers the RFM cell must find: a wrong figure means the stages did not do the work. */
  customers: number;
}

function add<K extends CellKind>(wb: Workbook, kind: K, settings: Partial<Omit<CellOf<K>, 'id' | 'kind'>>): void {
  const base = createCell(kind, wb, wb.cells.length);
  wb.cells.push({ ...base, ...settings, id: `bench-${wb.cells.length + 1}`, kind });
}

function fileSource(table: string, file: string): SourceSpec {
  return { name: table, file, origin: 'file', format: 'csv', columnTypes: {}, schema: [] };
}

function standard(columns: string[]): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' };
}

/**
 * The cells every scale runs, as a user would add them: clean, RFM, features (log1p of the
 * skewed measures, in SQL), a k-means cell, its validation and its personas.
 */
function pipeline(title: string, sources: SourceSpec[], cleanSql: string, rfm: Partial<CellOf<'rfm'>>, featuresSql: string, features: string[], k: number): Workbook {
  const wb: Workbook = { ...emptyWorkbook(title), sources };
  add(wb, 'sql', { name: 'clean', sql: cleanSql });
  add(wb, 'rfm', { name: 'rfm', input: 'clean', referenceDate: null, exclude: null, ...rfm });
  add(wb, 'sql', { name: 'features', sql: featuresSql });
  add(wb, 'cluster', { name: 'segments', input: 'features', k, features: standard(features) });
  add(wb, 'validate', { name: 'validation', input: 'segments', segmentColumn: 'segment', features: standard(features), valueColumn: 'monetary' });
  add(wb, 'profile', { name: 'personas', input: 'segments', segmentColumn: 'segment', numeric: [...features, 'monetary'], valueColumn: 'monetary' });
  return wb;
}

/** The real Online Retail file, with the cleaning its SOURCE.md describes (4,338 customers). */
export function retailScale(path: string): Scale {
  const features = ['recency_days', 'log_frequency', 'log_monetary'];
  return {
    id: 'retail', title: 'Online Retail (541,909 rows)', k: 4, customers: 4338, logged: [1, 2],
    files: [{ table: 'online_retail', path, rows: 541_909 }],
    workbook: pipeline(
      'Online Retail pipeline',
      [fileSource('online_retail', 'online-retail.csv.gz')],
      `SELECT * FROM online_retail\nWHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%' AND Quantity > 0 AND UnitPrice > 0`,
      { customer: 'CustomerID', date: 'InvoiceDate', amount: '"Quantity" * "UnitPrice"', invoice: 'InvoiceNo' },
      `SELECT CustomerID, recency_days, ln(1 + frequency) AS log_frequency, ln(1 + monetary) AS log_monetary, monetary\nFROM rfm`,
      features,
      4,
    ),
    rawFeaturesSql: 'SELECT recency_days, frequency, monetary FROM rfm',
  };
}

export const LARGE_CUSTOMERS = 1_000_000;
export const LARGE_TRANSACTIONS = 10_000_000;

/** 1M customers and 10M transaction lines, clustered on six features with k = 8. */
export function largeScale(customersPath: string, transactionsPath: string, customers: number): Scale {
  const features = ['recency_days', 'log_frequency', 'log_monetary', 'age', 'income', 'tenure_days'];
  return {
    id: 'large', title: `Generated ${LARGE_CUSTOMERS / 1e6}M customers / ${LARGE_TRANSACTIONS / 1e6}M transactions`, k: 8, customers,
    logged: [1, 2],
    files: [
      { table: 'customers', path: customersPath, rows: LARGE_CUSTOMERS },
      { table: 'transactions', path: transactionsPath, rows: LARGE_TRANSACTIONS },
    ],
    workbook: pipeline(
      'Generated pipeline',
      [fileSource('customers', 'customers.csv'), fileSource('transactions', 'transactions.csv')],
      `SELECT * FROM transactions\nWHERE invoice_id NOT LIKE 'C%' AND quantity > 0`,
      { customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price', invoice: 'invoice_id' },
      `SELECT r.customer_id, r.recency_days, ln(1 + r.frequency) AS log_frequency, ln(1 + r.monetary) AS log_monetary,
  c.age, c.income, date_diff('day', c.signup_date, DATE '2025-01-01') AS tenure_days, r.monetary
FROM rfm r JOIN customers c USING (customer_id)`,
      features,
      8,
    ),
    rawFeaturesSql: `SELECT r.recency_days, r.frequency, r.monetary, c.age, c.income, date_diff('day', c.signup_date, DATE '2025-01-01') AS tenure_days
FROM rfm r JOIN customers c USING (customer_id)`,
  };
}

/**
 * Writes the generated set as plain CSV, the format a user's export most often arrives in, so the
 * load stage measures DuckDB's CSV reader rather than a decompressor. Values come from hashes of
 * the row number, so every run writes the same files. Returns the customers RFM will find.
 */
export async function generateLargeSet(customersPath: string, transactionsPath: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (
  SELECT range + 1 AS customer_id, DATE '2015-01-01' + (hash(range * 3) % 3650)::INTEGER AS signup_date,
    18 + (hash(range * 5) % 60)::INTEGER AS age, round(15000 + (hash(range * 7) % 150000), -2)::INTEGER AS income,
    ['UK', 'FR', 'DE', 'ES', 'IT', 'NL'][1 + (hash(range * 11) % 6)::INTEGER] AS country
  FROM range(${LARGE_CUSTOMERS})) TO '${customersPath}' (FORMAT csv, HEADER true)`);
    // Three lines per invoice; 1% of invoices are cancellations ('C' prefix, negative quantity).
    await conn.run(`COPY (
  WITH lines AS (SELECT range AS line, range // 3 AS invoice FROM range(${LARGE_TRANSACTIONS}))
  SELECT CASE WHEN hash(invoice * 13) % 100 = 0 THEN 'C' ELSE '' END || invoice::VARCHAR AS invoice_id,
    1 + (hash(invoice * 17) % ${LARGE_CUSTOMERS})::INTEGER AS customer_id,
    TIMESTAMP '2023-01-01' + to_seconds((hash(invoice * 19) % (730 * 86400))::BIGINT) AS invoice_date,
    (CASE WHEN hash(invoice * 13) % 100 = 0 THEN -1 ELSE 1 END) * (1 + (hash(line * 23) % 12)::INTEGER) AS quantity,
    round(0.5 + (hash(line * 29) % 5000) / 100.0, 2) AS unit_price
  FROM lines) TO '${transactionsPath}' (FORMAT csv, HEADER true)`);
    const reader = await conn.runAndReadAll(
      `SELECT count(DISTINCT customer_id) FROM read_csv('${transactionsPath}') WHERE invoice_id NOT LIKE 'C%' AND quantity > 0`,
    );
    return Number(reader.getRows()[0][0]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
