import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { bigSheet, book, xlsxBytes } from '../ingest/fixtures/make-xlsx.ts';
import { median, ms, type Row } from './report.ts';

const PYTHON = '/usr/bin/python3';
const ROWS = 100_000;

/** Time from choosing the .xlsx to its card showing its rows, and the longest main-thread task meanwhile. */
async function tabLoad(browser: Browser, url: string, path: string): Promise<{ ms: number; longest: number; longTasks: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(url);
    const t0 = await page.evaluate(() => {
      const seen: number[] = [];
      Object.assign(window, { longTasks: seen });
      new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e.duration))).observe({ type: 'longtask' });
      return performance.now();
    });
    await page.setInputFiles('#open-files-input', path);
    const done = await page.waitForFunction(
      (label) => (document.querySelector('section.source')?.textContent ?? '').includes(label) && performance.now(),
      `${ROWS.toLocaleString('en')} rows`, { polling: 'raf', timeout: 300_000 },
    );
    const elapsed = Number(await done.jsonValue()) - t0;
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    return { ms: elapsed, longest: Math.max(0, ...tasks), longTasks: tasks.length };
  } finally {
    await context.close();
  }
}

function pandasLoad(path: string): number | null {
  const script = 'import sys, time, pandas as pd\nt = time.perf_counter()\ndf = pd.read_excel(sys.argv[1], engine="openpyxl")\nassert len(df) == int(sys.argv[2])\nprint((time.perf_counter() - t) * 1000)';
  const run = spawnSync(PYTHON, ['-c', script, path, String(ROWS)], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : null;
}

/** The Excel row: a 100k x 10 .xlsx loaded in the tab, beside pandas' read_excel (openpyxl) on the same file. */
export async function excelRows(browser: Browser, url: string, dir: string, rounds: number): Promise<{ rows: Row[]; notes: string[] }> {
  const path = join(dir, 'customers-100k.xlsx');
  await writeFile(path, xlsxBytes(book({ Customers: bigSheet(ROWS) })));
  const ours: Array<{ ms: number; longest: number; longTasks: number }> = [];
  const peer: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(await tabLoad(browser, url, path));
    const p = pandasLoad(path);
    if (p !== null) peer.push(p);
  }
  const [a, b] = [median(ours.map((o) => o.ms)), median(peer)];
  const notes = [
    `Excel: the 100k x 10 .xlsx's longest main-thread task while loading was ${Math.round(Math.max(...ours.map((o) => o.longest)))} ms over ${rounds} rounds ` +
      `(${ours.reduce((n, o) => n + o.longTasks, 0)} tasks over 50 ms in all; the issue's budget is none over 50 ms).`,
  ];
  if (!peer.length) notes.push('pandas or openpyxl is not installed (apt-get install -y python3-pandas python3-openpyxl): the Excel row has no peer.');
  return {
    rows: [{
      stage: 'Load a 100k x 10 .xlsx (SheetJS in a worker; peer: pandas.read_excel with openpyxl, in the sk 1t column)',
      segbook: ms(a), duck1: '', duck2: '', sk1: ms(b), sk2: '', ratio: a && b ? `${(a / b).toFixed(2)}x` : '', target: '', met: '',
    }],
    notes,
  };
}
