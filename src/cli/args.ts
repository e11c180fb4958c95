import { fileURLToPath } from 'node:url';
import { FIT_BUDGET_BYTES } from '../engine/cells/cluster/sampled-fit.ts';
import type { RunOptions } from './run-workbook.ts';
import { RunnerError } from './runner-error.ts';

const FIT_BUDGET_MB = FIT_BUDGET_BYTES / 2 ** 20;
/** The units DuckDB's memory_limit reads: KB-TB are powers of 1000, KiB-TiB of 1024. */
const SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;
const VALUED = ['--data', '--out', '--format', '--save', '--threads', '--memory-limit', '--temp-dir', '--fit-sample'];

export const USAGE = 'usage: npm run segbook -- run WORKBOOK.json --out DIR [--data NAME=PATH ...] [--format parquet|csv] [--sweep] [--save OUT.json] [--keep-models]\n' +
  '         [--threads N] [--memory-limit SIZE] [--temp-dir DIR] [--fit-sample N|all]';

export const HELP = `Segbook's command-line runner: runs a workbook on native DuckDB with the browser's engine.

${USAGE}
       npm run segbook -- --help

Commands:
  run WORKBOOK.json     Load the workbook's data sources, run every cell in dependency order, write each
                        cell's table and DIR/run.json (statuses, results, notes; see the README).
  help, --help, -h      Print this help.

Options of run:
  --out DIR             Where the tables and run.json go (required; created when missing).
  --data NAME=PATH      The data file of the source NAME (its table name, or the file name the workbook
                        remembers). PATH is read by its own extension and content. Repeat for each source;
                        sample sources are found in sample-data/ without it.
  --format parquet|csv  Format of the written tables (default parquet).
  --sweep               Also run the k sweep of every cluster cell (every k from its sweep.min to
                        sweep.max, with the metrics and the suggested k) and add it to run.json.
  --save OUT.json       Write the workbook back to OUT.json with the models fitted by this run, so its
                        score cells can apply them to next month's data.
  --keep-models         Cluster cells that already have a fitted model keep it and are not fitted again
                        (they write no table); score cells apply the saved model.

Large data:
  --threads N           DuckDB's threads (default: one per core).
  --memory-limit SIZE   DuckDB's memory limit, e.g. 8GB or 512MiB (default: 80% of RAM). Beyond it, grouping,
                        joins and sorts spill to the temp directory instead of failing.
  --temp-dir DIR        Where DuckDB spills (default: .tmp in the current directory; created when missing).
  --fit-sample N|all    A cluster cell whose input has more than N rows is fitted on a seeded sample of N rows,
                        and then every row is scored in SQL. The default N keeps the feature matrix near
                        ${FIT_BUDGET_MB} MB (rows x features x 8 bytes); "all" always fits on every row.

Exit codes: 0 when every cell ran; 1 when a cell failed; 2 when the command line is wrong or a data file
is missing or cannot be read.`;


export type Command = { command: 'help' } | { command: 'run'; options: RunOptions };

const FLAGS = new Set(['--sweep', '--keep-models']);

export function parseArgs(argv: string[]): Command {
  if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return { command: 'help' };
  const [command, workbookPath, ...rest] = argv;
  if (command !== 'run') throw new RunnerError(command ? `unknown command: "${command}"\n${USAGE}` : USAGE);
  if (!workbookPath || workbookPath.startsWith('--')) throw new RunnerError(`run needs a workbook file\n${USAGE}`);
  const options: RunOptions = {
    workbookPath, data: {}, outDir: '', format: 'parquet', sweep: false, savePath: null, keepModels: false,
    sampleDir: fileURLToPath(new URL('../../sample-data/', import.meta.url)),
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (FLAGS.has(flag)) {
      if (flag === '--sweep') options.sweep = true;
      else options.keepModels = true;
      continue;
    }
    const value = rest[++i];
    if (!VALUED.includes(flag)) throw new RunnerError(`unknown option: "${flag}"\n${USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new RunnerError(`${flag} needs a value\n${USAGE}`);
    if (flag === '--data') {
      const eq = value.indexOf('=');
      if (eq < 1 || eq === value.length - 1) throw new RunnerError(`--data expects NAME=PATH, got "${value}"`);
      options.data[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (flag === '--out') options.outDir = value;
    else if (flag === '--save') options.savePath = value;
    else if (flag === '--threads') options.duckdb = { ...options.duckdb, threads: wholeNumber(flag, value, 1) };
    else if (flag === '--memory-limit') options.duckdb = { ...options.duckdb, memoryLimit: memorySize(value) };
    else if (flag === '--temp-dir') options.duckdb = { ...options.duckdb, tempDirectory: value };
    else if (flag === '--fit-sample') options.fitSample = value === 'all' ? 'all' : wholeNumber(flag, value, 2);
    else if (value === 'csv' || value === 'parquet') options.format = value;
    else throw new RunnerError(`--format must be parquet or csv, got "${value}"`);
  }
  if (!options.outDir) throw new RunnerError(`--out DIR is required\n${USAGE}`);
  return { command: 'run', options };
}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new RunnerError(`${flag} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

function memorySize(value: string): string {
  if (!SIZE.test(value.trim()) || Number.parseFloat(value) <= 0) {
    throw new RunnerError(`--memory-limit must be a size such as 8GB, 512MB or 4GiB, got "${value}"`);
  }
  return value.trim();
}
