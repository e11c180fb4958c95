import type { NotAStage, TabRun } from './app-pipeline.ts';
import type { NativeRun } from './native-pipeline.ts';
import type { Scale } from './pipeline-workbook.ts';
import { median, ms, ratio, type Row } from './report.ts';
import type { SklearnStage } from './sklearn-pipeline.ts';

/** Every round's timings for one scale; sklearn is null when it is not installed. */
export interface ScaleResult {
  scale: Scale;
  tab: TabRun[];
  native: { 1: NativeRun[]; 2: NativeRun[] };
  sklearn: { 1: Record<SklearnStage, number[]>; 2: Record<SklearnStage, number[]> } | null;
  /** The clustering inputs written for scikit-learn (writeRawFeatures), when it ran. */
  features: { path: string; n: number; d: number } | null;
}

type TabStage = Exclude<keyof TabRun, NotAStage>;

interface Target {
  text: string;
  /** Given our time and the ratio to the 2-thread peer. */
  holds: (ours: number, r: number | undefined) => boolean;
}

const withinRatio = (limit: number): Target => ({ text: `≤ ${limit.toFixed(1)}x`, holds: (_, r) => r !== undefined && r <= limit });
const under = (limitMs: number): Target => ({ text: `< ${limitMs / 1000} s`, holds: (ours) => ours < limitMs });

const tabMedian = (runs: TabRun[], stage: TabStage) => median(runs.map((r) => r[stage]).filter((x): x is number => x !== undefined));

/** Segbook's median time for a stage next to the peers doing the same work, the ratio to the 2-thread peer and the target. */
export function scaleRows(result: ScaleResult): Row[] {
  const { scale, tab, native, sklearn } = result;
  const prefix = scale.id === 'retail' ? 'Online Retail' : '1M/10M';
  const duck = (t: 1 | 2, stage: keyof NativeRun) => median(native[t].map((r) => r[stage]));
  const sk = (t: 1 | 2, stage: SklearnStage) => (sklearn ? median(sklearn[t][stage]) : undefined);
  const row = (label: string, stage: TabStage, peer: { duck?: keyof NativeRun; sk?: SklearnStage; vs: 'duck' | 'sk' | null }, target?: Target): Row => {
    const ours = tabMedian(tab, stage);
    const d1 = peer.duck && duck(1, peer.duck);
    const d2 = peer.duck && duck(2, peer.duck);
    const s1 = peer.sk && sk(1, peer.sk);
    const s2 = peer.sk && sk(2, peer.sk);
    const r = peer.vs === 'duck' ? ratio(ours, d2) : peer.vs === 'sk' ? ratio(ours, s2) : undefined;
    return {
      stage: `${prefix}: ${label}`, segbook: ours === undefined ? 'did not finish' : ms(ours), duck1: ms(d1), duck2: ms(d2),
      sk1: peer.sk && !sklearn ? 'not installed' : ms(s1), sk2: peer.sk && !sklearn ? 'not installed' : ms(s2),
      ratio: r === undefined ? '' : `${r.toFixed(2)}x`, target: target?.text ?? '',
      met: target ? (ours !== undefined && target.holds(ours, r) ? 'yes' : 'no') : '',
    };
  };
  const rows: Row[] = [];
  if (scale.id === 'retail') rows.push(row('1. cold start to the first query', 'coldStart', { vs: null }, under(1500)));
  const loadLabel = scale.files.length === 1 ? `2. load the CSV (${scale.files[0].rows.toLocaleString('en')} rows)` : '2. load the CSVs (1M + 10M rows)';
  rows.push(
    row(loadLabel, 'load', { duck: 'load', vs: 'duck' }, withinRatio(2)),
    row('load, timed from the click on Attach (the file chooser\'s round trip included)', 'loadClock', { duck: 'load', vs: 'duck' }),
    row('clean (SQL cell)', 'clean', { duck: 'clean', vs: 'duck' }),
    row('3. RFM', 'rfm', { duck: 'rfm', vs: 'duck' }, withinRatio(2)),
    row('4. feature prep (SQL cell; sklearn: log1p + StandardScaler)', 'features', { duck: 'features', sk: 'prep', vs: 'duck' }),
    row(`5. k-means, k-means++ fit, 10 starts, k = ${scale.k} (whole cell)`, 'cluster', { sk: 'kmeans', vs: 'sk' }),
    row('6. k sweep 2 to 10 with metrics and gap', 'sweep', { sk: 'sweep', vs: 'sk' }),
    row('7. validation (silhouette, DB, CH, 20 bootstraps)', 'validate', { sk: 'validate', vs: 'sk' }),
    row('8. personas', 'personas', { duck: 'personas', vs: 'duck' }),
    row('9. export the segments to Parquet', 'export', { duck: 'export', vs: 'duck' }),
  );
  const stages: TabStage[] = ['load', 'clean', 'rfm', 'features', 'cluster', 'sweep', 'validate', 'personas'];
  const totals = tab.filter((r) => stages.every((s) => r[s] !== undefined)).map((r) => stages.reduce((sum, s) => sum + (r[s] ?? 0), 0));
  const total = median(totals);
  if (scale.id === 'retail') {
    rows.push({
      stage: `${prefix}: whole pipeline (load, clean, RFM, features, fit, sweep, validate, personas)`, segbook: total === undefined ? 'did not finish' : ms(total),
      duck1: '', duck2: '', sk1: '', sk2: '', ratio: '', target: '< 3 s', met: total !== undefined && total < 3000 ? 'yes' : 'no',
    });
  } else {
    const failed = tab.find((r) => r.failed)?.failed;
    rows.push({
      stage: `${prefix}: end to end in the tab`, segbook: failed ? `failed at ${failed}` : ms(total),
      duck1: '', duck2: '', sk1: '', sk2: '', ratio: '', target: 'completes, no crash', met: failed ? 'no' : 'yes',
    });
  }
  return rows;
}

/** Peak memory, the longest main-thread task and any failure, one line each. */
export function scaleNotes(result: ScaleResult): string[] {
  const { scale, tab } = result;
  const memory = median(tab.map((r) => r.peakMemoryMb).filter((x): x is number => x !== null));
  const longest = Math.max(0, ...tab.map((r) => r.longestTask));
  const notes = [
    `${scale.title}: peak memory of the renderer (page and its workers), VmHWM: ${memory === undefined ? 'n/a' : `${Math.round(memory).toLocaleString('en')} MB`}.`,
    `${scale.title}: longest main-thread task from the first load to the end of the export: ${longest ? `${Math.round(longest)} ms` : 'none over 50 ms'} (target ≤ 50 ms: ${longest <= 50 ? 'met' : 'not met'}).`,
  ];
  for (const [i, r] of tab.entries()) if (r.failed) notes.push(`${scale.title}, round ${i + 1}: the tab stopped at ${r.failed}.`);
  return notes;
}
