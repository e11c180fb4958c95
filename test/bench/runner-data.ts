import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../../src/db/sql-quote.ts';

/** The runner row's default scale: 100M transaction lines of 10M customers. */
export const RUNNER_TRANSACTIONS = 100_000_000;
export const RUNNER_CUSTOMERS = 10_000_000;
const SEED = 7;

/**
 * Writes `transactions` lines of `customers` customers as CSV (customer_id, invoice_date, amount),
 * every value a hash of the line number and a fixed seed, so every run writes the same file. A
 * third of the customers buy often and recently, so the clusters have something to find.
 * Returns the customers that bought at least once: the RFM cell must find exactly these.
 */
export async function generateRunnerSet(path: string, transactions: number, customers: number): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (
  WITH lines AS (SELECT range AS line, 1 + (hash(range, ${SEED}) % ${customers})::BIGINT AS customer_id FROM range(${transactions}))
  SELECT customer_id,
    DATE '2023-01-01' + (CASE WHEN customer_id % 3 = 0 THEN 550 + hash(line, ${SEED} + 1) % 180 ELSE hash(line, ${SEED} + 1) % 730 END)::INTEGER AS invoice_date,
    round(1 + (hash(line, ${SEED} + 2) % (CASE WHEN customer_id % 3 = 0 THEN 40000 ELSE 6000 END)) / 100.0, 2) AS amount
  FROM lines) TO ${quoteLiteral(path)} (FORMAT csv, HEADER true)`);
    const reader = await conn.runAndReadAll(`SELECT count(DISTINCT customer_id) FROM read_csv(${quoteLiteral(path)})`);
    return Number(reader.getRows()[0][0]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
