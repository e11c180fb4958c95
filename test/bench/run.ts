// `npm run bench`: builds the app, drives it in Chromium through the same paths a user takes, and
// runs the same work on native DuckDB in the same run. Prints medians of interleaved rounds.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../e2e/static-server.ts';
import { clusteringWorkbook, kernelRows, longestMainThreadTask, type KernelRow } from './kernel-rounds.ts';

const root = resolve(import.meta.dirname, '../..');
const retail = resolve(root, '../shared/datasets/online-retail/online-retail.csv.gz');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number | undefined) => (x === undefined ? 'n/a' : `${Math.round(x)} ms`);

async function nativeLoad(threads: number, source: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  const t0 = performance.now();
  // The statement the app runs for a CSV source (or native Parquet), then the row count it shows.
  await conn.run(`CREATE TABLE t AS SELECT * FROM ${source}`);
  await conn.runAndReadAll('SELECT count(*) FROM t');
  const elapsed = performance.now() - t0;
  conn.closeSync();
  instance.closeSync();
  return elapsed;
}

interface BrowserRound {
  firstResult: number;
  load: number;
  parquet: number;
}

/** Time from choosing a file to its source card showing `rows`, in the page's own clock. */
async function timeLoad(page: Page, path: string, rows: string, nth: number): Promise<number> {
  const t0 = await page.evaluate(() => performance.now());
  await page.setInputFiles('#open-files-input', path);
  const done = await page.waitForFunction(
    ([n, text]) => (document.querySelectorAll('section.source')[n]?.textContent ?? '').includes(text) && performance.now(),
    [nth, rows] as const,
    { polling: 'raf', timeout: 120_000 },
  );
  return ((await done.jsonValue()) as number) - t0;
}

async function browserRound(browser: Browser, url: string, workbookPath: string, parquetPath: string): Promise<BrowserRound> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(url);
    // Navigation to the first query result: open a one-cell workbook and run it.
    await page.setInputFiles('#open-workbook-input', workbookPath);
    await page.getByRole('button', { name: 'Run all' }).click();
    const firstResult = (await (await page.waitForFunction(
      () => document.querySelector('[data-status=done]') && performance.now(), null, { polling: 'raf', timeout: 60_000 },
    )).jsonValue()) as number;

    const load = await timeLoad(page, retail, '541,909 rows', 0);
    const parquet = await timeLoad(page, parquetPath, '1,000,000 rows', 1);
    return { firstResult, load, parquet };
  } finally {
    await context.close();
  }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  if (!existsSync(retail)) {
    console.log(`Skipping: the Online Retail file is not at ${retail}.`);
    return;
  }
  if (!existsSync('/usr/bin/chromium')) throw new Error('The benchmark needs Chromium at /usr/bin/chromium (apt-get install -y chromium).');
  console.log('Building the app…');
  const dir = await mkdtemp(join(tmpdir(), 'segbook-bench-'));
  await build({ root, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  const server = await startStaticServer(join(dir, 'dist'));
  const workbookPath = join(dir, 'first-query.segbook.json');
  await writeFile(workbookPath, JSON.stringify({
    format: 'segbook-workbook', version: 1, title: 'first query', sources: [],
    cells: [{ id: 'c1', kind: 'sql', name: 'answer', sql: 'SELECT 42 AS answer' }],
  }));
  // A 1M-row Parquet file with the usual customer-table types, written by native DuckDB.
  const parquetPath = join(dir, 'customers-1m.parquet');
  {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`COPY (SELECT range AS customer_id, DATE '2020-01-01' + (range % 1500)::INTEGER AS signup,
      TIMESTAMP '2023-01-01' + INTERVAL (range % 86400) SECOND AS last_seen, (range % 97) * 1.25 AS spend,
      ['web', 'app', 'store'][1 + range % 3] AS channel, range % 2 = 0 AS opted_in FROM range(1000000)) TO '${parquetPath}' (FORMAT parquet)`);
    conn.closeSync();
    instance.closeSync();
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const native1: number[] = [];
  const native2: number[] = [];
  const parquet2: number[] = [];
  const rounds: BrowserRound[] = [];
  let mainThread: { longest: number; clusterMs: number } | undefined;
  let kernels: KernelRow[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      native1.push(await nativeLoad(1, `read_csv('${retail}', skip=0)`));
      native2.push(await nativeLoad(2, `read_csv('${retail}', skip=0)`));
      parquet2.push(await nativeLoad(2, `read_parquet('${parquetPath}')`));
      rounds.push(await browserRound(browser, server.url, workbookPath, parquetPath));
      console.log(`round ${i + 1}/${ROUNDS}: chromium load ${ms(rounds.at(-1)!.load)}, native 1t ${ms(native1.at(-1))}, 2t ${ms(native2.at(-1))}`);
    }
    const mainThreadPath = join(dir, 'main-thread.segbook.json');
    await writeFile(mainThreadPath, JSON.stringify(clusteringWorkbook()));
    mainThread = await longestMainThreadTask(browser, server.url, mainThreadPath);
    kernels = await kernelRows(browser, root, dir, ROUNDS);
  } finally {
    await browser.close();
    await server.close();
  }
  const load = median(rounds.map((r) => r.load));
  const rows = [
    ['Load Online Retail CSV.gz (541,909 rows)', ms(load), ms(median(native1)), ms(median(native2)), `${(load / median(native2)).toFixed(2)}x`],
    ['Load 1M-row Parquet (parquet-wasm in a worker)', ms(median(rounds.map((r) => r.parquet))), '', ms(median(parquet2)),
      `${(median(rounds.map((r) => r.parquet)) / median(parquet2)).toFixed(2)}x`],
    ['Navigation to first query result', ms(median(rounds.map((r) => r.firstResult))), 'n/a', 'n/a', ''],
  ];
  console.log(`\nMedians of ${ROUNDS} interleaved rounds:\n`);
  printTable(['Stage', 'Segbook in Chromium', 'native DuckDB, 1 thread', 'native DuckDB, 2 threads', 'ratio to 2 threads'], rows);
  const fmt = (v: number | null, unit: string) => (v === null ? 'n/a' : `${v < 10 ? v.toFixed(2) : Math.round(v)} ${unit}`);
  console.log('\nNumeric kernels, in a Chromium worker and in scikit-learn on the same seeded data (k-means from the same initial centroids):\n');
  printTable(
    ['Stage', 'Segbook in Chromium', 'scikit-learn, 1 thread', 'scikit-learn, 2 threads', 'ratio to 2 threads'],
    kernels.map((k) => [k.stage, fmt(k.segbook, k.unit), fmt(k.peer1, k.unit), fmt(k.peer2, k.unit), k.peer2 ? `${(k.segbook / k.peer2).toFixed(2)}x` : '']),
  );
  if (mainThread) {
    console.log(
      `\nLongest main-thread task while a cluster cell ran k-means on 1M x 6 rows (k = 8, ${Math.round(mainThread.clusterMs)} ms in all): ` +
        (mainThread.longest ? `${Math.round(mainThread.longest)} ms` : 'none over 50 ms'),
    );
  }
}

await main();
