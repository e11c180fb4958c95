import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { NodeDatabase } from '../db/node-database.ts';
import type { CellState } from '../engine/cell-state.ts';
import { quoteIdentifier, quoteLiteral } from '../engine/identifiers.ts';
import { Scheduler } from '../engine/scheduler.ts';
import { cellOutputs, isTableCell, type Workbook } from '../engine/workbook.ts';
import { InlineBackend } from '../ml/backend.ts';
import { parseWorkbook } from '../engine/workbook-format.ts';
import { loadSource } from '../ingest/load-source.ts';
import { nodeParsers } from '../ingest/node-parsers.ts';

export interface RunOptions {
  workbookPath: string;
  /** Data file for each source, by table name or by the file name the workbook remembers. */
  data: Record<string, string>;
  outDir: string;
  format: 'parquet' | 'csv';
  /** Where sample datasets live, for sources that came from the app's samples. */
  sampleDir: string;
}

export interface CellReport {
  id: string;
  name: string;
  kind: string;
  status: CellState['status'];
  durationMs: number | null;
  rowCount: number | null;
  error: string | null;
  notes: string[];
  /** The cell's main table, and every table it wrote (a cluster cell also writes its centroids). */
  output: string | null;
  outputs: string[];
}

export interface RunReport {
  workbook: string;
  ok: boolean;
  sources: Array<{ name: string; file: string; rowCount: number | null; error: string | null }>;
  cells: CellReport[];
}

/** A problem with the command line or its files, reported without a stack trace. */
export class RunnerError extends Error {
  override name = 'RunnerError';
}

export async function runWorkbook(options: RunOptions): Promise<RunReport> {
  const wb: Workbook = parseWorkbook(await readFile(options.workbookPath, 'utf8').catch(() => {
    throw new RunnerError(`cannot read workbook ${options.workbookPath}: no such file`);
  }), basename(options.workbookPath));
  const paths = resolveDataPaths(wb, options);
  await mkdir(options.outDir, { recursive: true });
  const db = await NodeDatabase.open({ readablePaths: [...paths.values()], outputDir: options.outDir });
  const report: RunReport = { workbook: options.workbookPath, ok: true, sources: [], cells: [] };
  try {
    for (const source of wb.sources) {
      const path = paths.get(source.name)!;
      try {
        const loaded = await loadSource(db, nodeParsers, {
          file: await openAsBlob(path), fileName: source.file, path, table: source.name, columnTypes: source.columnTypes, dateOrder: source.dateOrder,
        });
        report.sources.push({ name: source.name, file: path, rowCount: loaded.rowCount, error: null });
      } catch (e) {
        report.ok = false;
        report.sources.push({ name: source.name, file: path, rowCount: null, error: e instanceof Error ? e.message : String(e) });
      }
    }
    const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
    if (report.ok) await scheduler.runAll();
    for (const cell of wb.cells) {
      if (!isTableCell(cell)) continue;
      const s = scheduler.state(cell.id);
      const outputs: string[] = [];
      if (s.status === 'done') for (const table of cellOutputs(cell)) outputs.push(await writeOutput(db, table, options));
      else report.ok = false;
      report.cells.push({
        id: cell.id, name: cell.name, kind: cell.kind, status: s.status, durationMs: s.durationMs ?? null, rowCount: s.rowCount ?? null,
        error: s.error ? s.error.message + (s.error.line ? ` (line ${s.error.line}, column ${s.error.column})` : '') : null,
        notes: s.notes ?? [], output: outputs[0] ?? null, outputs,
      });
    }
  } finally {
    await db.close();
  }
  await writeFile(join(options.outDir, 'run.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

function resolveDataPaths(wb: Workbook, options: RunOptions): Map<string, string> {
  const paths = new Map<string, string>();
  const missing: string[] = [];
  for (const s of wb.sources) {
    const given = options.data[s.name] ?? options.data[s.file];
    const path = given ? resolve(given) : s.origin === 'sample' ? resolve(options.sampleDir, s.file) : undefined;
    if (!path) missing.push(`source ${s.name} (${s.file}) has no data file: pass --data ${s.name}=PATH`);
    else if (!existsSync(path)) missing.push(`data file for ${s.name} not found: ${path}`);
    else paths.set(s.name, path);
  }
  const unknown = Object.keys(options.data).filter((k) => !wb.sources.some((s) => s.name === k || s.file === k));
  for (const k of unknown) missing.push(`--data ${k}=… does not match any source of the workbook (${wb.sources.map((s) => s.name).join(', ') || 'none'})`);
  if (missing.length) throw new RunnerError(missing.join('\n'));
  return paths;
}

async function writeOutput(db: NodeDatabase, table: string, options: RunOptions): Promise<string> {
  const file = resolve(options.outDir, `${table}.${options.format}`);
  const format = options.format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet)';
  await db.exec(`COPY ${quoteIdentifier(table)} TO ${quoteLiteral(file)} ${format}`);
  return file;
}
