import { describe, expect, it } from 'vitest';
import { classifyFile } from '../../src/ingest/detect.ts';
import { LoadError } from '../../src/ingest/load-error.ts';
import { errorOf, garbageBytes, loadFile, parquetBytes, utf16le, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();

let tables = 0;

/** Loads `content` as `name` and returns the LoadError it must fail with. */
async function refusal(name: string, content: string | Uint8Array): Promise<LoadError> {
  const path = await fx.dir.write(name, content);
  const error = await errorOf(loadFile(fx.db, path, `bad_${++tables}`));
  expect(error).toBeInstanceOf(LoadError);
  expect(error.message).toContain(name);
  return error as LoadError;
}

async function loads(name: string, content: string | Uint8Array) {
  const table = `ok_${++tables}`;
  const loaded = await loadFile(fx.db, await fx.dir.write(name, content), table);
  return { loaded, rows: await fx.db.query(`SELECT * FROM ${table} ORDER BY 1`) };
}

const PARQUET = parquetBytes([
  { id: 1, name: 'Ana' },
  { id: 2, name: 'Bo' },
]);

describe('files that cannot be read are refused with a LoadError that names the file and says what to do', () => {
  it('an empty (0-byte) file is refused as empty, asking for a header row and data', async () => {
    const error = await refusal('empty.csv', '');
    expect(error.message).toBe('empty.csv is empty. Choose a file with a header row and at least one row of data.');
  });

  it('an empty file is refused whatever its extension', async () => {
    for (const name of ['empty.json', 'empty.parquet', 'empty.csv.gz']) {
      expect((await refusal(name, '')).message).toMatch(/is empty\. Choose a file/);
    }
  });

  it('a CSV holding only whitespace is refused as blank lines', async () => {
    const error = await refusal('blank.csv', '   \n \t \r\n\n  ');
    expect(error.message).toBe('blank.csv holds only blank lines. Choose a file with a header row and rows of data.');
  });

  it('a JSON file holding only whitespace is refused as empty', async () => {
    const error = await refusal('blank.json', ' \n\n   \n');
    expect(error.message).toBe('blank.json is empty. Choose a file with at least one record.');
  });

  it('binary garbage named .csv is refused as not text, naming the first binary byte and its offset', async () => {
    const bytes = garbageBytes(4096, 20240601);
    expect(bytes.slice(0, 2)).not.toEqual(new Uint8Array([0x1f, 0x8b])); // not mistaken for gzip
    const firstBinary = bytes.findIndex((b) => (b < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(b)) || b === 0x7f);
    const error = await refusal('garbage.csv', bytes);
    const hex = bytes[firstBinary].toString(16).padStart(2, '0');
    expect(error.message).toContain(`garbage.csv does not look like a text file (binary byte 0x${hex} at offset ${firstBinary})`);
    expect(error.message).toContain('export it as CSV (UTF-8)');
  });

  it('a CSV with ragged rows is refused with the line that does not fit', async () => {
    const error = await refusal('ragged.csv', 'id,name,amount\n1,Ana,10\n2,Bo\n3,Cy,30\n');
    expect(error.message).toBe(
      'ragged.csv: the header has 3 fields but line 3 has 2 (separated by ","), so it cannot be read as a table. ' +
        'Fix the rows with missing or extra separators, or quote fields that contain ",", and load it again.',
    );
  });

  it('a semicolon-separated CSV row with an extra field is refused with its line number', async () => {
    const error = await refusal('extra-field.csv', 'a;b;c\n1;2;3\n4;5;6;7\n8;9;10\n');
    expect(error.message).toMatch(/^extra-field\.csv: the header has 3 fields but line 3 has 4 \(separated by ";"\)/);
  });

  it('a ragged row far past the sniffed sample is refused with the line DuckDB stopped at', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i},${i},${i}`);
    lines.push('1,2', '3,4,5');
    const error = await refusal('late-ragged.csv', lines.join('\n') + '\n');
    expect(error.message).toMatch(/^late-ragged\.csv could not be read as CSV: .*\(line 30002\)\. Check the file's format and encoding\.$/);
  });

  it('a truncated Parquet file (last 100 bytes cut off) is refused as cut short', async () => {
    const error = await refusal('cut.parquet', PARQUET.subarray(0, PARQUET.length - 100));
    expect(error.message).toBe(
      'cut.parquet is cut short: its Parquet footer is missing, so it was probably truncated while copying or downloading. Export or copy it again.',
    );
  });

  it('a file named .parquet that is not Parquet is refused as not Parquet', async () => {
    const error = await refusal('fake.parquet', 'id,name\n1,Ana\n');
    expect(error.message).toBe('fake.parquet is not a Parquet file (it does not start with "PAR1"). Check that it was exported as Parquet.');
  });

  it('a Parquet file with a valid header and footer but a corrupt body is refused as unreadable Parquet', async () => {
    const corrupt = PARQUET.slice();
    corrupt.fill(0xee, 4, corrupt.length - 8);
    const error = await refusal('corrupt.parquet', corrupt);
    expect(error.message).toMatch(/^corrupt\.parquet could not be read as Parquet \(.+\)\. Export it again, or save it as CSV\.$/);
  });

  it('a gzipped Parquet file is refused with advice to unzip it', async () => {
    const path = await fx.dir.writeGzip('zipped.parquet.gz', PARQUET);
    const error = await errorOf(loadFile(fx.db, path, 'zipped'));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.message).toBe('zipped.parquet.gz: a gzipped Parquet file cannot be read; unzip it first.');
  });

  it('JSON holding a single object is refused, naming its keys and suggesting to save the inner array', async () => {
    const error = await refusal('single.json', JSON.stringify({ data: [{ id: 1 }], total: 1 }, null, 2).replace(/\n\s*/g, ' '));
    expect(error.message).toContain('single.json: expected a JSON array of objects');
    expect(error.message).toContain('holds a single object with keys "data", "total"');
    expect(error.message).toContain('save that array on its own and load it');
  });

  it('a JSON array with an item that is not an object is refused, naming the item number', async () => {
    const error = await refusal('mixed.json', '[{"id": 1}, {"id": 2}, 3, {"id": 4}]');
    expect(error.message).toBe(
      'mixed.json: item 3 of the array is a number, not an object. Each item must be an object like {"id": 1, …}.',
    );
  });

  it('invalid JSON is refused as not valid JSON, with the parser\'s reason', async () => {
    const error = await refusal('broken.json', '[{"id": 1}, {"id": 2,');
    expect(error.message).toMatch(/^broken\.json: not valid JSON \(.+\)\. Check that the file is complete and well-formed\.$/);
  });

  it('JSON that starts with something other than [ or { is refused, quoting the first character', async () => {
    const error = await refusal('scalar.json', '"just a string"');
    expect(error.message).toContain('scalar.json: expected a JSON array of objects or one object per line (NDJSON), but it starts with """');
  });

  it('NDJSON with a bad line is refused, naming the line', async () => {
    const error = await refusal('events.ndjson', '{"id": 1}\n{"id": 2}\n{"id": \n{"id": 4}\n');
    expect(error.message).toMatch(/^events\.ndjson, line 3: not valid JSON \(.+\)\. Check that the file is complete and well-formed\.$/);
  });

  it('NDJSON with a line that is not an object is refused, naming the line', async () => {
    const error = await refusal('events.jsonl', '{"id": 1}\n[1, 2]\n');
    expect(error.message).toBe('events.jsonl: line 2 is an array, not an object. Each line of NDJSON must be one object.');
  });

  it('JSON that is not UTF-8 is refused with advice to re-save it as UTF-8', async () => {
    const error = await refusal('latin.json', Buffer.from('[{"name": "José"}]', 'latin1'));
    expect(error.message).toBe('latin.json: JSON must be UTF-8, but this file is latin-1. Re-save it as UTF-8 and load it again.');
  });

  it('an unsupported extension such as .numbers is refused, listing the formats Segbook reads', async () => {
    const zipHeader = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...garbageBytes(200)]);
    const error = await refusal('report.numbers', zipHeader);
    expect(error.message).toBe(
      'report.numbers: unsupported file type .numbers. Segbook reads CSV, TSV, Excel (.xlsx, .xls), Parquet, JSON and NDJSON files, optionally gzipped (.gz); export the data in one of those.',
    );
  });

  it('an .xlsx that is a zip header and then garbage is refused as damaged, not as an unsupported type', async () => {
    const zipHeader = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...garbageBytes(200)]);
    const error = await refusal('report.xlsx', zipHeader);
    expect(error.message).toMatch(/^report\.xlsx is damaged or cut short \(.+\), so it cannot be read as an Excel file\. Open it in Excel and save it again, or copy or download it again\.$/);
  });
});

describe('files in other encodings or with odd headers load, with a note', () => {
  it('a UTF-16 LE CSV with a byte-order mark loads with the right text and a note saying it was UTF-16', async () => {
    const { loaded, rows } = await loads('utf16.csv', utf16le('id,name\n1,José\n2,Zoë\n'));
    expect(loaded.schema).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR' },
    ]);
    expect(rows).toEqual([{ id: 1, name: 'José' }, { id: 2, name: 'Zoë' }]);
    expect(loaded.notes).toEqual(['utf16.csv is UTF-16; it was converted as it was read.']);
  });

  it('a Latin-1 CSV loads with the right text and a note saying it was read as Latin-1', async () => {
    const { loaded, rows } = await loads('latin1.csv', Buffer.from('id,name\n1,José\n2,Zoë\n', 'latin1'));
    expect(rows).toEqual([{ id: 1, name: 'José' }, { id: 2, name: 'Zoë' }]);
    expect(loaded.notes).toEqual(['latin1.csv is not UTF-8; it was read as Latin-1 (ISO-8859-1).']);
  });

  it('duplicate and blank headers load, with notes naming the columns and what they were renamed to', async () => {
    const { loaded, rows } = await loads('headers.csv', 'id,name,name,\n1,a,b,c\n2,d,e,f\n');
    expect(loaded.schema.map((c) => c.name)).toEqual(['id', 'name', 'name_1', 'column3']);
    expect(rows).toEqual([
      { id: 1, name: 'a', name_1: 'b', column3: 'c' },
      { id: 2, name: 'd', name_1: 'e', column3: 'f' },
    ]);
    expect(loaded.notes).toEqual([
      'headers.csv: header "name" appears more than once (columns 2 and 3); column 3 was named "name_1".',
      'headers.csv: column 4 has no header; it was named "column3". Rename it with a SQL cell if needed.',
    ]);
  });

  it('a Parquet file with a .csv name is read as Parquet, with a note saying so', async () => {
    const { loaded, rows } = await loads('really-parquet.csv', PARQUET);
    expect(loaded.format).toBe('parquet');
    expect(rows).toEqual([{ id: 1, name: 'Ana' }, { id: 2, name: 'Bo' }]);
    expect(loaded.notes).toEqual(['really-parquet.csv is a Parquet file despite its name; it was read as Parquet.']);
  });
});

describe('size limits (classifyFile)', () => {
  const GB3 = 3 * 1024 ** 3;
  const parquetHead = PARQUET.subarray(0, 1024);
  const jsonHead = new TextEncoder().encode('[{"id": 1, "name": "Ana"}, {"id": 2, "name": "Bo"}]');
  const csvHead = new TextEncoder().encode('id,name\n1,Ana\n2,Bo\n');

  it('a 3 GB Parquet file is refused, naming its size and suggesting CSV or the command-line runner', () => {
    expect(() => classifyFile('huge.parquet', GB3, parquetHead, false)).toThrow(LoadError);
    expect(() => classifyFile('huge.parquet', GB3, parquetHead, false)).toThrow(
      'huge.parquet is 3.0 GB; Parquet files over 1.0 GB are too large to parse in a browser tab. ' +
        'Convert it to CSV (which is read from disk as needed), or run the workbook with the command-line runner.',
    );
  });

  it('a 3 GB JSON file is refused, naming its size and suggesting CSV or the command-line runner', () => {
    expect(() => classifyFile('huge.json', GB3, jsonHead, false)).toThrow(
      /^huge\.json is 3\.0 GB; JSON files over 500 MB are too large .* Convert it to CSV .* command-line runner\.$/,
    );
  });

  it('a 3 GB CSV is accepted, because CSV is read from the file handle as needed', () => {
    expect(classifyFile('huge.csv', GB3, csvHead, false)).toEqual({ format: 'csv', gzip: false, encoding: 'utf-8', notes: [] });
    expect(classifyFile('huge.csv.gz', GB3, csvHead, true)).toEqual({ format: 'csv', gzip: true, encoding: 'utf-8', notes: [] });
  });

  it('files just under the limits are accepted', () => {
    expect(classifyFile('big.parquet', 1024 ** 3, parquetHead, false).format).toBe('parquet');
    expect(classifyFile('big.json', 500 * 1024 ** 2, jsonHead, false).format).toBe('json');
  });
});
