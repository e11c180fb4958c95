import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { RunReport } from '../../src/cli/run-workbook.ts';
import type { Cell, SourceSpec, Workbook } from '../../src/engine/workbook.ts';
import type { FeatureSpec } from '../../src/ml/preprocess.ts';

export const root = resolve(import.meta.dirname, '../..');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');

export function workbook(cells: Cell[], sources: SourceSpec[]): Workbook {
  return { format: 'segbook-workbook', version: 1, title: 'cli test', sources, cells };
}

export function source(name: string, file: string, format: SourceSpec['format'] = 'csv'): SourceSpec {
  return { name, file, origin: 'file', format, columnTypes: {}, schema: [] };
}

/** Raw x and y, unscaled: the metrics then match scikit-learn's on the file's numbers. */
export const XY: FeatureSpec = {
  numeric: ['x', 'y'].map((column) => ({ column, scale: 'none' as const, log1p: false, clip: null })),
  categorical: [],
  missing: 'drop',
};

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'segbook-cli-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeWorkbook(dir: string, wb: Workbook): Promise<string> {
  const path = join(dir, `wb-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(wb));
  return path;
}

/** Runs `npm run segbook -- ARGS` as a user would, in a child process. */
export function segbook(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/segbook.ts'), ...args], { cwd: root, encoding: 'utf8' });
}

/** Runs a workbook into a fresh output folder and reads its run.json (null when none was written). */
export async function runWorkbookCli(dir: string, wb: Workbook, ...args: string[]) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const result = segbook('run', await writeWorkbook(dir, wb), ...args, '--out', out);
  const report: RunReport | null = await readFile(join(out, 'run.json'), 'utf8').then((t) => JSON.parse(t), () => null);
  return { ...result, out, report };
}

export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
