import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/args.ts';
import type { Cell } from '../../src/engine/workbook.ts';
import { query, runWorkbookCli, segbook, source, tempDir, workbook } from './harness.ts';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(() => remove());

const ids: Cell = { id: 'q', kind: 'sql', name: 'ids', sql: 'SELECT id FROM customers ORDER BY id' };
/** A workbook that remembers its source as customers.csv, whatever file is given now. */
const remembersCsv = (cells: Cell[] = [ids]) => workbook(cells, [source('customers', 'customers.csv')]);

describe('--data NAME=PATH reads PATH by its own name and content', () => {
  it('reads a JSON file as JSON when the workbook remembers a CSV (it gave 0 rows and one junk column)', async () => {
    const path = join(dir, 'nested.json');
    await writeFile(path, JSON.stringify([{ id: 'a1', address: { city: 'Oslo' } }, { id: 'a2', address: { city: 'Bergen' } }]));
    const r = await runWorkbookCli(dir, remembersCsv([{ id: 'q', kind: 'sql', name: 'cities', sql: 'SELECT * FROM customers ORDER BY id' }]), '--data', `customers=${path}`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.report!.sources[0]).toMatchObject({ file: path, format: 'json', rowCount: 2 });
    expect(r.report!.sources[0].columns.map((c) => c.name)).toEqual(['id', 'address_city']);
    expect(r.stdout).toContain(`✓ source customers: 2 rows from ${path} (json)`);
  });

  it('names the given path, not the remembered file, when the file cannot be read, and exits with 2', async () => {
    const path = join(dir, 'export-2025.parquet');
    await writeFile(path, 'PAR1 this is not really parquet');
    const r = await runWorkbookCli(dir, remembersCsv(), '--data', `customers=${path}`);
    expect(r.status).toBe(2);
    expect(r.report!.sources[0].error).toContain(path);
    expect(r.stdout).toContain(`✗ source customers: ${path}`);
    expect(r.stdout + r.stderr).not.toContain('customers.csv');
  });

  it('exits with 2 when a data file is not text (it exited with 1)', async () => {
    const path = join(dir, 'garbage.csv');
    await writeFile(path, Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x00]));
    const r = await runWorkbookCli(dir, remembersCsv(), '--data', `customers=${path}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('segbook: a data file could not be read; see run.json');
    expect(r.report!.sources[0].error).toMatch(/garbage\.csv does not look like a text file/);
  });

  it('exits with 2 when a data path is a folder, naming it', async () => {
    const folder = join(dir, 'a-folder.csv');
    await mkdir(folder, { recursive: true });
    const r = await runWorkbookCli(dir, remembersCsv(), '--data', `customers=${folder}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`data file for customers is not a file: ${folder}`);
  });

  it('says which source a cell was skipped for (it printed "idle: null")', async () => {
    const path = join(dir, 'garbage2.csv');
    await writeFile(path, Buffer.from([0x00, 0x01, 0x02]));
    const wb = workbook(
      [ids, { id: 'n', kind: 'sql', name: 'n_ids', sql: 'SELECT count(*) AS n FROM ids' }, { id: 'o', kind: 'sql', name: 'other', sql: 'SELECT 42 AS answer' }],
      [source('customers', 'customers.csv')],
    );
    const r = await runWorkbookCli(dir, wb, '--data', `customers=${path}`);
    expect(r.stdout).toContain('✗ ids: skipped: source customers did not load');
    expect(r.stdout).toContain('✗ n_ids: skipped: upstream cell ids did not run (source customers did not load)');
    expect(r.stdout).not.toContain('null');
    expect(r.report!.cells.map((c) => [c.name, c.status])).toEqual([['ids', 'skipped'], ['n_ids', 'skipped'], ['other', 'done']]);
    expect(r.status).toBe(2);
  });

  it('exits with 1 when a cell fails and every data file loaded', async () => {
    const path = join(dir, 'ok.csv');
    await writeFile(path, 'id\n1\n');
    const r = await runWorkbookCli(dir, remembersCsv([{ id: 'q', kind: 'sql', name: 'broken', sql: 'SELECT nope FROM customers' }]), '--data', `customers=${path}`);
    expect(r.status).toBe(1);
  });
});

describe('the command line', () => {
  it('--help lists every command and option on stdout and exits with 0 (it went to stderr with 2)', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = segbook(flag);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(HELP);
    }
    for (const word of ['run WORKBOOK.json', '--out DIR', '--data NAME=PATH', '--format parquet|csv', '--sweep', '--save OUT.json', '--keep-models', 'Exit codes']) {
      expect(HELP).toContain(word);
    }
    expect(segbook('run', 'x.json', '--help').status).toBe(0);
  });

  it.each([
    [[], /usage: npm run segbook -- run WORKBOOK\.json/],
    [['walk', 'x.json'], /unknown command: "walk"/],
    [['run', 'x.json', '--out', 'o', '--frobnicate'], /unknown option: "--frobnicate"/],
    [['run', 'x.json', '--out', 'o', '--format', 'xlsx'], /--format must be parquet or csv, got "xlsx"/],
    [['run', 'x.json', '--out', 'o', '--save'], /--save needs a value/],
    [['run', 'x.json', '--data', 'customers', '--out', 'o'], /--data expects NAME=PATH, got "customers"/],
  ])('exits with 2 and says what is wrong for %j', (args, message) => {
    const r = segbook(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('ids with leading zeros stay text in every format', () => {
  const expectIds = async (file: string, content: string | Buffer, expected: string[], type = 'VARCHAR') => {
    const path = join(dir, file);
    await writeFile(path, content);
    const r = await runWorkbookCli(dir, remembersCsv(), '--data', `customers=${path}`);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.report!.sources[0].columns.find((c) => c.name === 'id')?.type).toBe(type);
    const rows = await query(`SELECT id FROM '${join(r.out, 'ids.parquet')}' ORDER BY id`);
    expect(rows.map((x) => x.id)).toEqual(expected);
    return r;
  };

  it('in fixed-width text (00004 became the BIGINT 4)', async () => {
    await expectIds('customers.txt', 'id     spend\n00004  1.5\n12     2.0\n00130  3.0\n', ['00004', '00130', '12']);
  });

  it('in CSV and TSV, also when the first zero comes after the rows DuckDB samples', async () => {
    await expectIds('customers.csv', 'id,spend\n00004,1.5\n12,2\n', ['00004', '12']);
    await expectIds('customers.tsv', 'id\tspend\n00004\t1.5\n12\t2\n', ['00004', '12']);
    const rows = ['id,spend', ...Array.from({ length: 30_000 }, (_, i) => `${i + 1},${i % 7}`)];
    rows[25_000] = '00007,1';
    const path = join(dir, 'late.csv');
    await writeFile(path, rows.join('\n') + '\n');
    const r = await runWorkbookCli(dir, remembersCsv([{ id: 'q', kind: 'sql', name: 'ids', sql: "SELECT id FROM customers WHERE id IN ('00007', '7')" }]), '--data', `customers=${path}`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.report!.sources[0].columns[0]).toEqual({ name: 'id', type: 'VARCHAR' });
    expect(r.report!.sources[0].notes).toContain(`${path}: column "id" has values with leading zeros, such as "00007"; it was read as text (VARCHAR) to keep them.`);
    expect((await query(`SELECT id FROM '${join(r.out, 'ids.parquet')}' ORDER BY id`)).map((x) => x.id)).toEqual(['00007', '7']);
  });

  it('in JSON and NDJSON', async () => {
    await expectIds('customers.json', JSON.stringify([{ id: '00004' }, { id: '12' }]), ['00004', '12']);
    await expectIds('customers.ndjson', '{"id":"00004"}\n{"id":"12"}\n', ['00004', '12']);
  });

  it('in Parquet, whose declared types are kept', async () => {
    const path = join(dir, 'customers.parquet');
    await query(`COPY (SELECT * FROM (VALUES ('00004', 7::INTEGER), ('12', 8::INTEGER)) t(id, n)) TO '${path}' (FORMAT parquet)`);
    const r = await expectIds('customers.parquet', await readFile(path), ['00004', '12']);
    expect(r.report!.sources[0].columns).toEqual([{ name: 'id', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }]);
  });
});
