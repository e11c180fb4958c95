import { accessSync, constants, openAsBlob, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { NodeDatabase } from '../db/node-database.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import { cellOutputs, type ColumnSpec, type Workbook } from '../engine/workbook.ts';
import { parseWorkbook, serializeWorkbook } from '../engine/workbook-format.ts';
import { loadSource } from '../ingest/load-source.ts';
import { nodeParsers } from '../ingest/node-parsers.ts';
import { InlineBackend } from '../ml/backend.ts';
import type { KSweep } from '../engine/choose-k.ts';
import { RunnerError } from './runner-error.ts';
import { jsonSafe, reportedResult, type ReportedResult } from './cell-results.ts';
import { runCells, type CellRunStatus } from './run-cells.ts';

export { RunnerError };

export interface RunOptions {
  workbookPath: string;
  /** Data file for each source, by table name or by the file name the workbook remembers. */
  data: Record<string, string>;
  outDir: string;
  format: 'parquet' | 'csv';
  /** Run the k sweep of every cluster cell too. */
  sweep?: boolean;
  /** Write the workbook, with the models this run fitted, to this path. */
  savePath?: string | null;
  /** Cluster cells that have a fitted model keep it instead of fitting again. */
  keepModels?: boolean;
  /** DuckDB's threads, memory limit and spill directory (--threads, --memory-limit, --temp-dir). */
  duckdb?: DuckDBSettings;
  /** Cluster cells with more input rows than this fit on a seeded sample of this many (--fit-sample); default from their width. */
  fitSample?: number | 'all' | null;
  /** Where sample datasets live, for sources that came from the app's samples. */
  sampleDir: string;
  /** Each step as it starts (`step`), and the progress of long ones (`update`), for the terminal. */
  onProgress?: (message: string, kind: 'step' | 'update') => void;
}

export interface DuckDBSettings {
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
}

export interface SourceReport {
  name: string;
  /** The path the data was read from, as given (or in sample-data/). */
  file: string;
  format: string | null;
  rowCount: number | null;
  columns: ColumnSpec[];
  notes: string[];
  /** Date columns whose day/month order was a default, not a finding. */
  ambiguousDates: string[];
  error: string | null;
}

export interface CellReport {
  id: string;
  name: string;
  kind: string;
  status: CellRunStatus;
  durationMs: number | null;
  rowCount: number | null;
  /** Why the cell failed or did not run. */
  error: string | null;
  notes: string[];
  /** What the cell found, by kind; null for SQL cells and cells that did not run (README, "run.json"). */
  result: ReportedResult | null;
  /** With --sweep, for cluster cells: the k sweep, or why it failed. */
  sweep: { result: KSweep | null; error: string | null } | null;
  /** A cluster cell fitted on a seeded sample: the sample's rows and the input's; null when fitted on every row. */
  fittedOn: { sampleRows: number; inputRows: number } | null;
  /** The cell's main table, and every table it wrote (a cluster cell also writes its centroids). */
  output: string | null;
  outputs: string[];
}

export interface RunReport {
  workbook: string;
  ok: boolean;
  /** Path the workbook with its fitted models was saved to (--save), or null. */
  saved: string | null;
  /** DuckDB's settings as DuckDB reports them once the runner has opened it. */
  duckdb: { threads: number; memoryLimit: string; tempDirectory: string };
  sources: SourceReport[];
  cells: CellReport[];
}

export async function runWorkbook(options: RunOptions): Promise<RunReport> {
  const progress = options.onProgress ?? (() => {});
  let wb: Workbook = parseWorkbook(await readFile(options.workbookPath, 'utf8').catch(() => {
    throw new RunnerError(`cannot read workbook ${options.workbookPath}: no such file`);
  }), basename(options.workbookPath));
  const paths = resolveDataPaths(wb, options);
  await mkdir(options.outDir, { recursive: true });
  const settings = options.duckdb ?? {};
  if (settings.tempDirectory) await makeTempDirectory(settings.tempDirectory);
  const db = await NodeDatabase.open({ ...settings, readablePaths: [...paths.values()].map((p) => p.resolved), outputDir: options.outDir }).catch((e: unknown) => {
    throw new RunnerError(`DuckDB refused the settings: ${e instanceof Error ? e.message : String(e)}`);
  });
  const report: RunReport = { workbook: options.workbookPath, ok: true, saved: null, duckdb: await duckdbSettings(db), sources: [], cells: [] };
  try {
    const failedSources = new Set<string>();
    for (const source of wb.sources) {
      const { given, resolved } = paths.get(source.name)!;
      progress(`loading ${source.name} from ${given}`, 'step');
      try {
        // The file's own name decides how it is read, and names it in messages: the workbook's
        // remembered name may be of another format (customers.csv, now given as customers.json).
        const loaded = await loadSource(db, nodeParsers, {
          file: await openAsBlob(resolved), fileName: given, path: resolved, table: source.name, columnTypes: source.columnTypes, dateOrder: source.dateOrder, sheet: source.sheet,
          onProgress: (f) => progress(`loading ${source.name}: ${Math.round(100 * f)}%`, 'update'),
        });
        report.sources.push({
          name: source.name, file: given, format: loaded.format, rowCount: loaded.rowCount, columns: loaded.schema,
          notes: loaded.notes, ambiguousDates: loaded.ambiguousDates, error: null,
        });
      } catch (e) {
        failedSources.add(source.name.toLowerCase());
        report.sources.push({
          name: source.name, file: given, format: null, rowCount: null, columns: [], notes: [], ambiguousDates: [], error: e instanceof Error ? e.message : String(e),
        });
      }
    }
    report.ok = failedSources.size === 0;
    const { runs, workbook } = await runCells(wb, {
      db, ml: new InlineBackend(), failedSources, sweep: options.sweep ?? false, keepModels: options.keepModels ?? false, fitSample: options.fitSample ?? null,
      onProgress: (cell, message, kind) => progress(`${cell.name}: ${message}`, kind),
    });
    wb = workbook;
    for (const run of runs) {
      const { cell, outcome } = run;
      const outputs: string[] = [];
      if (run.status === 'done') for (const table of cellOutputs(cell)) outputs.push(await writeOutput(db, table, options));
      if (run.status === 'error' || run.status === 'skipped' || run.sweep?.error) report.ok = false;
      report.cells.push({
        id: cell.id, name: cell.name, kind: cell.kind, status: run.status, durationMs: run.durationMs, rowCount: outcome?.rowCount ?? null,
        error: run.error, notes: outcome?.notes ?? [], result: reportedResult(outcome?.result, wb, cell.id), sweep: run.sweep, fittedOn: run.fittedOn,
        output: outputs[0] ?? null, outputs,
      });
    }
  } finally {
    await db.close();
  }
  if (options.savePath) {
    await writeFile(options.savePath, serializeWorkbook(wb));
    report.saved = options.savePath;
  }
  await writeFile(join(options.outDir, 'run.json'), JSON.stringify(report, jsonSafe, 2) + '\n');
  return report;
}

async function makeTempDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw new RunnerError(`--temp-dir cannot be created (${e instanceof Error && 'code' in e ? e.code : 'error'}): ${dir}`);
  });
  if (!statSync(dir).isDirectory()) throw new RunnerError(`--temp-dir is not a directory: ${dir}`);
}

async function duckdbSettings(db: NodeDatabase): Promise<RunReport['duckdb']> {
  const [row] = await db.query(`SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory, current_setting('temp_directory') AS temp`);
  return { threads: Number(row.threads), memoryLimit: String(row.memory), tempDirectory: String(row.temp) };
}

interface DataPath {
  /** As the user wrote it, for messages. */
  given: string;
  resolved: string;
}

function resolveDataPaths(wb: Workbook, options: RunOptions): Map<string, DataPath> {
  const paths = new Map<string, DataPath>();
  const problems: string[] = [];
  for (const s of wb.sources) {
    const given = options.data[s.name] ?? options.data[s.file] ?? (s.origin === 'sample' ? join(options.sampleDir, s.file) : undefined);
    if (!given) {
      problems.push(`source ${s.name} (${s.file}) has no data file: pass --data ${s.name}=PATH`);
      continue;
    }
    const resolved = resolve(given);
    const problem = unreadable(resolved);
    if (problem) problems.push(`data file for ${s.name} ${problem}: ${given}`);
    else paths.set(s.name, { given, resolved });
  }
  const unknown = Object.keys(options.data).filter((k) => !wb.sources.some((s) => s.name === k || s.file === k));
  for (const k of unknown) problems.push(`--data ${k}=… does not match any source of the workbook (${wb.sources.map((s) => s.name).join(', ') || 'none'})`);
  if (problems.length) throw new RunnerError(problems.join('\n'));
  return paths;
}

function unreadable(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    accessSync(path, constants.R_OK);
    return null;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'not found' : 'cannot be read';
  }
}

async function writeOutput(db: NodeDatabase, table: string, options: RunOptions): Promise<string> {
  const file = resolve(options.outDir, `${table}.${options.format}`);
  const format = options.format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet)';
  await db.exec(`COPY ${quoteIdentifier(table)} TO ${quoteLiteral(file)} ${format}`);
  return file;
}
