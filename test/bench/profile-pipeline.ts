// `npx tsx test/bench/profile-pipeline.ts`: the profile behind the benchmark's SQL and pipeline
// rows. Runs the Online Retail pipeline once in Chromium, as `npm run bench` does (after one
// warm-up run), and prints every DuckDB statement the tab sent, the time between statements (work
// in the page and the workers) and the long tasks; then runs the same cells on native DuckDB with
// 1 and 2 threads and sets each statement beside the tab's. PROFILE_MIN_MS hides shorter lines;
// PROFILE_SCALE=large profiles the generated 1M customers / 10M transactions instead (no warm-up run).
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { STATEMENT_PREFIX } from '../../src/db/statement-timing.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { runInTab } from './app-pipeline.ts';
import { runNative } from './native-pipeline.ts';
import { generateLargeSet, largeScale, retailScale } from './pipeline-workbook.ts';

const root = join(import.meta.dirname, '../..');
const retailPath = join(root, '../shared/datasets/online-retail/online-retail.csv.gz');
const minMs = Number(process.env.PROFILE_MIN_MS ?? 0);
const LARGE = process.env.PROFILE_SCALE === 'large';
if (!LARGE && !existsSync(retailPath)) throw new Error(`the profile needs the Online Retail file at ${retailPath}`);
const dataDir = await mkdtemp(join(tmpdir(), 'segbook-profile-data-'));
const scale = LARGE
  ? largeScale(join(dataDir, 'customers.csv'), join(dataDir, 'transactions.csv'), await generateLargeSet(join(dataDir, 'customers.csv'), join(dataDir, 'transactions.csv')))
  : retailScale(retailPath);

interface Entry {
  name: string;
  start: number;
  duration: number;
}

interface TabProfile {
  stages: Record<string, number>;
  entries: Entry[];
  cpuTop: string[];
  reruns: Record<string, number>;
  longTasks: Array<{ start: number; duration: number; top: string[] }>;
}

async function tabProfile(): Promise<TabProfile> {
  const dir = await mkdtemp(join(tmpdir(), 'segbook-profile-'));
  // PROFILE_MINIFY=0 keeps function names, for reading the long frames' scripts.
  await build({ root, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true, minify: process.env.PROFILE_MINIFY !== '0' } });
  const server = await startStaticServer(join(dir, 'dist'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    // As the benchmark does: a first query as the page opens, then the pipeline.
    const firstQueryPath = join(dir, 'first-query.segbook.json');
    await writeFile(firstQueryPath, JSON.stringify({
      format: 'segbook-workbook', version: 1, title: 'first query', sources: [], cells: [{ id: 'c1', kind: 'sql', name: 'answer', sql: 'SELECT 42 AS answer' }],
    }));
    if (!LARGE) await runInTab(browser, server.url, dir, scale, { timeoutMs: 120_000, firstQueryPath });
    const run = await runInTab(browser, server.url, dir, scale, { timeoutMs: LARGE ? 1_800_000 : 120_000, firstQueryPath, profile: true, rerun: !LARGE });
    if (run.failed) throw new Error(run.failed);
    const { measures = [], cpuTop = [], reruns = {}, longTaskFunctions = [], longestTraced: _traced, steps: _steps, memoryByStage: _memory, memoryByStep: _byStep, timeByStep: _timeByStep, longestTaskWhere: _where, statements: _statements, failed: _failed, longestTask: _longest, peakMemoryMb: _peak, ...stages } = run;
    return { stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)])), entries: measures, cpuTop, reruns, longTasks: longTaskFunctions };
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each statement's time on native DuckDB with `threads` threads, in the order they ran. */
async function nativeStatements(threads: number): Promise<Entry[]> {
  performance.clearMeasures();
  await runNative(scale, threads);
  return performance.getEntriesByType('measure').map((e) => ({ name: e.name, start: e.startTime, duration: e.duration }));
}

const tab = await tabProfile();
const native1 = LARGE ? [] : await nativeStatements(1);
const native2 = LARGE ? [] : await nativeStatements(2);
await rm(dataDir, { recursive: true, force: true });
/** Native times by statement text, consumed in order, so that repeated statements pair up. */
const pending = (entries: Entry[]) => {
  const byName = new Map<string, number[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e.duration]);
  return (name: string) => byName.get(name)?.shift();
};
const [take1, take2] = [pending(native1), pending(native2)];
const fmt = (x: number | undefined) => (x === undefined ? '' : x.toFixed(1)).padStart(7);

console.log('Stages in the tab (ms):', JSON.stringify(tab.stages));
console.log('The SQL cells run again afterwards, one at a time (warm wasm, idle page; ms):', JSON.stringify(tab.reruns));
console.log(`${'start'.padStart(7)} ${'gap'.padStart(7)} ${'tab'.padStart(7)} ${'1t'.padStart(7)} ${'2t'.padStart(7)}  statement (ms; gap = time since the previous statement ended)`);
let previousEnd = tab.entries[0]?.start ?? 0;
let [sumTab, sumPaired, sum1, sum2] = [0, 0, 0, 0];
for (const e of tab.entries) {
  const isStatement = e.name.startsWith(STATEMENT_PREFIX);
  const [d1, d2] = isStatement ? [take1(e.name), take2(e.name)] : [undefined, undefined];
  if (isStatement) {
    sumTab += e.duration;
    if (d2 !== undefined && d1 !== undefined) [sumPaired, sum1, sum2] = [sumPaired + e.duration, sum1 + d1, sum2 + d2];
  }
  if (e.duration >= minMs || !isStatement) {
    console.log(`${e.start.toFixed(0).padStart(7)} ${(isStatement ? e.start - previousEnd : NaN).toFixed(1).padStart(7)} ${fmt(e.duration)} ${fmt(d1)} ${fmt(d2)}  ${e.name}`);
  }
  if (isStatement) previousEnd = Math.max(previousEnd, e.start + e.duration);
}
for (const task of tab.longTasks) {
  console.log(`\nLong task at ${task.start.toFixed(0)} ms, ${task.duration.toFixed(0)} ms; sampled inside it:`);
  for (const line of task.top) console.log(line);
}
console.log('\nThe main thread\'s costliest functions (self time), from the first load to the export:');
for (const line of tab.cpuTop) console.log(line);
console.log(`statements in the tab: ${sumTab.toFixed(0)} ms; those native DuckDB also ran: ${sumPaired.toFixed(0)} ms in the tab, ${sum1.toFixed(0)} ms on 1 thread, ${sum2.toFixed(0)} ms on 2 threads`);
