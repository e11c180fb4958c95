import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFixedWidth } from '../../src/ingest/fixed-width.ts';
import { LoadError } from '../../src/ingest/load-error.ts';
import { errorOf, loadFile, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();
const CDNOW = resolve(import.meta.dirname, '../../../shared/datasets/cdnow/CDNOW_sample.txt');

async function schema(table: string) {
  return (await fx.db.query(`DESCRIBE "${table}"`)).map((r) => `${r.column_name} ${r.column_type}`);
}

describe.skipIf(!existsSync(CDNOW))('the CDNOW transaction log (space-padded, CRLF, no header)', () => {
  it('loads every line into five typed columns, with the YYYYMMDD field as DATE', async () => {
    const loaded = await loadFile(fx.db, CDNOW, 'cdnow');
    expect(loaded.rowCount).toBe(6919);
    // The ids are zero-padded (00004 0001): they stay text, so the zeros are kept.
    expect(await schema('cdnow')).toEqual(['column1 VARCHAR', 'column2 VARCHAR', 'column3 DATE', 'column4 BIGINT', 'column5 DOUBLE']);
    expect(loaded.notes.join(' ')).toMatch(/fixed-width text: 5 columns .*named column1 to column5; column3 read as dates/);
    const [first] = await fx.db.query(`SELECT column1, column2, strftime(column3, '%Y-%m-%d') AS d, column4, column5 FROM cdnow LIMIT 1`);
    expect(first).toEqual({ column1: '00004', column2: '0001', d: '1997-01-01', column4: 2, column5: 29.33 });
  });

  it('keeps every value: totals match a plain split of the raw file', async () => {
    const raw = readFileSync(CDNOW, 'utf8').split('\r\n').filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
    const cds = raw.reduce((s, f) => s + Number(f[3]), 0);
    const dollars = raw.reduce((s, f) => s + Number(f[4]), 0);
    const [t] = await fx.db.query(`SELECT sum(column4) AS cds, sum(column5) AS dollars, count(DISTINCT column2) AS customers,
      strftime(min(column3), '%Y-%m-%d') AS first, strftime(max(column3), '%Y-%m-%d') AS last FROM cdnow`);
    expect(Number(t.cds)).toBe(cds);
    expect(Number(t.dollars)).toBeCloseTo(dollars, 6);
    expect(Number(t.customers)).toBe(2357);
    expect([t.first, t.last]).toEqual(['1997-01-01', '1998-06-30']);
  });
});

describe('fixed-width text', () => {
  it('takes names from a header line and reads blank fields as NULL by column position', async () => {
    const text = ['id  name      amount  day', ' 1  Ann        10.5  20240105', ' 2              7.25  20240210', '12  Bo Lee    100    20240315', ''].join('\r\n');
    const path = await fx.dir.write('people.txt', text);
    const loaded = await loadFile(fx.db, path, 'people');
    expect(await schema('people')).toEqual(['id BIGINT', 'name VARCHAR', 'amount DOUBLE', 'day DATE']);
    expect(loaded.notes.join(' ')).toMatch(/at fixed positions, names from its first line/);
    const rows = await fx.db.query(`SELECT id, name, amount, strftime(day, '%Y-%m-%d') AS day FROM people ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, name: 'Ann', amount: 10.5, day: '2024-01-05' },
      { id: 2, name: null, amount: 7.25, day: '2024-02-10' },
      { id: 12, name: 'Bo Lee', amount: 100, day: '2024-03-15' },
    ]);
  });

  it('reads a gzipped log whose values are wider later than in the first lines', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => ` ${String(i + 1).padStart(5, '0')} ${(i < 2000 ? 9.5 : 12345.25).toFixed(2).padStart(8)}`);
    const path = await fx.dir.writeGzip('wide.txt.gz', lines.join('\n') + '\n');
    const loaded = await loadFile(fx.db, path, 'wide');
    expect(loaded.rowCount).toBe(3000);
    const [t] = await fx.db.query('SELECT sum(column2) AS total, max(column1) AS last FROM wide');
    expect(Number(t.total)).toBeCloseTo(2000 * 9.5 + 1000 * 12345.25, 6);
    expect(Number(t.last)).toBe(3000);
  });

  it('refuses a line whose value crosses a column edge, naming the line', async () => {
    // The bad lines come after the 64 KB the layout is sampled from.
    const lines = [...Array.from({ length: 12_000 }, () => 'a    1'), 'dddd 4', 'e'];
    const path = await fx.dir.write('broken.txt', lines.join('\n') + '\n');
    const e = await errorOf(loadFile(fx.db, path, 'broken'));
    expect(e).toBeInstanceOf(LoadError);
    expect(e.message).toMatch(/broken\.txt looks like fixed-width text, but line 12001 has a value across a column edge/);
  });

  it('leaves delimited files and unaligned space-separated text to the CSV reader', () => {
    expect(detectFixedWidth('a,b\n1,2\n3,4\n', true)).toBeNull();
    expect(detectFixedWidth('id name\n1 Ann\n22 Bob\n', true)).toBeNull();
    expect(detectFixedWidth(' 1 2\n 3 4\n', true)?.columns).toEqual([[1, 2], [3, 4]]);
  });
});
