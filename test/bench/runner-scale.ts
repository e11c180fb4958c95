import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunReport } from '../../src/cli/run-workbook.ts';
import { serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { ms, type Row } from './report.ts';
import { RUNNER_CUSTOMERS, RUNNER_TRANSACTIONS, generateRunnerSet } from './runner-data.ts';
import { runnerWorkbook } from './runner-workbook.ts';

const root = resolve(import.meta.dirname, '../..');
const MEMORY_LIMIT = '8GB';

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The child's peak resident memory (VmHWM), as last read before it exited. */
  peakMb: number | null;
}

/**
 * Runs `node --import tsx ARGS` and reads its VmHWM from /proc while it runs: a high-water mark,
 * so the last reading holds the peak up to a quarter of a second before the end.
 */
function runChild(args: string[]): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    let peakKb: number | null = null;
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const poll = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, 'utf8').then((s) => {
        const hwm = /^VmHWM:\s+(\d+) kB/m.exec(s);
        if (hwm) peakKb = Math.max(peakKb ?? 0, Number(hwm[1]));
      }, () => undefined);
    }, 250);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      done({ code, stdout, stderr, ms: performance.now() - started, peakMb: peakKb === null ? null : peakKb / 1024 });
    });
  });
}

const gb = (mb: number | null) => (mb === null ? 'unknown' : `${(mb / 1024).toFixed(2)} GB`);

/**
 * The runner row: generated transactions, then `segbook run` (load, RFM, k-means fitted on a seeded
 * sample, every customer scored in SQL, tables written as Parquet) with --memory-limit 8GB, beside
 * native DuckDB running the same statements alone.
 */
export async function runnerRows(dir: string, transactions = RUNNER_TRANSACTIONS, customers = RUNNER_CUSTOMERS): Promise<{ rows: Row[]; notes: string[] }> {
  const work = join(dir, 'runner');
  await mkdir(work, { recursive: true });
  const csv = join(work, 'transactions.csv');
  const scale = `${transactions / 1e6}M transactions / ${customers / 1e6}M customers`;
  console.log(`Generating ${scale}…`);
  const g0 = performance.now();
  const buyers = await generateRunnerSet(csv, transactions, customers);
  const generated = performance.now() - g0;
  try {
    const measured = await measureRunner(work, csv, buyers, scale);
    measured.notes.push(`Generating the runner row's CSV took ${ms(generated)}.`);
    return measured;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Runs the runner and its native peer on a generated CSV in `work`. Both are child processes, timed
 * from spawn to exit, so each one's peak memory is its own. `runnerArgs` go to `segbook run` too.
 */
export async function measureRunner(work: string, csv: string, buyers: number, scale: string, runnerArgs: string[] = []): Promise<{ rows: Row[]; notes: string[] }> {
  const wbPath = join(work, 'workbook.json');
  await writeFile(wbPath, serializeWorkbook(runnerWorkbook()));
  const out = join(work, 'out');
  const saved = join(work, 'saved.json');
  console.log(`Running the runner on ${scale}…`);
  const runner = await runChild([
    join(root, 'src/cli/segbook.ts'), 'run', wbPath, '--data', `transactions=${csv}`, '--out', out, '--threads', '2',
    '--memory-limit', MEMORY_LIMIT, '--temp-dir', join(work, 'spill'), '--save', saved, ...runnerArgs,
  ]);
  if (runner.code !== 0) throw new Error(`the runner failed on ${scale} (exit ${runner.code}): ${runner.stderr.slice(-2000)}`);
  const report: RunReport = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
  const rfm = report.cells.find((c) => c.kind === 'rfm');
  const segments = report.cells.find((c) => c.kind === 'cluster');
  if (rfm?.rowCount !== buyers) throw new Error(`the runner's RFM found ${rfm?.rowCount} customers, expected ${buyers}`);
  // At 100M transactions the fit must be on a sample; a small run (BENCH_RUNNER_TRANSACTIONS) may fit on every customer.
  if (segments?.rowCount !== buyers) throw new Error(`the runner's cluster cell scored ${segments?.rowCount} rows, expected ${buyers}`);
  if (!segments.fittedOn && buyers > 1_000_000) throw new Error(`the runner's cluster cell fitted on all ${buyers} customers, expected a sample`);
  const reference = rfm.result?.kind === 'rfm' ? rfm.result.referenceDate : null;
  await rm(out, { recursive: true, force: true });

  console.log('Running the same SQL on native DuckDB alone…');
  const nativeOut = join(work, 'native');
  await mkdir(nativeOut, { recursive: true });
  const native = await runChild([join(root, 'test/bench/runner-native.ts'), csv, saved, String(reference), nativeOut]);
  if (native.code !== 0) throw new Error(`native DuckDB failed on ${scale}: ${native.stderr.slice(-2000)}`);
  await rm(nativeOut, { recursive: true, force: true });
  const peer = JSON.parse(native.stdout.trim().split('\n').at(-1)!);
  if (peer.rows !== buyers) throw new Error(`native DuckDB scored ${peer.rows} rows, expected ${buyers}`);

  const fitted = segments.fittedOn ? 'on a seeded sample' : 'on every customer';
  const stage = `Runner: ${scale} (load CSV, RFM, k-means k = 4 ${fitted}, every customer scored in SQL, Parquet out), --memory-limit ${MEMORY_LIMIT}`;
  const rows: Row[] = [{
    stage, segbook: `${ms(runner.ms)}, peak ${gb(runner.peakMb)}`, duck1: '', duck2: `${ms(native.ms)}, peak ${gb(peer.peakMb)}`, sk1: '', sk2: '',
    ratio: `${(runner.ms / native.ms).toFixed(2)}x`, target: '', met: '',
  }];
  const cellTimes = report.cells.map((c) => `${c.name} ${ms(c.durationMs)}`).join(', ');
  const notes = [
    `Runner row (${scale}, ${buyers.toLocaleString('en')} customers bought): the Segbook column is \`segbook run\` in a child process ` +
      `(Node's start and the CSV load included; cells: ${cellTimes}); the cluster cell was fitted on ` +
      `${segments.fittedOn ? `${segments.fittedOn.sampleRows.toLocaleString('en')} of ${segments.fittedOn.inputRows.toLocaleString('en')} rows` : 'every row'}. The native column runs only the statements that make the same tables ` +
      `(load ${ms(peer.load)}, RFM ${ms(peer.rfm)}, scoring ${ms(peer.score)}, Parquet ${ms(peer.export)}) in a child process with the same memory limit ` +
      `and 2 threads. Peak = the process's VmHWM (resident memory high-water mark).`,
  ];
  return { rows, notes };
}
