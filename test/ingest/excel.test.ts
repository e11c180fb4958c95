import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_EXCEL_BYTES } from '../../src/ingest/detect.ts';
import { LoadError } from '../../src/ingest/load-error.ts';
import { ERRORS, book, dateCell, encryptedBytes, sheet, xlsxBytes } from './fixtures/make-xlsx.ts';
import { errorOf, loadFile, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();

const PEOPLE = [
  { id: '00042', name: 'Ana', orders: 3, spend: 10.5, signup: '2024-01-05', seen: '2024-01-05 10:30:00', active: true, doubled: 6 },
  { id: '00107', name: 'José', orders: 12, spend: 20.25, signup: '2024-02-29', seen: '2024-02-29 23:59:59', active: false, doubled: 24 },
  { id: '01000', name: 'Bo', orders: 0, spend: 30, signup: '1999-12-31', seen: '1999-12-31 00:00:01', active: true, doubled: 0 },
];

function peopleSheet(date1904 = false) {
  return sheet([
    ['id', 'name', 'orders', 'spend', 'signup', 'seen', 'active', 'doubled'],
    ...PEOPLE.map((p, i) => [
      p.id, p.name, p.orders, p.spend, dateCell(p.signup, date1904), dateCell(p.seen, date1904, 'yyyy-mm-dd hh:mm:ss'), p.active,
      // A formula with its cached result, as Excel saves it.
      { t: 'n' as const, v: p.doubled, f: `C${i + 2}*2` },
    ]),
  ]);
}

const PEOPLE_SCHEMA = [
  { name: 'id', type: 'VARCHAR' }, { name: 'name', type: 'VARCHAR' }, { name: 'orders', type: 'BIGINT' }, { name: 'spend', type: 'DOUBLE' },
  { name: 'signup', type: 'DATE' }, { name: 'seen', type: 'TIMESTAMP' }, { name: 'active', type: 'BOOLEAN' }, { name: 'doubled', type: 'BIGINT' },
];

async function rowsAsText(table: string) {
  return fx.db.query(`SELECT id, name, orders, spend, strftime(signup, '%Y-%m-%d') AS signup, strftime(seen, '%Y-%m-%d %H:%M:%S') AS seen, active, doubled FROM "${table}" ORDER BY id`);
}

const expectedRows = () => PEOPLE.map((p) => ({ ...p, orders: p.orders, doubled: p.doubled }));

describe('an .xlsx sheet loads with the types and values the script wrote', () => {
  it('keeps text ids with leading zeros, numbers as numbers, dates as DATE/TIMESTAMP, booleans, and formulas as their cached values', async () => {
    const path = await fx.dir.write('people.xlsx', xlsxBytes(book({ People: peopleSheet() })));
    const loaded = await loadFile(fx.db, path, 'people');
    expect(loaded.format).toBe('excel');
    expect(loaded.schema).toEqual(PEOPLE_SCHEMA);
    expect(loaded.rowCount).toBe(3);
    expect(loaded.sheet).toBe('People');
    expect(loaded.sheets).toEqual(['People']);
    expect(loaded.notes).toEqual([]);
    expect(await rowsAsText('people')).toEqual(expectedRows());
  });

  it('reads dates in the 1904 date system to the same days as in the 1900 system', async () => {
    const path = await fx.dir.write('mac.xlsx', xlsxBytes(book({ People: peopleSheet(true) }, { date1904: true })));
    const loaded = await loadFile(fx.db, path, 'people_1904');
    expect(loaded.schema).toEqual(PEOPLE_SCHEMA);
    expect(await rowsAsText('people_1904')).toEqual(expectedRows());
    expect(loaded.notes).toEqual(['mac.xlsx uses the 1904 date system (old Mac Excel); its dates were read in that system.']);
  });

  it('reads an .xls (BIFF8) file through the same reader', async () => {
    const path = await fx.dir.write('people.xls', xlsxBytes(book({ People: peopleSheet() }), 'biff8'));
    const loaded = await loadFile(fx.db, path, 'people_xls');
    expect(loaded.format).toBe('excel');
    expect(loaded.schema).toEqual(PEOPLE_SCHEMA);
    expect(await rowsAsText('people_xls')).toEqual(expectedRows());
  });

  it('gives the same values as openpyxl reads from the same file (skipped without python3-openpyxl)', async (ctx) => {
    if (!hasOpenpyxl()) ctx.skip();
    const path = await fx.dir.write('people-openpyxl.xlsx', xlsxBytes(book({ People: peopleSheet() })));
    await loadFile(fx.db, path, 'people_openpyxl');
    const script = [
      'import json, sys, openpyxl',
      'ws = openpyxl.load_workbook(sys.argv[1], data_only=True).active',
      'rows = list(ws.iter_rows(min_row=2, values_only=True))',
      'out = [[v.strftime("%Y-%m-%d %H:%M:%S") if hasattr(v, "strftime") else v for v in r] for r in rows]',
      'print(json.dumps(sorted(out, key=lambda r: r[0])))',
    ].join('\n');
    const py = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const theirs = JSON.parse(py.stdout) as unknown[][];
    const ours = await fx.db.query(`SELECT id, name, orders, spend, strftime(signup, '%Y-%m-%d %H:%M:%S') AS signup, strftime(seen, '%Y-%m-%d %H:%M:%S') AS seen, active, doubled FROM people_openpyxl ORDER BY id`);
    expect(ours.map((r) => Object.values(r))).toEqual(theirs);
  });
});

describe('the shape of real-world sheets', () => {
  it('finds the header below title rows and names merged header cells once each, made unique', async () => {
    const ws = sheet([
      ['Quarterly sales report'],
      ['Exported 2024-05-01'],
      [],
      ['Region', 'Sales', null, 'Region'],
      ['North', 10, 11, 'N'],
      ['South', 20, 21, 'S'],
    ], { '!merges': [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }, { s: { r: 3, c: 1 }, e: { r: 3, c: 2 } }] });
    const path = await fx.dir.write('report.xlsx', xlsxBytes(book({ Report: ws })));
    const loaded = await loadFile(fx.db, path, 'report');
    expect(loaded.schema.map((c) => c.name)).toEqual(['Region', 'Sales', 'Sales_2', 'Region_2']);
    expect(await fx.db.query('SELECT * FROM report ORDER BY "Region"')).toEqual([
      { Region: 'North', Sales: 10, Sales_2: 11, Region_2: 'N' },
      { Region: 'South', Sales: 20, Sales_2: 21, Region_2: 'S' },
    ]);
    expect(loaded.notes).toContain('report.xlsx, sheet "Report": the first 3 rows looked like a title and were skipped; the header is row 4.');
  });

  it('loads error cells (#N/A, #DIV/0!) as NULL and counts them in a note', async () => {
    const ws = sheet([['id', 'ratio', 'lookup'], [1, 0.5, 'a'], [2, ERRORS.divZero, ERRORS.na], [3, ERRORS.divZero, 'c']]);
    const path = await fx.dir.write('errors.xlsx', xlsxBytes(book({ Data: ws })));
    const loaded = await loadFile(fx.db, path, 'errors');
    expect(loaded.schema).toEqual([{ name: 'id', type: 'BIGINT' }, { name: 'ratio', type: 'DOUBLE' }, { name: 'lookup', type: 'VARCHAR' }]);
    const [counts] = await fx.db.query('SELECT count(*) - count(ratio) AS ratio_nulls, count(*) - count(lookup) AS lookup_nulls FROM errors');
    expect(counts).toEqual({ ratio_nulls: 2, lookup_nulls: 1 });
    expect(loaded.notes).toEqual([
      'errors.xlsx, sheet "Data": 3 error cells (#DIV/0! ×2, #N/A ×1) in "ratio", "lookup" were loaded as empty (NULL). Fix the formulas in Excel, or filter the NULLs in a SQL cell.',
    ]);
  });

  it('skips hidden sheets and empty trailing rows and columns, and says so', async () => {
    const data = sheet([['id', 'v'], [1, 'x'], [2, 'y']]);
    data['!ref'] = 'A1:F40'; // formatted but empty cells stretch the sheet's stated size
    const path = await fx.dir.write('hidden.xlsx', xlsxBytes(book({ Secret: sheet([['a'], [1]]), Data: data }, { hidden: ['Secret'] })));
    const loaded = await loadFile(fx.db, path, 'hidden');
    expect(loaded.sheet).toBe('Data');
    expect(loaded.sheets).toEqual(['Data']);
    expect(loaded.rowCount).toBe(2);
    expect(loaded.schema.map((c) => c.name)).toEqual(['id', 'v']);
    expect(loaded.notes).toEqual([
      'hidden.xlsx: hidden sheet "Secret" was skipped.',
      'hidden.xlsx, sheet "Data": empty rows 4–40 and empty columns C–F at the end of the sheet were skipped.',
    ]);
  });
});

describe('a workbook with several sheets', () => {
  const twoSheets = () => xlsxBytes(book({ Orders: sheet([['order', 'total'], [1, 9.5], [2, 3]]), Customers: sheet([['customer'], ['c1'], ['c2'], ['c3']]) }));

  it('loads the first sheet by default and lists every visible sheet to choose from', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('two.xlsx', twoSheets()), 'two');
    expect(loaded).toMatchObject({ sheet: 'Orders', sheets: ['Orders', 'Customers'], rowCount: 2 });
    expect(loaded.notes).toContain('two.xlsx has 2 sheets; "Orders" was loaded. Choose another sheet, or load each as its own table, on this card.');
  });

  it('loads the sheet asked for', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('two-b.xlsx', twoSheets()), 'two_b', { sheet: 'Customers' });
    expect(loaded).toMatchObject({ sheet: 'Customers', rowCount: 3 });
    expect(await fx.db.query('SELECT customer FROM two_b ORDER BY 1')).toEqual([{ customer: 'c1' }, { customer: 'c2' }, { customer: 'c3' }]);
  });

  it('names the sheets there are when the one asked for is gone', async () => {
    const e = await errorOf(loadFile(fx.db, await fx.dir.write('two-c.xlsx', twoSheets()), 'two_c', { sheet: 'Returns' }));
    expect(e).toBeInstanceOf(LoadError);
    expect(e.message).toBe('two-c.xlsx has no sheet "Returns"; its sheets are "Orders", "Customers". Choose one of those.');
  });
});

describe('bad Excel files get a message naming the file and what to do', () => {
  it('a password-protected file', async () => {
    const e = await errorOf(loadFile(fx.db, await fx.dir.write('locked.xlsx', encryptedBytes()), 'locked'));
    expect(e).toBeInstanceOf(LoadError);
    expect(e.message).toMatch(/^locked\.xlsx is protected with a password, which Segbook cannot open\. Open it in Excel, remove the password/);
  });

  it('a truncated zip', async () => {
    const bytes = xlsxBytes(book({ People: peopleSheet() }));
    const e = await errorOf(loadFile(fx.db, await fx.dir.write('cut.xlsx', bytes.slice(0, Math.floor(bytes.length / 2))), 'cut'));
    expect(e).toBeInstanceOf(LoadError);
    expect(e.message).toMatch(/^cut\.xlsx is damaged or cut short \(.+\), so it cannot be read as an Excel file\. Open it in Excel and save it again, or copy or download it again\.$/);
  });

  it('a zip with its insides scrambled', async () => {
    const bytes = xlsxBytes(book({ People: peopleSheet() }));
    for (let i = 40; i < bytes.length - 40; i += 7) bytes[i] ^= 0x5a;
    const e = await errorOf(loadFile(fx.db, await fx.dir.write('scrambled.xlsx', bytes), 'scrambled'));
    expect(e).toBeInstanceOf(LoadError);
    expect(e.message).toMatch(/^scrambled\.xlsx is damaged or cut short/);
  });

  it('an .xlsx that is really a CSV is read as CSV, and the note says so', async () => {
    const path = await fx.dir.write('export.xlsx', 'id,amount\n007,1.5\n008,2.5\n');
    const loaded = await loadFile(fx.db, path, 'disguised');
    expect(loaded.format).toBe('csv');
    expect(loaded.rowCount).toBe(2);
    expect(loaded.notes).toContain('export.xlsx is a CSV (text) file despite its Excel name; it was read as CSV.');
  });

  it('a sheet with no data names the other sheets', async () => {
    const path = await fx.dir.write('blank.xlsx', xlsxBytes(book({ Cover: sheet([[]]), Data: sheet([['a'], [1]]) })));
    const e = await errorOf(loadFile(fx.db, path, 'blank'));
    expect(e.message).toBe('blank.xlsx, sheet "Cover" has no data. Choose another sheet ("Data").');
    const headerOnly = await fx.dir.write('header.xlsx', xlsxBytes(book({ Only: sheet([['a', 'b']]) })));
    expect((await errorOf(loadFile(fx.db, headerOnly, 'header'))).message).toBe(
      'header.xlsx, sheet "Only" has no data below its header row. Add a header row and rows of data in Excel, then load it again.',
    );
  });

  it('a file past the stated size limit', async () => {
    const path = await fx.dir.write('huge.xlsx', xlsxBytes(book({ People: peopleSheet() })));
    await truncate(path, MAX_EXCEL_BYTES + 1);
    const e = await errorOf(loadFile(fx.db, path, 'huge'));
    expect(e.message).toBe(
      'huge.xlsx is 100 MB; Excel files over 100 MB are too large to parse in a browser tab. Convert it to CSV (which is read from disk as needed), or run the workbook with the command-line runner.',
    );
  });

  it('a failed load leaves the table that was there before', async () => {
    await loadFile(fx.db, await fx.dir.write('keep.xlsx', xlsxBytes(book({ People: peopleSheet() }))), 'keep');
    await errorOf(loadFile(fx.db, await fx.dir.write('keep-bad.xlsx', encryptedBytes()), 'keep'));
    expect(await rowsAsText('keep')).toEqual(expectedRows());
  });
});

function hasOpenpyxl(): boolean {
  return existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0;
}
