import { Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/db/database.ts';
import { LoadError } from '../../src/ingest/load-error.ts';
import type { LoadedSource } from '../../src/ingest/load-source.ts';
import { profileTable } from '../../src/ingest/profile.ts';
import { errorOf, loadFile, parquetBytes, parquetFromArrowIPC, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();

/** The same three customers, written in every format. */
const RECORDS = [
  { id: 1, name: 'Ana', amount: 10.5, signup: '2024-01-05', seen: '2024-01-05 10:30:00', active: true },
  { id: 2, name: 'José', amount: 20.25, signup: '2024-02-10', seen: '2024-02-10 11:00:00', active: false },
  { id: 3, name: 'Bo', amount: 30, signup: '2024-03-15', seen: '2024-03-15 12:00:00', active: true },
];

const EXPECTED_SCHEMA = [
  { name: 'id', type: 'BIGINT' },
  { name: 'name', type: 'VARCHAR' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'signup', type: 'DATE' },
  { name: 'seen', type: 'TIMESTAMP' },
  { name: 'active', type: 'BOOLEAN' },
];

function delimited(sep: string): string {
  const header = Object.keys(RECORDS[0]).join(sep);
  return [header, ...RECORDS.map((r) => Object.values(r).join(sep))].join('\n') + '\n';
}

const ndjson = () => RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';

async function rows(table: string): Promise<Row[]> {
  return fx.db.query(`SELECT * FROM "${table}" ORDER BY id`);
}

async function count(table: string): Promise<number> {
  const [{ n }] = await fx.db.query(`SELECT count(*) AS n FROM "${table}"`);
  return Number(n);
}

async function tableNames(): Promise<string[]> {
  const result = await fx.db.query(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`);
  return result.map((r) => String(r.table_name));
}

function expectStandardCustomers(loaded: LoadedSource, format: LoadedSource['format']): void {
  expect(loaded.format).toBe(format);
  expect(loaded.rowCount).toBe(3);
  expect(loaded.schema).toEqual(EXPECTED_SCHEMA);
}

describe('each format loads with the right types and values', () => {
  it('a comma-separated CSV loads with BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP and BOOLEAN columns', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('customers.csv', delimited(',')), 'csv_comma');
    expectStandardCustomers(loaded, 'csv');
    expect(loaded.notes).toEqual([]);
    expect(await rows('csv_comma')).toEqual(RECORDS);
  });

  it('a tab-separated .tsv file loads the same table as the CSV', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('customers.tsv', delimited('\t')), 'csv_tab');
    expectStandardCustomers(loaded, 'csv');
    expect(await rows('csv_tab')).toEqual(RECORDS);
  });

  it('a CSV that starts with a UTF-8 byte-order mark names its first column exactly "id"', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('bom.csv', '\uFEFF' + delimited(',')), 'csv_bom');
    expect(loaded.schema[0]).toEqual({ name: 'id', type: 'BIGINT' });
    expect(loaded.schema.map((c) => c.name)).not.toContain('\uFEFFid');
    expectStandardCustomers(loaded, 'csv');
    expect(await fx.db.query('SELECT id FROM csv_bom ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('a gzipped .csv.gz file is unzipped as it is read', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.writeGzip('customers.csv.gz', delimited(',')), 'csv_gz');
    expectStandardCustomers(loaded, 'csv');
    expect(await rows('csv_gz')).toEqual(RECORDS);
  });

  it('a Parquet file keeps BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP and BOOLEAN, microseconds included', async () => {
    const records = RECORDS.map((r, i) => (i === 0 ? { ...r, seen: '2024-01-05 10:30:00.123456' } : r));
    const loaded = await loadFile(fx.db, await fx.dir.write('customers.parquet', parquetBytes(records)), 'pq');
    expectStandardCustomers(loaded, 'parquet');
    expect(loaded.notes).toEqual([]);
    const got = await fx.db.query('SELECT id, name, amount, signup, seen::VARCHAR AS seen, active FROM pq ORDER BY id');
    expect(got).toEqual(records);
  });

  it('a JSON array of objects loads with types inferred from the values', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('customers.json', JSON.stringify(RECORDS, null, 2)), 'json_array');
    expectStandardCustomers(loaded, 'json');
    expect(loaded.notes).toEqual([]);
    expect(await rows('json_array')).toEqual(RECORDS);
  });

  it('an NDJSON file (one object per line) loads like the JSON array', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('customers.ndjson', ndjson()), 'json_lines');
    expectStandardCustomers(loaded, 'json');
    expect(await rows('json_lines')).toEqual(RECORDS);
  });

  it('a gzipped .json.gz file is unzipped before it is parsed', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.writeGzip('customers.json.gz', JSON.stringify(RECORDS)), 'json_gz');
    expectStandardCustomers(loaded, 'json');
    expect(await rows('json_gz')).toEqual(RECORDS);
  });

  it('JSON keys missing from some records become NULLs and nested values are kept as JSON text with a note', async () => {
    const records = [{ id: 1, tags: ['a', 'b'] }, { id: 2, extra: 'x' }];
    const loaded = await loadFile(fx.db, await fx.dir.write('nested.json', JSON.stringify(records)), 'json_nested');
    expect(loaded.schema).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'tags', type: 'VARCHAR' },
      { name: 'extra', type: 'VARCHAR' },
    ]);
    expect(await rows('json_nested')).toEqual([
      { id: 1, tags: '["a","b"]', extra: null },
      { id: 2, tags: null, extra: 'x' },
    ]);
    expect(loaded.notes).toEqual([expect.stringContaining('"tags"')]);
  });
});

describe('replacing a table', () => {
  it('a successful load replaces the rows of an existing table of the same name', async () => {
    await loadFile(fx.db, await fx.dir.write('first.csv', delimited(',')), 'replaced');
    const loaded = await loadFile(fx.db, await fx.dir.write('second.csv', 'id,name\n7,Zed\n'), 'replaced');
    expect(loaded.rowCount).toBe(1);
    expect(await rows('replaced')).toEqual([{ id: 7, name: 'Zed' }]);
  });

  it('a failed load into an existing table throws and leaves the old table with its rows', async () => {
    await loadFile(fx.db, await fx.dir.write('good-customers.csv', delimited(',')), 'customers');
    expect(await count('customers')).toBe(3);

    const ragged = await fx.dir.write('bad-customers.csv', 'id,name,amount\n1,Ana,10\n2,Bo\n');
    const csvError = await errorOf(loadFile(fx.db, ragged, 'customers'));
    expect(csvError).toBeInstanceOf(LoadError);
    expect(await rows('customers')).toEqual(RECORDS);

    const badJson = await fx.dir.write('bad-customers.json', '[{"id": 1},');
    const jsonError = await errorOf(loadFile(fx.db, badJson, 'customers'));
    expect(jsonError).toBeInstanceOf(LoadError);
    expect(await rows('customers')).toEqual(RECORDS);

    const cutParquet = parquetBytes(RECORDS);
    const truncated = await fx.dir.write('bad-customers.parquet', cutParquet.subarray(0, cutParquet.length - 100));
    expect(await errorOf(loadFile(fx.db, truncated, 'customers'))).toBeInstanceOf(LoadError);
    expect(await rows('customers')).toEqual(RECORDS);

    expect((await tableNames()).filter((t) => t.startsWith('__loading_'))).toEqual([]);
  });
});

describe('column type overrides', () => {
  // A hand-built Arrow table, because the project's JSON path would already call these dates.
  function isoDatesAsText(): Uint8Array {
    const table = new Table({
      id: vectorFromArray([1, 2, 3], new Int32()),
      signup: vectorFromArray(['2024-01-05', '2024-02-29', null], new Utf8()),
    });
    return parquetFromArrowIPC(tableToIPC(table, 'stream'));
  }

  it('a VARCHAR column of ISO dates becomes DATE when columnTypes asks for DATE', async () => {
    const path = await fx.dir.write('signups.parquet', isoDatesAsText());
    const asDetected = await loadFile(fx.db, path, 'signups_text');
    expect(asDetected.schema).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'signup', type: 'VARCHAR' },
    ]);

    const loaded = await loadFile(fx.db, path, 'signups', { columnTypes: { signup: 'DATE' } });
    expect(loaded.schema).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'signup', type: 'DATE' },
    ]);
    expect(await rows('signups')).toEqual([
      { id: 1, signup: '2024-01-05' },
      { id: 2, signup: '2024-02-29' },
      { id: 3, signup: null },
    ]);
    const [{ t }] = await fx.db.query(`SELECT typeof(signup) AS t FROM signups LIMIT 1`);
    expect(t).toBe('DATE');
  });

  it('a detected DATE column can be kept as text by choosing VARCHAR', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('as-text.csv', delimited(',')), 'as_text', { columnTypes: { signup: 'VARCHAR' } });
    expect(loaded.schema.find((c) => c.name === 'signup')).toEqual({ name: 'signup', type: 'VARCHAR' });
    expect((await rows('as_text')).map((r) => r.signup)).toEqual(['2024-01-05', '2024-02-10', '2024-03-15']);
  });

  it('a chosen type for a column the file no longer has is skipped with a note', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('no-such-column.csv', 'id,name\n1,a\n2,b\n'), 'no_such_column', {
      columnTypes: { vanished: 'DATE' },
    });
    expect(loaded.rowCount).toBe(2);
    expect(loaded.notes).toEqual([expect.stringMatching(/no-such-column\.csv.*"vanished".*DATE/)]);
  });

  it('an override that cannot convert throws a LoadError naming the column, the type and a bad value, and keeps the previous table', async () => {
    await loadFile(fx.db, await fx.dir.write('codes-good.csv', 'id,code\n1,10\n2,12\n'), 'codes');
    const bad = await fx.dir.write('codes-bad.csv', 'id,code\n1,abc\n2,12\n3,\n');
    const error = await errorOf(loadFile(fx.db, bad, 'codes', { columnTypes: { code: 'INTEGER' } }));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.message).toContain('codes-bad.csv');
    expect(error.message).toContain('"code"');
    expect(error.message).toContain('INTEGER');
    expect(error.message).toContain('"abc"');
    expect(error.message).toMatch(/Keep its type, or fix the values/);
    expect(await rows('codes')).toEqual([{ id: 1, code: 10 }, { id: 2, code: 12 }]);
    expect(await tableNames()).not.toContain('__loading_codes');
  });

  it('a type name DuckDB does not know is refused with a LoadError that names it', async () => {
    const path = await fx.dir.write('unknown-type.csv', 'id,code\n1,x\n');
    const error = await errorOf(loadFile(fx.db, path, 'unknown_type', { columnTypes: { code: 'NOTATYPE' } }));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.message).toMatch(/unknown-type\.csv: "NOTATYPE" is not a type DuckDB knows/);
    expect(error.message).toContain('Pick a type from the list');
  });
});

describe('profileTable', () => {
  const CSV = [
    'id,amount,name,signup,seen,active',
    '1,1.5,alpha,2024-01-01,2024-01-01 08:00:00,true',
    ',2.5,,2024-02-01,2024-02-01 08:00:00,false',
    '3,,beta,,,',
    '4,4.5,gamma,2024-03-01,2024-03-01 08:00:00,true',
    '5,5.5,delta,2024-04-01,2024-04-01 08:00:00,false',
    ',,,,,',
    '7,7.5,alpha,2024-06-01,2024-06-01 08:00:00,true',
    '8,8.5,beta,2024-07-01,2024-07-01 08:00:00,true',
  ].join('\n') + '\n';

  let profiles: Awaited<ReturnType<typeof profileTable>>;
  const byName = (name: string) => profiles.find((p) => p.name === name)!;

  beforeAll(async () => {
    await loadFile(fx.db, await fx.dir.write('profile.csv', CSV), 'profiled');
    profiles = await profileTable(fx.db, 'profiled');
  });

  it('lists every column with its type, in table order', () => {
    expect(profiles.map((p) => [p.name, p.type])).toEqual([
      ['id', 'BIGINT'],
      ['amount', 'DOUBLE'],
      ['name', 'VARCHAR'],
      ['signup', 'DATE'],
      ['seen', 'TIMESTAMP'],
      ['active', 'BOOLEAN'],
    ]);
  });

  it('gives the share of NULLs as a fraction between 0 and 1', () => {
    for (const p of profiles) expect(p.nullShare).toBeCloseTo(0.25, 5);
  });

  it('gives the exact count of distinct values', () => {
    expect(byName('id').distinct).toBe(6);
    expect(byName('name').distinct).toBe(4);
    expect(byName('active').distinct).toBe(2);
  });

  it('gives min and max only for numeric, date and timestamp columns', () => {
    expect([byName('id').min, byName('id').max]).toEqual(['1', '8']);
    expect([byName('amount').min, byName('amount').max]).toEqual(['1.5', '8.5']);
    expect([byName('signup').min, byName('signup').max]).toEqual(['2024-01-01', '2024-07-01']);
    expect([byName('seen').min, byName('seen').max]).toEqual(['2024-01-01 08:00:00', '2024-07-01 08:00:00']);
    expect([byName('name').min, byName('name').max]).toEqual([null, null]);
    expect([byName('active').min, byName('active').max]).toEqual([null, null]);
  });

  it('gives up to three distinct, non-NULL sample values as text', () => {
    expect(byName('id').samples).toEqual(['1', '3', '4']);
    expect(byName('name').samples).toEqual(['alpha', 'beta', 'gamma']);
    expect(byName('active').samples).toEqual(['true', 'false']);
    for (const p of profiles) {
      expect(p.samples.length).toBeLessThanOrEqual(3);
      expect(new Set(p.samples).size).toBe(p.samples.length);
    }
  });
});
