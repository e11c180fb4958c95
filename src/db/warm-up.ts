import { quoteLiteral } from './sql-quote.ts';
import type { Database } from './database.ts';

/** Rows of the synthetic transactions: as many as 15,000 warmed the pipeline no better, and made each statement longer to wait behind. */
const ROWS = 6_000;
const FILE = '__segbook_warmup.csv';

/**
 * Synthetic transactions shaped like a user's file: invoice text, customer ids with some missing,
 * timestamps written as text, integer quantities and prices with cents, a country.
 */
export function warmUpCsv(rows = ROWS): string {
  const lines = ['invoice,customer,invoice_date,quantity,unit_price,country'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    const customer = i % 17 === 0 ? '' : String(10_000 + ((i * 7919) % 3_000));
    lines.push(`${i % 50 === 0 ? 'C' : ''}${500_000 + (i >> 2)},${customer},2024-${month}-${day} ${String(i % 24).padStart(2, '0')}:15:00,${1 + (i % 9)},${((i % 400) / 4 + 0.25).toFixed(2)},${['United Kingdom', 'France', 'Germany', 'Spain'][i % 4]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The statements of the warm-up: a load, the source statistics, a clean step and an RFM-shaped query; warmUp drops its tables after. */
export function warmUpStatements(path: string): string[] {
  const table = '__segbook_warmup';
  return [
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM read_csv(${quoteLiteral(path)}, skip=0)`,
    `SELECT count(*), count(customer), approx_count_distinct(invoice), min(invoice_date)::VARCHAR, max(unit_price)::VARCHAR, bool_or(contains(country, ',')) FROM ${table}`,
    `CREATE OR REPLACE TEMP TABLE ${table}_clean AS SELECT * FROM ${table} WHERE customer IS NOT NULL AND invoice NOT LIKE 'C%' AND quantity > 0`,
    `SELECT customer, r, ntile(5) OVER (ORDER BY r DESC, customer) AS rs, ntile(5) OVER (ORDER BY f, customer) AS fs, ntile(5) OVER (ORDER BY m, customer) AS ms
     FROM (SELECT customer, date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS r, count(DISTINCT invoice) AS f, sum(quantity * unit_price) AS m
           FROM ${table}_clean GROUP BY customer) ORDER BY customer`,
  ];
}

/**
 * Runs a small workload shaped like the app's own as soon as DuckDB starts. Chromium first runs a
 * wasm function unoptimised and recompiles it once it is hot: on Online Retail the first load
 * read for 464 ms and later ones for about 300, the first clean step took 139 ms and later ones
 * about 90. Every statement waits behind the user's (background lane), so a load or a cell waits
 * at most for one short statement; the rest of the warm-up waits behind it.
 */
export async function warmUp(db: Database): Promise<void> {
  const path = await db.registerUpload({ name: FILE, blob: new Blob([warmUpCsv()]) });
  try {
    for (const sql of warmUpStatements(path)) await db.query(sql, { background: true });
  } finally {
    await db.query('DROP TABLE IF EXISTS __segbook_warmup_clean', { background: true }).catch(() => undefined);
    await db.query('DROP TABLE IF EXISTS __segbook_warmup', { background: true }).catch(() => undefined);
    await db.dropUpload(FILE).catch(() => undefined);
  }
}
