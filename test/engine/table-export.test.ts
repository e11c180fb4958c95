import { Table as WasmTable, readParquet, writeParquet } from 'parquet-wasm/node';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { encodeTable } from '../../src/db/table-encoders.ts';
import { exportFileName, exportPlan, exportTable, type ExportFormat } from '../../src/db/table-export.ts';
import { describeTable } from '../../src/db/catalog.ts';

let db: NodeDatabase;

const encode = (format: ExportFormat) => (table: string) =>
  exportTable(db, table, format, async (ipc, decimals, f) => encodeTable(ipc, decimals, f, (bytes) => writeParquet(WasmTable.fromIPCStream(bytes))));

// Every awkward value a table can hold: text with quotes, commas, line breaks and non-ASCII,
// the empty string next to NULL, dates, microsecond timestamps, decimals past a double's
// precision, and integers past 2^53.
const TRICKY = `CREATE TABLE tricky AS SELECT * FROM (VALUES
  (1, 'plain', DATE '2024-02-29', TIMESTAMP '2024-01-01 10:00:00.123456', 12345678901234.5678::DECIMAL(18,4), 9007199254740993::BIGINT, 0.1::DOUBLE, true),
  (2, 'say "hi", then
leave', DATE '1969-12-31', TIMESTAMP '1960-06-30 23:59:59', -0.0001::DECIMAL(18,4), (-9223372036854775807 - 1)::BIGINT, -1.5e300::DOUBLE, false),
  (3, '', DATE '0001-01-01', TIMESTAMP '2000-01-01 00:00:00', 0::DECIMAL(18,4), 0::BIGINT, 0::DOUBLE, NULL),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (5, 'ünïcødé ✓, «quotes»' || chr(13) || chr(10) || 'crlf', DATE '9999-12-31', TIMESTAMP '2024-03-10 02:30:00.5', 99999999999999.9999::DECIMAL(18,4), 9223372036854775807::BIGINT, 1e-300::DOUBLE, true)
) v(id, txt, day, moment, amount, big, x, flag)`;

const TRICKY_TYPES = `{'id': 'INTEGER', 'txt': 'VARCHAR', 'day': 'DATE', 'moment': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)', 'big': 'BIGINT', 'x': 'DOUBLE', 'flag': 'BOOLEAN'}`;

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(TRICKY);
  await db.exec(`CREATE TABLE wide AS SELECT i AS id, (i * 7919) % 1000 / 100 + 0.01 AS price, 'row ' || i AS label,
    DATE '2020-01-01' + (i % 1000)::INTEGER AS day, (i::HUGEINT * 100000000000000000000::HUGEINT) AS huge FROM range(0, 10000) t(i)`);
});
afterAll(() => db.close());

async function upload(name: string, bytes: Uint8Array): Promise<string> {
  return db.registerUpload({ name, blob: new Blob([new Uint8Array(bytes)]) });
}

/** Rows in one table and not in the other, both ways; EXCEPT ALL compares NULLs as equal. */
async function differences(a: string, b: string): Promise<number> {
  const [row] = await db.query(`SELECT (SELECT count(*) FROM (FROM ${a} EXCEPT ALL FROM ${b})) + (SELECT count(*) FROM (FROM ${b} EXCEPT ALL FROM ${a})) AS n`);
  return Number(row.n);
}

describe('table export', () => {
  it('writes RFC 4180 CSV that DuckDB reads back to the identical table', async () => {
    const bytes = await encode('csv')('tricky');
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('id,txt,day,moment,amount,big,x,flag\r\n')).toBe(true);
    expect(text).toContain('2,"say ""hi"", then\nleave",1969-12-31,1960-06-30 23:59:59,-0.0001,-9223372036854775808,-1.5e+300,false\r\n');
    expect(text).toContain('3,"",0001-01-01,2000-01-01 00:00:00,0.0000,0,0,\r\n');
    expect(text).toContain('4,,,,,,,\r\n');
    expect(text).toContain('12345678901234.5678,9007199254740993,0.1,true');
    const path = await upload('tricky.csv', bytes);
    await db.exec(`CREATE TABLE tricky_csv AS SELECT * FROM read_csv('${path}', header = true, columns = ${TRICKY_TYPES}, allow_quoted_nulls = false)`);
    expect(await differences('tricky', 'tricky_csv')).toBe(0);
    const [empty] = await db.query(`SELECT txt = '' AS blank, (SELECT txt IS NULL FROM tricky_csv WHERE id = 4) AS missing FROM tricky_csv WHERE id = 3`);
    expect(empty).toEqual({ blank: true, missing: true });
  });

  it('writes Parquet with exact types that DuckDB and parquet-wasm read back identically', async () => {
    const bytes = await encode('parquet')('tricky');
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x41, 0x52, 0x31]);
    const path = await upload('tricky.parquet', bytes);
    await db.exec(`CREATE TABLE tricky_parquet AS SELECT * FROM read_parquet('${path}')`);
    expect(await describeTable(db, 'tricky_parquet')).toEqual(await describeTable(db, 'tricky'));
    expect(await differences('tricky', 'tricky_parquet')).toBe(0);
    const arrow = tableFromIPC(readParquet(bytes).intoIPCStream());
    expect(arrow.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'id:Int32', 'txt:Utf8', 'day:Date32<DAY>', 'moment:Timestamp<MICROSECOND>', 'amount:Decimal[18e+4]', 'big:Int64', 'x:Float64', 'flag:Bool',
    ]);
    expect(arrow.getChild('big')?.get(4)).toBe(9223372036854775807n);
    expect(arrow.getChild('txt')?.get(1)).toBe('say "hi", then\nleave');
  });

  it('keeps 10,000 rows over many batches, hugeints as decimals, in both formats', async () => {
    const csv = await upload('wide.csv', await encode('csv')('wide'));
    await db.exec(`CREATE TABLE wide_csv AS SELECT * FROM read_csv('${csv}', header = true,
      columns = {'id': 'BIGINT', 'price': 'DOUBLE', 'label': 'VARCHAR', 'day': 'DATE', 'huge': 'HUGEINT'})`);
    expect(await differences('wide', 'wide_csv')).toBe(0);
    const parquet = await upload('wide.parquet', await encode('parquet')('wide'));
    await db.exec(`CREATE TABLE wide_parquet AS SELECT * EXCLUDE (huge), huge::HUGEINT AS huge FROM read_parquet('${parquet}')`);
    expect(await differences('wide', 'wide_parquet')).toBe(0);
    const [types] = await db.query(`SELECT typeof(huge) AS t FROM read_parquet('${parquet}') LIMIT 1`);
    expect(types.t).toBe('DECIMAL(38,0)');
  });

  it('exports an empty table as a header row and a readable Parquet file', async () => {
    await db.exec(`CREATE TABLE nothing AS SELECT * FROM tricky WHERE false`);
    expect(new TextDecoder().decode(await encode('csv')('nothing'))).toBe('id,txt,day,moment,amount,big,x,flag\r\n');
    const path = await upload('nothing.parquet', await encode('parquet')('nothing'));
    const [row] = await db.query(`SELECT count(*) AS n FROM read_parquet('${path}')`);
    expect(Number(row.n)).toBe(0);
  });

  it('sends decimals and unknown types as text and names files after the table', () => {
    const plan = exportPlan('t', [{ name: 'a', type: 'DECIMAL(10,2)' }, { name: 'b', type: 'INTEGER[]' }, { name: 'c', type: 'DOUBLE' }]);
    expect(plan.decimals).toEqual([{ name: 'a', precision: 10, scale: 2 }]);
    expect(plan.sql).toBe('SELECT CAST("a" AS VARCHAR) AS "a", CAST("b" AS VARCHAR) AS "b", "c" FROM "t"');
    expect(exportFileName('rfm scores/2024', 'csv')).toBe('rfm_scores_2024.csv');
  });
});
