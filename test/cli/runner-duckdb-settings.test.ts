import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { runWorkbookCli, segbook, tempDir, workbook } from './harness.ts';

let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(() => remove());

// Half a million groups with a 25-character text each make a table of about 25 MB, more than the
// 32 MB limit leaves once DuckDB has its own buffers: it can only be built by spilling.
const GROUPS = `SELECT range % 500000 AS g, sum(range) AS s, max(range::VARCHAR || 'xxxxxxxxxxxxxxxx') AS m FROM range(1000000) GROUP BY g`;
const SETTINGS = `SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory_limit,
  current_setting('temp_directory') AS temp_directory, (SELECT count(*) FROM groups) AS groups,
  (SELECT coalesce(sum(size), 0) FROM duckdb_temporary_files()) AS spilled_bytes`;

describe('segbook run on large data: DuckDB settings', () => {
  it('passes --threads, --memory-limit and --temp-dir to DuckDB, and a GROUP BY beyond the limit spills to the temp dir', async () => {
    const spill = join(dir, 'spill', 'nested');
    const wb = workbook([
      { id: 'a', kind: 'sql', name: 'groups', sql: GROUPS },
      { id: 'b', kind: 'sql', name: 'settings', sql: SETTINGS },
    ], []);
    const r = await runWorkbookCli(dir, wb, '--format', 'csv', '--threads', '1', '--memory-limit', '32MB', '--temp-dir', spill);
    expect(r.status, r.stderr).toBe(0);
    expect(r.report!.duckdb).toEqual({ threads: 1, memoryLimit: '30.5 MiB', tempDirectory: resolve(spill) });
    const [header, values] = (await readFile(join(r.out, 'settings.csv'), 'utf8')).trim().split('\n');
    expect(header).toBe('threads,memory_limit,temp_directory,groups,spilled_bytes');
    const [threads, memory, temp, groups, spilled] = values.split(',');
    expect([threads, memory, temp, groups]).toEqual(['1', '30.5 MiB', resolve(spill), '500000']);
    // The table outgrew the limit, so part of it lives in the temp directory.
    expect(Number(spilled)).toBeGreaterThan(0);
  });

  it('reports the settings DuckDB chose when none is given', async () => {
    const r = await runWorkbookCli(dir, workbook([{ id: 'a', kind: 'sql', name: 'one', sql: 'SELECT 1 AS x' }], []));
    expect(r.status, r.stderr).toBe(0);
    expect(r.report!.duckdb.threads).toBeGreaterThanOrEqual(1);
    expect(r.report!.duckdb.memoryLimit).toMatch(/^[\d.]+ [KMGT]iB$/);
    expect(r.report!.duckdb.tempDirectory).toBe('.tmp');
  });

  it('refuses a bad size, thread count or sample with a message naming the value, and exit 2', () => {
    const bad: Array<[string[], string]> = [
      [['--memory-limit', 'lots'], '--memory-limit must be a size such as 8GB, 512MB or 4GiB, got "lots"'],
      [['--memory-limit', '80%'], 'got "80%"'],
      [['--memory-limit', '0GB'], 'got "0GB"'],
      [['--threads', '0'], '--threads must be a whole number of at least 1, got "0"'],
      [['--threads', '1.5'], 'got "1.5"'],
      [['--fit-sample', '1'], '--fit-sample must be a whole number of at least 2, got "1"'],
      [['--fit-sample', 'some'], 'got "some"'],
    ];
    for (const [args, message] of bad) expect(() => parseArgs(['run', 'wb.json', '--out', dir, ...args])).toThrow(message);
    const r = segbook('run', 'wb.json', '--out', dir, '--memory-limit', 'lots');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('segbook: --memory-limit must be a size such as 8GB, 512MB or 4GiB, got "lots"');
  });

  it('accepts the sizes DuckDB reads and lists the options in --help', () => {
    for (const size of ['8GB', '512MiB', '1.5GB', '2 GB']) {
      const command = parseArgs(['run', 'wb.json', '--out', 'o', '--memory-limit', size]);
      expect(command.command === 'run' && command.options.duckdb?.memoryLimit).toBe(size);
    }
    const parsed = parseArgs(['run', 'wb.json', '--out', 'o', '--threads', '2', '--temp-dir', 'spill', '--fit-sample', 'all']);
    expect(parsed.command === 'run' && [parsed.options.duckdb, parsed.options.fitSample]).toEqual([{ threads: 2, tempDirectory: 'spill' }, 'all']);
    const help = segbook('--help');
    for (const option of ['--threads N', '--memory-limit SIZE', '--temp-dir DIR', '--fit-sample N|all']) expect(help.stdout).toContain(option);
  });

  it('says when the temp dir cannot be made, with exit 2', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const r = await runWorkbookCli(dir, workbook([{ id: 'a', kind: 'sql', name: 'one', sql: 'SELECT 1 AS x' }], []), '--temp-dir', join(file, 'spill'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--temp-dir cannot be created (ENOTDIR): ${join(file, 'spill')}`);
  });
});
