import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DATASETS } from '../sample-data/catalog.ts';
import { generateSampleData } from '../sample-data/generate.ts';
import { adjustedRandIndex } from '../src/ml/agreement.ts';
import { kmeans } from '../src/ml/kmeans.ts';
import { matrix } from '../src/ml/matrix.ts';

const files = generateSampleData();

function table(file: string): Record<string, string>[] {
  // These files never need quoting except the B2C region names, which contain no commas.
  const [header, ...lines] = files[file].trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells.length, `${file}: ${line}`).toBe(names.length);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

/** Standardised columns as a row-major matrix. */
function standardised(rows: Record<string, string>[], columns: string[]) {
  const n = rows.length;
  const d = columns.length;
  const data = new Float64Array(n * d);
  columns.forEach((c, j) => {
    const values = rows.map((r) => Number(r[c]));
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
    values.forEach((v, i) => (data[i * d + j] = (v - mean) / sd));
  });
  return matrix(data, n, d);
}

function recovery(rows: Record<string, string>[], columns: string[]): number {
  const truth = [...new Set(rows.map((r) => r.segment_truth))];
  const labels = Int32Array.from(rows, (r) => truth.indexOf(r.segment_truth));
  const fit = kmeans(standardised(rows, columns), { k: truth.length, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42 });
  return adjustedRandIndex(labels, fit.labels);
}

describe('teaching sample data', () => {
  it('lists every generated CSV in the catalog, and only the retail tables open by default', () => {
    const csvs = Object.keys(files).filter((f) => f.endsWith('.csv')).sort();
    expect(SAMPLE_DATASETS.map((d) => d.file).sort()).toEqual(csvs);
    expect(SAMPLE_DATASETS.filter((d) => d.starter).map((d) => d.table)).toEqual(['retail_customers', 'retail_transactions']);
  });

  it('keeps every dataset small enough for a classroom laptop (under 6 MB in all)', () => {
    const bytes = Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0);
    expect(bytes).toBeLessThan(6 * 1024 * 1024);
  });

  it('lets k-means on the psychographic and needs items recover the planted B2C personas', () => {
    const rows = table('b2c-customers.csv');
    const items = Object.keys(rows[0]).filter((c) => /^(lifestyle|values|interest|need)_/.test(c));
    expect(items).toHaveLength(14);
    expect(rows.every((r) => items.every((c) => ['1', '2', '3', '4', '5'].includes(r[c])))).toBe(true);
    expect(recovery(rows, items)).toBeGreaterThan(0.8);
  });

  it('hides the B2C personas from a purely geographic view, so the basis of segmentation matters', () => {
    const rows = table('b2c-customers.csv');
    const byClimate = new Map<string, Set<string>>();
    for (const r of rows) byClimate.set(r.climate, (byClimate.get(r.climate) ?? new Set()).add(r.segment_truth));
    for (const personas of byClimate.values()) expect(personas.size).toBe(6);
  });

  it('lets k-means on usage recover most of the planted B2B account segments', () => {
    const rows = table('b2b-accounts.csv').map((r) => ({
      ...r,
      active_share: String(Number(r.active_users_30d) / Number(r.seats)),
      log_employees: String(Math.log10(Number(r.employees))),
      log_api: String(Math.log10(1 + Number(r.api_calls_30d))),
    }));
    expect(recovery(rows, ['active_share', 'log_employees', 'log_api', 'features_used', 'support_tickets_90d'])).toBeGreaterThan(0.6);
  });

  it('plants churn in the SaaS events: cancelled users end with a cancel, declining users fade', () => {
    const users = new Map(table('saas-users.csv').map((u) => [u.user_id, u]));
    const events = table('saas-events.csv');
    expect(events.every((e) => users.has(e.user_id) && e.event_time.startsWith('2024-'))).toBe(true);
    const last = new Map<string, string>();
    const halves = new Map<string, [number, number]>();
    for (const e of events) {
      last.set(e.user_id, e.event);
      const h = halves.get(e.user_id) ?? [0, 0];
      h[e.event_time < '2024-07-01' ? 0 : 1]++;
      halves.set(e.user_id, h);
    }
    for (const u of users.values()) {
      if (u.churned === 'true') expect(last.get(u.user_id), `user ${u.user_id}`).toBe('cancel');
      else expect(last.get(u.user_id)).not.toBe('cancel');
    }
    const declining = [...users.values()].filter((u) => u.segment_truth === 'declining').map((u) => halves.get(u.user_id) ?? [0, 0]);
    const first = declining.reduce((n, h) => n + h[0], 0);
    const second = declining.reduce((n, h) => n + h[1], 0);
    expect(second).toBeLessThan(first / 2);
  });

  it('is read by DuckDB with dates, timestamps, booleans and numbers typed', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const typeOf = async (file: string, column: string) => {
      const path = join(import.meta.dirname, '..', 'sample-data', file).replaceAll("'", "''");
      const reader = await con.runAndReadAll(`SELECT column_type FROM (DESCRIBE SELECT * FROM read_csv('${path}')) WHERE column_name = '${column}'`);
      return String(reader.getRowObjects()[0]?.column_type);
    };
    expect(await typeOf('b2c-customers.csv', 'last_login')).toBe('DATE');
    expect(await typeOf('b2c-customers.csv', 'need_price')).toBe('BIGINT');
    expect(await typeOf('b2b-accounts.csv', 'customer_since')).toBe('DATE');
    expect(await typeOf('b2b-accounts.csv', 'nps')).toBe('BIGINT');
    expect(await typeOf('saas-users.csv', 'churned')).toBe('BOOLEAN');
    expect(await typeOf('saas-events.csv', 'event_time')).toBe('TIMESTAMP');
    con.closeSync();
  });
});
