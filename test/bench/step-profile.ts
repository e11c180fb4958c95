// `npx tsx test/bench/step-profile.ts`: one run of the pipeline in the tab, as `npm run bench` does,
// printing what issue 16's targets rest on: the renderer's resident memory by stage, each step
// the page showed running with its progress and Cancel, and what ran in the longest main-thread
// task (PROFILE_TRACE=1: its parts, from a Chromium trace; PROFILE_CPU=1 with PROFILE_MINIFY=0: the
// functions sampled in it). PROFILE_NO_KEEP=1 stops the app keeping a copy of each loaded file in this browser,
// to weigh that copy. PROFILE_SCALE=large runs the generated 1M customers / 10M transactions; PROFILE_DIST
// serves an already built app instead of building one.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../e2e/static-server.ts';
import { runInTab } from './app-pipeline.ts';
import { generateLargeSet, largeScale, retailScale } from './pipeline-workbook.ts';
import { stepMet, watchedMs } from './step-watch.ts';

const root = join(import.meta.dirname, '../..');
const SLOW_STATEMENT_MS = 200;
const dir = await mkdtemp(join(tmpdir(), 'segbook-steps-'));
const LARGE = process.env.PROFILE_SCALE === 'large';
const scale = LARGE
  ? largeScale(join(dir, 'customers.csv'), join(dir, 'transactions.csv'), await generateLargeSet(join(dir, 'customers.csv'), join(dir, 'transactions.csv')))
  : retailScale(join(root, '../shared/datasets/online-retail/online-retail.csv.gz'));
const dist = process.env.PROFILE_DIST ?? join(dir, 'dist');
if (!process.env.PROFILE_DIST) await build({ root, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true, minify: process.env.PROFILE_MINIFY !== '0' } });
const server = await startStaticServer(dist);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'] });
try {
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} before the run`);
  const run = await runInTab(browser, server.url, dir, scale, { timeoutMs: LARGE ? 1_800_000 : 120_000, noKeptCopy: process.env.PROFILE_NO_KEEP === '1', statements: true, trace: process.env.PROFILE_TRACE === '1', profile: process.env.PROFILE_CPU === '1' });
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} after the run`);
  if (run.failed) console.log(`failed: ${run.failed}`);
  const { steps = [], memoryByStage = [], longestTask, longestTaskWhere, peakMemoryMb } = run;
  console.log('stages (ms):', JSON.stringify(Object.fromEntries(Object.entries(run).filter(([, v]) => typeof v === 'number').map(([k, v]) => [k, Math.round(Number(v))]))));
  console.log(`peak renderer memory (VmHWM): ${Math.round(peakMemoryMb ?? 0)} MB; highest resident memory while each stage ran:`);
  for (const m of memoryByStage) console.log(`  ${Math.round(m.peakMb).toString().padStart(6)} MB  ${m.stage}`);
  console.log('highest resident memory under what the page showed running (top 15):');
  for (const m of (run.memoryByStep ?? []).slice(0, 15)) console.log(`  ${Math.round(m.peakMb).toString().padStart(6)} MB  ${m.running}`);
  console.log('time under what the page showed running (top 25):');
  for (const t of (run.timeByStep ?? []).slice(0, 25)) console.log(`  ${Math.round(t.ms).toString().padStart(7)} ms  ${t.running}`);
  console.log(`longest main-thread task: ${Math.round(longestTask)} ms, ${longestTaskWhere ?? ''}`);
  const byLength = [...(run.longTaskFunctions ?? [])].sort((a, b) => b.duration - a.duration).slice(0, 3);
  for (const task of byLength) console.log(`  sampled in the task of ${Math.round(task.duration)} ms:\n    ${task.top.slice(0, 8).join('\n    ')}`);
  for (const task of run.longestTraced ?? []) {
    console.log(`  traced task of ${Math.round(task.ms)} ms: ${task.parts.slice(0, 8).map((p) => `${p.name} ${p.ms.toFixed(1)} ms`).join('; ')}`);
  }
  console.log('steps (watched span; samples from 0.5 s: with progress / with Cancel / judged):');
  for (const s of steps) {
    const verdict = watchedMs(s) > 1000 ? (stepMet(s) ? 'met' : 'NOT MET') : 'under 1 s';
    console.log(`  ${String(Math.round(watchedMs(s))).padStart(7)} ms  ${s.step}: ${s.progress}/${s.cancel}/${s.judged} ${verdict}  “${s.lastText}”`);
  }
  const slow = (run.statements ?? []).filter((s) => s.duration >= SLOW_STATEMENT_MS);
  console.log(`DuckDB statements over ${SLOW_STATEMENT_MS} ms (${slow.length} of ${run.statements?.length ?? 0}; s from the first load: queued, started, ms, lane, page showed at start):`);
  for (const s of slow) console.log(`  ${(s.queued / 1000).toFixed(1).padStart(6)} ${(s.start / 1000).toFixed(1).padStart(6)} ${String(Math.round(s.duration)).padStart(6)} ms ${s.lane.padEnd(10)} [${s.shown}] ${s.sql}`);
  const waited = (run.statements ?? []).filter((s) => s.lane === 'foreground' && s.start - s.queued >= SLOW_STATEMENT_MS);
  console.log(`foreground statements that waited over ${SLOW_STATEMENT_MS} ms in the queue: ${waited.length}`);
  for (const s of waited) console.log(`  waited ${String(Math.round(s.start - s.queued)).padStart(6)} ms at ${(s.start / 1000).toFixed(1)} s [${s.shown}] ${s.sql}`);
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
