import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATASETS } from '../sample-data/catalog.ts';
import {
  CUSTOMER_COLUMNS, GENERATED_FILES, SEGMENTS, TRANSACTION_COLUMNS, generateSampleData,
} from '../sample-data/generate.ts';

const DIR = join(import.meta.dirname, '..', 'sample-data');
const CUSTOMERS = 'retail-customers.csv';
const TRANSACTIONS = 'retail-transactions.csv';

/** Parses CSV text that ends with '\n' (quotes honoured). */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n') record.push(field), records.push(record), (record = []), (field = '');
    else field += c;
  }
  const [header, ...rows] = records;
  return rows.map((r) => {
    if (r.length !== header.length) throw new Error(`row has ${r.length} fields, header ${header.length}: ${r.join(",")}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]]));
  });
}

let files: Record<string, string>;
let customers: Record<string, string>[];
let transactions: Record<string, string>[];

beforeAll(() => {
  files = generateSampleData();
  customers = parseCsv(files[CUSTOMERS]);
  transactions = parseCsv(files[TRANSACTIONS]);
});

describe('sample data generator', () => {
  it('matches the committed files byte for byte (run `npx tsx sample-data/generate.ts` if not)', () => {
    expect(Object.keys(files).sort()).toEqual([...GENERATED_FILES].sort());
    for (const [name, text] of Object.entries(files)) {
      const committed = readFileSync(join(DIR, name));
      expect(committed.equals(Buffer.from(text, 'utf8')), `sample-data/${name} is out of date`).toBe(true);
    }
  });

  it('is deterministic', () => {
    expect(generateSampleData()).toEqual(files);
  });

  it('writes plain UTF-8 CSV with the documented headers', () => {
    for (const name of [CUSTOMERS, TRANSACTIONS]) {
      const text = files[name];
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
    }
    expect(files[CUSTOMERS].slice(0, files[CUSTOMERS].indexOf('\n'))).toBe(CUSTOMER_COLUMNS.join(','));
    expect(files[TRANSACTIONS].slice(0, files[TRANSACTIONS].indexOf('\n'))).toBe(TRANSACTION_COLUMNS.join(','));
    const bytes = Buffer.byteLength(files[CUSTOMERS]) + Buffer.byteLength(files[TRANSACTIONS]);
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('has the expected sizes and valid values', () => {
    expect(customers.length).toBeGreaterThanOrEqual(1900);
    expect(customers.length).toBeLessThanOrEqual(2100);
    expect(transactions.length).toBeGreaterThanOrEqual(40_000);
    expect(transactions.length).toBeLessThanOrEqual(60_000);

    const ids = customers.map((c) => c.customer_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of customers) {
      expect(c.customer_id).toMatch(/^\d+$/);
      expect(c.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.signup_date <= '2024-12-31').toBe(true);
      expect(c.age).toMatch(/^\d+$/);
      expect(Number(c.age)).toBeGreaterThanOrEqual(18);
      expect(c.income).toMatch(/^(\d+)?$/);
      expect(['female', 'male', 'other', '']).toContain(c.gender);
      expect(['web', 'app', 'store']).toContain(c.channel_preference);
      expect(['true', 'false']).toContain(c.email_opt_in);
      expect(SEGMENTS).toContain(c.segment_truth);
    }
    for (const t of transactions) {
      expect(t.invoice_id).toMatch(/^C?INV\d{6}$/);
      expect(t.invoice_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(t.invoice_date >= '2023-01-01 00:00:00' && t.invoice_date <= '2024-12-31 23:59:59').toBe(true);
      expect(t.quantity).toMatch(/^-?[1-9]\d*$/);
      expect(t.unit_price).toMatch(/^\d+\.\d{2}$/);
      expect(Number(t.unit_price)).toBeGreaterThan(0);
      expect(['web', 'app', 'store']).toContain(t.channel);
    }
  });

  it('only has transactions of known customers, after they signed up', () => {
    const signup = new Map(customers.map((c) => [c.customer_id, c.signup_date]));
    for (const t of transactions) {
      expect(signup.has(t.customer_id), `unknown customer ${t.customer_id}`).toBe(true);
      expect(t.invoice_date.slice(0, 10) >= signup.get(t.customer_id)!).toBe(true);
    }
  });

  it('has about 1.5% cancellations, each of an earlier order line of the same customer', () => {
    const cancellations = transactions.filter((t) => t.invoice_id.startsWith('C'));
    const share = cancellations.length / transactions.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.02);
    const lines = new Map(transactions.filter((t) => !t.invoice_id.startsWith('C')).map((t) => [`${t.invoice_id}|${t.product_category}`, t]));
    for (const c of cancellations) {
      expect(Number(c.quantity)).toBeLessThan(0);
      const original = lines.get(`${c.invoice_id.slice(1)}|${c.product_category}`);
      expect(original, `${c.invoice_id} cancels nothing`).toBeDefined();
      expect(c.customer_id).toBe(original!.customer_id);
      expect(c.unit_price).toBe(original!.unit_price);
      expect(-Number(c.quantity)).toBeLessThanOrEqual(Number(original!.quantity));
      expect(c.invoice_date >= original!.invoice_date).toBe(true);
    }
    for (const t of transactions) if (!t.invoice_id.startsWith('C')) expect(Number(t.quantity)).toBeGreaterThan(0);
  });

  it('plants every segment with its behaviour', () => {
    const segmentOf = new Map(customers.map((c) => [c.customer_id, c.segment_truth]));
    const stats = new Map(SEGMENTS.map((s) => [s, { customers: 0, orders: new Set<string>(), spend: 0, priceSum: 0, lines: 0, last: [] as string[] }]));
    const last = new Map<string, string>();
    for (const c of customers) stats.get(c.segment_truth as (typeof SEGMENTS)[number])!.customers++;
    for (const t of transactions) {
      const s = stats.get(segmentOf.get(t.customer_id) as (typeof SEGMENTS)[number])!;
      s.spend += Number(t.quantity) * Number(t.unit_price);
      if (t.invoice_id.startsWith('C')) continue;
      s.orders.add(t.invoice_id);
      s.priceSum += Number(t.unit_price);
      s.lines++;
      if ((last.get(t.customer_id) ?? '') < t.invoice_date) last.set(t.customer_id, t.invoice_date);
    }
    for (const c of customers) {
      expect(last.has(c.customer_id), `customer ${c.customer_id} never bought`).toBe(true);
      stats.get(c.segment_truth as (typeof SEGMENTS)[number])!.last.push(last.get(c.customer_id)!);
    }
    for (const [segment, s] of stats) expect(s.customers, segment).toBeGreaterThanOrEqual(100);

    const get = (s: (typeof SEGMENTS)[number]) => stats.get(s)!;
    const frequency = (s: (typeof SEGMENTS)[number]) => get(s).orders.size / get(s).customers;
    const spend = (s: (typeof SEGMENTS)[number]) => get(s).spend / get(s).customers;
    const price = (s: (typeof SEGMENTS)[number]) => get(s).priceSum / get(s).lines;

    // Champions buy most often, spend most and have all bought in the final month.
    for (const other of SEGMENTS.filter((s) => s !== 'champions')) {
      expect(frequency('champions')).toBeGreaterThan(frequency(other));
      expect(spend('champions')).toBeGreaterThan(spend(other));
    }
    expect(get('champions').last.every((d) => d >= '2024-12-01')).toBe(true);
    expect(get('loyal').last.every((d) => d >= '2024-10-01')).toBe(true);
    expect(frequency('loyal')).toBeGreaterThan(frequency('at_risk'));
    // Bargain hunters pay the lowest unit prices.
    for (const other of SEGMENTS.filter((s) => s !== 'bargain_hunters')) expect(price('bargain_hunters')).toBeLessThan(price(other));
    // At-risk customers stopped during 2024; lost ones over a year before the end.
    expect(get('at_risk').last.every((d) => d >= '2024-01-01' && d < '2024-10-01')).toBe(true);
    expect(get('lost').last.every((d) => d < '2024-01-01')).toBe(true);
    // New customers signed up in the last 3 months, and only they did.
    for (const c of customers) expect(c.signup_date >= '2024-10-01').toBe(c.segment_truth === 'new');
    expect(frequency('new')).toBeLessThan(4);
  });

  it('is listed in the catalog', () => {
    const ids = SAMPLE_DATASETS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of SAMPLE_DATASETS) {
      expect(GENERATED_FILES).toContain(d.file);
      expect(d.table).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(d.title.length).toBeGreaterThan(0);
      expect(d.description.length).toBeGreaterThan(0);
    }
    expect(SAMPLE_DATASETS.map((d) => d.file)).toEqual(expect.arrayContaining([CUSTOMERS, TRANSACTIONS]));
  });

  it('is read by DuckDB with the intended column types', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const types = async (file: string) => {
        const path = join(DIR, file).replace(/'/g, "''");
        const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_csv('${path}')`);
        return Object.fromEntries(reader.getRowsJS().map((r) => [String(r[0]), String(r[1])]));
      };
      expect(await types(CUSTOMERS)).toEqual({
        customer_id: 'BIGINT', signup_date: 'DATE', country: 'VARCHAR', region: 'VARCHAR', city: 'VARCHAR',
        age: 'BIGINT', gender: 'VARCHAR', income: 'BIGINT', channel_preference: 'VARCHAR', email_opt_in: 'BOOLEAN',
        segment_truth: 'VARCHAR',
      });
      expect(await types(TRANSACTIONS)).toEqual({
        invoice_id: 'VARCHAR', customer_id: 'BIGINT', invoice_date: 'TIMESTAMP', product_category: 'VARCHAR',
        quantity: 'BIGINT', unit_price: 'DOUBLE', channel: 'VARCHAR',
      });
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
