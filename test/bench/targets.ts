import type { TabRun } from './app-pipeline.ts';
import { median, ms } from './report.ts';
import type { ScaleResult } from './scale-rows.ts';
import { stepMet, watchedMs, type WatchedStep } from './step-watch.ts';

/** One row of issue 16's targets table, already text. */
export interface TargetRow {
  what: string;
  target: string;
  figure: string;
  met: string;
  /** What explains the figure: the parts, the peer, the step or script behind it. */
  note: string;
}

const END_TO_END: Array<keyof TabRun> = ['load', 'clean', 'rfm', 'features', 'cluster', 'sweep', 'validate', 'personas', 'export'];
const PEAK_LIMIT_MB = 1536;
const yes = (ok: boolean) => (ok ? 'met' : 'not met');
const seconds = (x: number) => `${(x / 1000).toFixed(1)} s`;

const stageMedian = (tab: TabRun[], stage: keyof TabRun): number | undefined =>
  median(tab.map((r) => r[stage]).filter((x): x is number => typeof x === 'number'));

/** A step's verdict as a short phrase: what was missing, and in how many of its samples. */
function stepNote(s: WatchedStep): string {
  const missing = [s.progress < s.judged ? `progress in ${s.judged - s.progress} of ${s.judged} samples` : '', s.cancel < s.judged ? `an enabled Cancel in ${s.judged - s.cancel}` : '']
    .filter(Boolean)
    .join(', ');
  return `${s.step} (${seconds(watchedMs(s))}${s.lastText ? `, “${s.lastText}”` : ''}${missing ? `: no ${missing}` : ''})`;
}

/**
 * Issue 16's targets, each with its figure from the run and whether it is met. `peer2Fit` is
 * scikit-learn's k-means++ fit with 2 threads on the same features, in ms (undefined when it is
 * not installed).
 */
export function targetRows(result: ScaleResult, peer2Fit: number | undefined): TargetRow[] {
  const tab = result.tab;
  const done = tab.filter((r) => END_TO_END.every((s) => typeof r[s] === 'number'));
  const total = median(done.map((r) => END_TO_END.reduce((sum, s) => sum + Number(r[s]), 0)));
  const parts = END_TO_END.map((s) => `${s} ${ms(stageMedian(tab, s))}`).join(', ');
  const sweep = stageMedian(tab, 'sweep');
  const validate = stageMedian(tab, 'validate');
  const fit = stageMedian(tab, 'cluster');
  const fitRatio = fit !== undefined && peer2Fit ? fit / peer2Fit : undefined;
  const peak = median(tab.map((r) => r.peakMemoryMb).filter((x): x is number => x !== null));
  const byStage = tab.flatMap((r) => r.memoryByStage ?? []).sort((a, b) => b.peakMb - a.peakMb);
  const longestRun = tab.reduce((a, r) => (r.longestTask > a.longestTask ? r : a), tab[0]);
  const longest = longestRun?.longestTask ?? 0;
  const long = tab.flatMap((r) => r.steps ?? []).filter((s) => watchedMs(s) > 1000);
  const failing = long.filter((s) => !stepMet(s));
  const failed = tab.find((r) => r.failed)?.failed;
  return [
    {
      what: 'End to end in the tab (load, clean, RFM, features, fit, sweep, validate, personas, export)', target: 'under 30 s',
      figure: total === undefined ? `did not finish${failed ? ` (${failed})` : ''}` : seconds(total), met: yes(total !== undefined && total < 30_000), note: parts,
    },
    { what: 'k sweep 2-10', target: 'under 5 s', figure: sweep === undefined ? 'did not finish' : seconds(sweep), met: yes(sweep !== undefined && sweep < 5000), note: 'from the click on Sweep k to the recommendation shown' },
    { what: 'Validation', target: 'under 5 s', figure: validate === undefined ? 'did not finish' : seconds(validate), met: yes(validate !== undefined && validate < 5000), note: 'the validation cell, silhouette, DB, CH and 20 bootstraps' },
    {
      what: 'k-means++ fit, 10 starts', target: 'at most 0.5x scikit-learn, 2 threads', figure: fitRatio === undefined ? (fit === undefined ? 'did not finish' : `${ms(fit)}, no peer`) : `${fitRatio.toFixed(2)}x`,
      met: yes(fitRatio !== undefined && fitRatio <= 0.5), note: `the whole cluster cell ${ms(fit)}; scikit-learn's fit with 2 threads ${peer2Fit === undefined ? 'not installed' : ms(peer2Fit)}`,
    },
    {
      what: 'Peak renderer memory', target: 'under 1.5 GB (1,536 MB)', figure: peak === undefined ? 'n/a' : `${Math.round(peak).toLocaleString('en')} MB`, met: yes(peak !== undefined && peak < PEAK_LIMIT_MB),
      note: `VmHWM of the renderer (page and workers); highest resident memory by stage: ${byStage.slice(0, 4).map((m) => `${m.stage} ${Math.round(m.peakMb).toLocaleString('en')} MB`).join(', ')}`,
    },
    {
      what: 'Longest main-thread task', target: '50 ms or less', figure: longest ? `${Math.round(longest)} ms` : 'none over 50 ms', met: yes(longest <= 50),
      note: longestRun?.longestTaskWhere ?? '',
    },
    {
      what: 'Every step over 1 s', target: 'shows progress and can be cancelled', figure: `${long.length - failing.length} of ${long.length} steps`,
      met: yes(long.length > 0 && failing.length === 0),
      note: `sampled every 100 ms from half a second into each step; ${failing.length ? `missing: ${failing.map(stepNote).join('; ')}` : 'every step showed both'}; met: ${long.filter(stepMet).map((s) => `${s.step} (${seconds(watchedMs(s))})`).join(', ') || 'none'}`,
    },
  ];
}

const KEYS: Array<keyof TargetRow> = ['what', 'target', 'figure', 'met', 'note'];
const HEADER: TargetRow = { what: 'What', target: 'Target', figure: 'Segbook', met: 'Met?', note: 'Note' };

/** The table as aligned text for the terminal, the notes printed under it rather than in a column. */
export function targetsText(rows: TargetRow[]): string {
  const cols = KEYS.filter((k) => k !== 'note');
  const widths = cols.map((k) => Math.max(HEADER[k].length, ...rows.map((r) => r[k].length)));
  const line = (r: TargetRow) => `| ${cols.map((k, i) => r[k].padEnd(widths[i])).join(' | ')} |`;
  return [line(HEADER), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), '', ...rows.map((r) => `${r.what}: ${r.note}`)].join('\n');
}

export function targetsMarkdown(rows: TargetRow[]): string {
  const line = (r: TargetRow) => `| ${KEYS.map((k) => r[k].replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(HEADER), `|${KEYS.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
