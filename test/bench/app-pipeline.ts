import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, JSHandle, Page } from 'playwright-core';
import { STATEMENT_PREFIX } from '../../src/db/statement-timing.ts';
import { longestTasks, TRACE_CATEGORIES, type TaskBreakdown } from './trace-longest.ts';
import { startCpuProfile } from './cpu-profile.ts';
import { memoryByTimeline, rendererPeakMb, timeByTimeline, watchMemory } from './process-memory.ts';
import type { Scale } from './pipeline-workbook.ts';
import { installStepWatch, WATCH_EVERY_MS, type WatchedStep } from './step-watch.ts';

/** Stages timed in the tab, in milliseconds; a stage that did not finish is missing. */
export interface TabRun {
  coldStart?: number;
  /** The app's own load timing (data-load-ms): from the file in the app's hands to the table ready. */
  load?: number;
  /** The page's clock from the click on Attach to the row count shown: the file chooser's round trip included. */
  loadClock?: number;
  clean?: number;
  rfm?: number;
  features?: number;
  cluster?: number;
  sweep?: number;
  validate?: number;
  personas?: number;
  export?: number;
  /** The longest main-thread task from the first load to the end of the export, 0 when none passed 50 ms. */
  longestTask: number;
  peakMemoryMb: number | null;
  /** The first stage that failed, and why; the rest were not run. */
  failed: string | null;
  /** With `profile`: the page's User Timing entries (DuckDB statements among them), in start order. */
  measures?: Array<{ name: string; start: number; duration: number }>;
  /** With `profile`: the main thread's costliest functions from the first load to the export. */
  cpuTop?: string[];
  /** With `profile`: each long task of that span, with the costliest functions sampled inside it. */
  longTaskFunctions?: Array<{ start: number; duration: number; top: string[] }>;
  /** With `rerun`: the SQL stages run again one by one once the pipeline is done, in ms: warm, with an idle page. */
  reruns?: Record<string, number>;
  /** Each step the page showed running, and whether it showed progress and an enabled Cancel meanwhile. */
  steps?: WatchedStep[];
  /** What ran during the longest task: the steps running then, and the scripts its animation frame names. */
  longestTaskWhere?: string;
  /** With `trace`: the main thread's longest tasks in a Chromium trace, each by what ran in it. */
  longestTraced?: TaskBreakdown[];
  /** The renderer's highest resident memory while each stage of the run went on (sampled), in MB. */
  memoryByStage?: Array<{ stage: string; peakMb: number }>;
  /** The same samples under what the page showed running then (steps and their progress lines), highest first. */
  memoryByStep?: Array<{ running: string; peakMb: number }>;
  timeByStep?: Array<{ running: string; ms: number }>;
  /** With `statements`: each DuckDB statement from the first load on (page clock from that load), with its lane and queue wait, and what the page showed as it started. */
  statements?: StatementRow[];
}

export interface StatementRow {
  sql: string;
  /** ms from the first load's click; queued is when the statement was sent. */
  start: number;
  queued: number;
  duration: number;
  lane: string;
  shown: string;
}

/** TabRun's fields that are not a stage's time. */
export type NotAStage = 'longestTraced' | 'longestTask' | 'peakMemoryMb' | 'failed' | 'measures' | 'cpuTop' | 'reruns' | 'longTaskFunctions' | 'steps' | 'memoryByStage' | 'memoryByStep' | 'timeByStep' | 'longestTaskWhere' | 'statements';

/**
 * Runs the clean, RFM and features cells again, one at a time, and returns their times. A cell's
 * run re-runs the cells below it too; each waits until every cell is done again.
 */
async function rerunSqlCells(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const allDone = () =>
    page.waitForFunction(() => [...document.querySelectorAll('article.cell [data-status]')].every((s) => s.getAttribute('data-status') === 'done'), null, { timeout: 120_000 });
  for (const name of ['clean', 'rfm', 'features'] as const) {
    const cell = page.locator(cellSelector(name));
    await allDone();
    await page.waitForTimeout(500);
    const before = await cell.locator('[data-status]').first().getAttribute('data-duration-ms');
    await cell.getByRole('button', { name: /^Run / }).first().click();
    await page.waitForFunction(
      ([sel, old]) => {
        const status = document.querySelector(`${sel} [data-status]`);
        return status?.getAttribute('data-status') === 'done' && status.getAttribute('data-duration-ms') !== old;
      },
      [cellSelector(name), before] as const,
      { timeout: 60_000 },
    );
    out[name] = Number(await cell.locator('[data-status]').first().getAttribute('data-duration-ms'));
  }
  return out;
}

const CELLS = ['clean', 'rfm', 'features', 'segments', 'validation', 'personas'] as const;
type TimedStage = Exclude<keyof TabRun, NotAStage>;
const STAGE_OF: Record<(typeof CELLS)[number], TimedStage> = {
  clean: 'clean', rfm: 'rfm', features: 'features', segments: 'cluster', validation: 'validate', personas: 'personas',
};

const cellSelector = (name: string) => `article.cell[aria-label$=", result table ${name}"]`;
const now = (page: Page) => page.evaluate(() => performance.now());

/** The page's clock when a waitForFunction test, which returns performance.now() once it holds, passed. */
async function when(waiting: Promise<JSHandle<unknown>>): Promise<number> {
  return Number(await (await waiting).jsonValue());
}

// Tests are checked every frame so that short stages are timed closely; the page's CSP refuses
// eval, so they travel as functions Playwright serialises.
const EVERY_FRAME = { polling: 'raf' } as const;

/** Navigation to the first query's answer: open a one-cell workbook and run it, as a first visit would. */
async function coldStart(page: Page, url: string, firstQueryPath: string): Promise<number> {
  await page.goto(url);
  await page.setInputFiles('#open-workbook-input', firstQueryPath);
  await page.getByRole('button', { name: 'Run all' }).click();
  return when(page.waitForFunction(() => document.querySelector('[data-status=done]') && performance.now(), null, { ...EVERY_FRAME, timeout: 60_000 }));
}

/**
 * Names what ran in the longest task: the steps the watcher saw running around it, and the scripts
 * (over 10 ms) of the long animation frame that holds it, by function name and bundle position.
 */
async function attributeLongest(page: Page, tasks: Array<{ start: number; duration: number }>): Promise<string | undefined> {
  const longest = tasks.reduce<{ start: number; duration: number } | undefined>((a, t) => (!a || t.duration > a.duration ? t : a), undefined);
  if (!longest) return undefined;
  const { frames, steps } = await page.evaluate(() => ({
    frames: (window as unknown as { benchFrames: Array<{ start: number; duration: number; scripts: string }> }).benchFrames,
    steps: Object.values((window as unknown as { benchSteps: Record<string, WatchedStep> }).benchSteps),
  }));
  const end = longest.start + longest.duration;
  const frame = frames.find((f) => f.start <= longest.start + 1 && f.start + f.duration >= end - 1);
  const during = steps.filter((s) => s.first - WATCH_EVERY_MS <= end && s.last + WATCH_EVERY_MS >= longest.start).map((s) => s.step);
  return `during ${during.join(', ') || 'no watched step'}; ${frame?.scripts || 'no script over 10 ms named (style, layout, paint, or a task outside a frame)'}`;
}

/**
 * Runs a scale's whole pipeline in a fresh tab the way a user would: open the workbook, attach
 * each data file, press Run all, sweep k in the cluster cell, download its table as Parquet.
 * Stage times come from the app's own cell timings (data-duration-ms) or from the page's clock
 * around the user's action. A failing stage ends the run and is reported; it never ends the bench.
 */
export async function runInTab(browser: Browser, url: string, dir: string, scale: Scale, options: { firstQueryPath?: string; timeoutMs: number; profile?: boolean; rerun?: boolean; noKeptCopy?: boolean; statements?: boolean; trace?: boolean }): Promise<TabRun> {
  const run: TabRun = { longestTask: 0, peakMemoryMb: null, failed: null };
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  let crashed = false;
  page.on('crash', () => (crashed = true));
  let stage = 'opening the app';
  let statementsFrom = 0;
  const memory = watchMemory(() => stage);
  try {
    // tsx compiles the watcher with esbuild's keepNames, which wraps its inner functions in __name().
    await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    await page.addInitScript(installStepWatch, WATCH_EVERY_MS);
    // To weigh the copy of each loaded file the app keeps in origin-private storage: without
    // createWritable the app finds no storage and keeps nothing.
    if (options.noKeptCopy) await page.addInitScript(() => delete (FileSystemFileHandle.prototype as { createWritable?: unknown }).createWritable);
    await page.addInitScript(() => {
      const tasks: Array<{ start: number; duration: number }> = [];
      Object.assign(window, { benchLongTasks: tasks });
      new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
      // Long animation frames name the scripts that ran in them: the profile's attribution of long tasks.
      const frames: Array<{ start: number; duration: number; scripts: string }> = [];
      Object.assign(window, { benchFrames: frames });
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => {
          const scripts = ((e as unknown as { scripts?: Array<{ duration: number; invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number }> }).scripts ?? [])
            .filter((s) => s.duration >= 10)
            .map((s) => `${Math.round(s.duration)} ms ${s.invoker} ${s.sourceFunctionName || '?'} ${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}`)
            .join('; ');
          frames.push({ start: e.startTime, duration: e.duration, scripts });
        }),
      ).observe({ type: 'long-animation-frame', buffered: true });
    });
    if (options.firstQueryPath) run.coldStart = await coldStart(page, url, options.firstQueryPath);
    else await page.goto(url);

    const workbookPath = join(dir, `${scale.id}.segbook.json`);
    await writeFile(workbookPath, JSON.stringify(scale.workbook));
    await page.setInputFiles('#open-workbook-input', workbookPath);
    // Loads are timed from a started DuckDB, as the native peer's are; stage 1 times the start.
    await page.waitForFunction(() => performance.getEntriesByName('duckdb ready').length > 0, null, { timeout: 60_000 });
    const heavyFrom = await now(page);
    statementsFrom = heavyFrom;
    const cpu = options.profile ? await startCpuProfile(page) : null;
    if (options.trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    let load = 0;
    let loadClock = 0;
    for (const [i, file] of scale.files.entries()) {
      stage = `loading ${file.table}`;
      const source = scale.workbook.sources[i];
      const t0 = await now(page);
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: `Attach ${source.file}` }).click();
      await (await chooser).setFiles(file.path);
      const rows = `${file.rows.toLocaleString('en')} rows`;
      loadClock += (await when(page.waitForFunction(
        ([table, text]) =>
          [...document.querySelectorAll('section.source')].some((s) => s.querySelector('h3')?.textContent === table && s.querySelector('header')?.textContent?.includes(text)) &&
          performance.now(),
        [file.table, rows] as const,
        { ...EVERY_FRAME, timeout: options.timeoutMs },
      ))) - t0;
      const card = page.locator('section.source').filter({ has: page.getByRole('heading', { name: file.table, exact: true }) });
      load += Number(await card.getAttribute('data-load-ms'));
    }
    run.load = load;
    run.loadClock = loadClock;

    stage = 'Run all';
    await page.getByRole('button', { name: 'Run all' }).click();
    for (const name of CELLS) {
      stage = `cell ${name}`;
      const cell = page.locator(cellSelector(name));
      await page.waitForFunction(
        (sel) => ['done', 'error', 'stale', 'cancelled'].includes(document.querySelector(`${sel} [data-status]`)?.getAttribute('data-status') ?? ''),
        cellSelector(name),
        { timeout: options.timeoutMs, polling: 250 },
      );
      const status = await cell.locator('[data-status]').first();
      if ((await status.getAttribute('data-status')) !== 'done') {
        const problem = await cell.locator('.problem').first().innerText().catch(() => 'no message');
        throw new Error(`ended as ${await status.getAttribute('data-status')}: ${problem}`);
      }
      run[STAGE_OF[name]] = Number(await status.getAttribute('data-duration-ms'));
      if (name === 'rfm') {
        const text = await status.innerText();
        const expected = `${scale.customers.toLocaleString('en')} rows`;
        if (!text.includes(expected)) throw new Error(`the RFM cell found ${text}, expected ${expected}`);
      }
    }

    stage = 'k sweep';
    const cluster = page.locator(cellSelector('segments'));
    const t0 = await now(page);
    await cluster.getByRole('button', { name: 'Sweep k' }).click();
    run.sweep = (await when(page.waitForFunction(
      // The recommendation's reason, "k = 4: named by …", appears once the sweep is done.
      (sel) => /^k = \d+:/.test(document.querySelector(`${sel} section.sweep p.recommendation`)?.textContent?.trim() ?? '') && performance.now(),
      cellSelector('segments'),
      { ...EVERY_FRAME, timeout: options.timeoutMs },
    ))) - t0;

    stage = 'Parquet export';
    const t1 = Date.now();
    const download = page.waitForEvent('download', { timeout: options.timeoutMs });
    await cluster.getByRole('button', { name: 'Download Parquet of segments' }).click();
    const file = await download;
    run.export = Date.now() - t1;
    if (!(await file.path())) throw new Error('the download has no file');

    stage = 'after the export';
    const heavyTo = await now(page);
    const tasks = await page.evaluate(() => (window as unknown as { benchLongTasks: Array<{ start: number; duration: number }> }).benchLongTasks);
    const heavyTasks = tasks.filter((t) => t.start >= heavyFrom && t.start <= heavyTo);
    run.longestTask = Math.max(0, ...heavyTasks.map((t) => t.duration));
    run.longestTaskWhere = await attributeLongest(page, heavyTasks);
    if (options.trace) run.longestTraced = longestTasks(await browser.stopTracing());
    if (cpu) {
      const { overall, windows } = await cpu.stop(heavyTasks);
      run.cpuTop = overall;
      run.longTaskFunctions = heavyTasks.map((t, i) => ({ ...t, top: windows[i] }));
    }
    if (options.rerun) run.reruns = await rerunSqlCells(page);
    if (options.profile) {
      const marks = await page.evaluate(() => [
        ...performance.getEntriesByType('measure').map((e) => ({ name: e.name, start: e.startTime, duration: e.duration })),
        ...(window as unknown as { benchLongTasks: Array<{ start: number; duration: number }> }).benchLongTasks.map((t) => ({ name: 'long task', ...t })),
        ...(window as unknown as { benchFrames: Array<{ start: number; duration: number; scripts: string }> }).benchFrames
          .filter((f) => f.duration > 50)
          .map((f) => ({ name: `long frame: ${f.scripts || 'no script over 10 ms (style, layout, paint)'}`, start: f.start, duration: f.duration })),
      ]);
      run.measures = marks.filter((m) => m.start >= heavyFrom).sort((a, b) => a.start - b.start);
    }
  } catch (e) {
    const why = crashed ? 'the tab crashed (out of memory?)' : (e instanceof Error ? e.message : String(e)).split('\n')[0];
    run.failed = `${stage}: ${why}`;
  } finally {
    run.steps = await page.evaluate(() => Object.values((window as unknown as { benchSteps: Record<string, WatchedStep> }).benchSteps)).catch(() => undefined);
    run.memoryByStage = memory.stop();
    const timeline = await page.evaluate(() => (window as unknown as { benchTimeline: Array<{ at: number; running: string }> }).benchTimeline).catch(() => []);
    run.memoryByStep = memoryByTimeline(memory.samples, timeline);
    run.timeByStep = timeByTimeline(timeline, Date.now());
    if (options.statements) run.statements = await statementRows(page, timeline, statementsFrom).catch(() => undefined);
    run.peakMemoryMb = rendererPeakMb();
    await context.close().catch(() => undefined);
  }
  return run;
}

/** The page's DuckDB statements from `from` on, each with what the step watcher last saw before it started. */
async function statementRows(page: Page, timeline: Array<{ at: number; running: string }>, from: number): Promise<StatementRow[]> {
  const { origin, entries } = await page.evaluate((prefix) => ({
    origin: performance.timeOrigin,
    entries: performance
      .getEntriesByType('measure')
      .filter((e) => e.name.startsWith(prefix))
      .map((e) => ({ name: e.name.slice(prefix.length), start: e.startTime, duration: e.duration, detail: (e as PerformanceMeasure).detail as { lane?: string; queued?: number } | null })),
  }), STATEMENT_PREFIX);
  return entries
    .filter((e) => e.start >= from)
    .sort((a, b) => a.start - b.start)
    .map((e) => ({
      sql: e.name,
      start: e.start - from,
      queued: (e.detail?.queued ?? e.start) - from,
      duration: e.duration,
      lane: e.detail?.lane ?? '?',
      shown: [...timeline].reverse().find((t) => t.at <= origin + e.start)?.running ?? 'nothing shown running',
    }));
}
