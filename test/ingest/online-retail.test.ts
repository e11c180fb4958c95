import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { LoadedSource } from '../../src/ingest/load-source.ts';
import { loadFile } from './fixtures.ts';

// The shared test data lives next to the project, not inside it: /work/shared beside /work/main.
const DATASET = fileURLToPath(new URL('../../../shared/datasets/online-retail/online-retail.csv.gz', import.meta.url));

describe.runIf(existsSync(DATASET))('the Online Retail data set (541,909 real transactions)', () => {
  let db: NodeDatabase;
  let loaded: LoadedSource;

  const one = async (sql: string): Promise<number> => {
    const [row] = await db.query(sql);
    return Number(Object.values(row)[0]);
  };

  beforeAll(async () => {
    db = await NodeDatabase.open({ readablePaths: [DATASET] });
    loaded = await loadFile(db, DATASET, 'retail');
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('loads all 541,909 rows as CSV, read in place rather than copied', async () => {
    expect(loaded.format).toBe('csv');
    expect(loaded.rowCount).toBe(541_909);
    expect(await one('SELECT count(*) FROM retail')).toBe(541_909);
    expect(loaded.notes).toEqual([]);
    expect(existsSync(join(db.uploadDir, 'retail.csv.gz'))).toBe(false);
  });

  it('detects InvoiceDate as TIMESTAMP, Quantity as BIGINT and UnitPrice as DOUBLE', () => {
    const types = Object.fromEntries(loaded.schema.map((c) => [c.name, c.type]));
    expect(Object.keys(types)).toEqual([
      'InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country',
    ]);
    expect(types.InvoiceDate).toBe('TIMESTAMP');
    expect(types.Quantity).toBe('BIGINT');
    expect(types.UnitPrice).toBe('DOUBLE');
    expect(types.InvoiceNo).toBe('VARCHAR');
  });

  it('has 4,372 distinct customers, 135,080 rows without a customer and 9,288 cancellation rows', async () => {
    expect(await one('SELECT count(DISTINCT CustomerID) FROM retail')).toBe(4_372);
    expect(await one('SELECT count(*) FROM retail WHERE CustomerID IS NULL')).toBe(135_080);
    expect(await one(`SELECT count(*) FROM retail WHERE InvoiceNo LIKE 'C%'`)).toBe(9_288);
  });

  describe('after dropping rows with no customer, cancellations, and non-positive quantity or price', () => {
    const CLEAN = `SELECT * FROM retail
      WHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%' AND Quantity > 0 AND UnitPrice > 0`;
    const RFM = `SELECT CustomerID,
        date_diff('day', max(InvoiceDate)::DATE, DATE '2011-12-10') AS recency,
        count(DISTINCT InvoiceNo) AS frequency,
        sum(Quantity * UnitPrice) AS monetary
      FROM (${CLEAN}) GROUP BY CustomerID`;

    it('leaves 4,338 customers and revenue of 8,911,407.90', async () => {
      expect(await one(`SELECT count(DISTINCT CustomerID) FROM (${CLEAN})`)).toBe(4_338);
      expect(await one(`SELECT round(sum(Quantity * UnitPrice), 2) FROM (${CLEAN})`)).toBe(8_911_407.9);
    });

    it('gives mean recency 93.06 days (reference date 2011-12-10) and mean frequency 4.272 invoices', async () => {
      expect(await one(`SELECT round(avg(recency), 2) FROM (${RFM})`)).toBe(93.06);
      expect(await one(`SELECT round(avg(frequency), 3) FROM (${RFM})`)).toBe(4.272);
    });

    it('gives mean monetary value 2,054.27 and median monetary value 674.485', async () => {
      expect(await one(`SELECT round(avg(monetary), 2) FROM (${RFM})`)).toBe(2_054.27);
      expect(await one(`SELECT round(median(monetary), 3) FROM (${RFM})`)).toBe(674.485);
    });
  });
});
