import type { SweepResult } from '../ml/sweep-job.ts';

export type KMetric = 'elbow' | 'silhouette' | 'daviesBouldin' | 'calinskiHarabasz' | 'gap';

/** One metric's own best k, and the sentence that says so. */
export interface MetricBest {
  metric: KMetric;
  label: string;
  /** Null when the metric names no k in the sweep (the elbow of a straight line, a gap that keeps rising). */
  k: number | null;
  statement: string;
}

/** The choice of k from a sweep, in numbers and in sentences for the user. */
export interface KChoice {
  best: MetricBest[];
  recommended: number;
  /** Which k, and which metrics name it. */
  reason: string;
  /** The rule behind the pick, the same for every sweep. */
  rule: string;
  /** How far the metrics agree, and what that says about the data. */
  agreement: string;
}

/** A sweep's numbers with the choice made from them: what the sweep view shows. */
export type KSweep = Omit<SweepResult, 'notes'> & { notes: string[] } & KChoice;

/** Fewer segments than this rarely need different actions; more are hard to run as campaigns. */
export const SENSIBLE_K = { min: 3, max: 8 } as const;
/** Metrics that must name a k outside the sensible range (such as 2) for it to be picked. */
export const MAJORITY = 3;

const LABEL: Record<KMetric, string> = {
  elbow: 'Inertia elbow', silhouette: 'Silhouette', daviesBouldin: 'Davies-Bouldin', calinskiHarabasz: 'Calinski-Harabasz', gap: 'Gap statistic',
};

export const K_RULE =
  `The pick is the k named by the most metrics, the smallest on a tie, among k = ${SENSIBLE_K.min} to ${SENSIBLE_K.max}: ` +
  `two segments mostly split customers into "more" and "less", which rarely needs two different actions, and more than ${SENSIBLE_K.max} are hard to act on. ` +
  `A k outside that range is picked only when at least ${MAJORITY} of the 5 metrics name it.`;

/** Each metric's best k, then the pick by K_RULE, with sentences. */
export function chooseK(sweep: SweepResult): KChoice {
  const best = metricBests(sweep);
  const votes = new Map<number, KMetric[]>();
  for (const b of best) if (b.k !== null) votes.set(b.k, [...(votes.get(b.k) ?? []), b.metric]);
  const inRange = (k: number) => k >= SENSIBLE_K.min && k <= SENSIBLE_K.max;
  const sensible = sweep.k.some(inRange) ? sweep.k.filter(inRange) : sweep.k;
  const count = (k: number) => votes.get(k)?.length ?? 0;
  // Smallest first, so that a tie goes to the smaller k.
  const ranked = [...votes.keys()].sort((a, b) => count(b) - count(a) || a - b);
  const outside = ranked.find((k) => !sensible.includes(k) && count(k) >= MAJORITY);
  const inside = ranked.find((k) => sensible.includes(k));
  const recommended = outside ?? inside ?? bestOf(sweep.k, sweep.silhouette, sensible, 'max') ?? sweep.k[0];
  const named = (votes.get(recommended) ?? []).map((m) => LABEL[m]);
  const reason = named.length
    ? `k = ${recommended}: named by ${list(named)}.`
    : `k = ${recommended}: no metric names a k in ${SENSIBLE_K.min} to ${SENSIBLE_K.max}, so the highest silhouette in that range.`;
  return { best, recommended, reason, rule: K_RULE, agreement: agreement(recommended, named.length, best) };
}

function agreement(k: number, n: number, best: MetricBest[]): string {
  const others = [...new Set(best.filter((b) => b.k !== null && b.k !== k).map((b) => b.k))].sort((a, b) => a! - b!);
  const elsewhere = others.length ? ` The others point to ${list(others.map((o) => `k = ${o}`))}.` : '';
  if (n >= MAJORITY) return `${n} of 5 metrics agree on k = ${k}: the data show about ${k} distinct groups.${elsewhere}`;
  if (n === 2) {
    return `Only 2 of 5 metrics agree on k = ${k}.${elsewhere} The groups overlap, so the data do not settle the number: ` +
      `k = ${k} is a reasonable start, not a finding. Compare the profiles of neighbouring k and keep the one you can act on.`;
  }
  return `The metrics do not agree on any k.${elsewhere} The data show no clear number of groups: choose k by the segments you can act on, and check that they are stable.`;
}

/** Each metric's own best k over the whole sweep, with its sentence. */
export function metricBests(sweep: SweepResult): MetricBest[] {
  const at = (k: number | null, values: number[]) => (k === null ? NaN : values[sweep.k.indexOf(k)]);
  const elbow = elbowK(sweep.k, sweep.inertia);
  const silhouette = bestOf(sweep.k, sweep.silhouette, sweep.k, 'max');
  const db = bestOf(sweep.k, sweep.daviesBouldin, sweep.k, 'min');
  const ch = bestOf(sweep.k, sweep.calinskiHarabasz, sweep.k, 'max');
  const gap = gapK(sweep.k, sweep.gap, sweep.gapError);
  const last = sweep.k[sweep.k.length - 1];
  const entry = (metric: KMetric, k: number | null, why: string, none: string): MetricBest => ({
    metric, label: LABEL[metric], k, statement: k === null ? `${LABEL[metric]}: ${none}.` : `${LABEL[metric]}: k = ${k} (${why}).`,
  });
  return [
    entry('elbow', elbow, 'where the inertia curve bends most: more segments after it explain little more', 'no bend in the inertia curve'),
    entry('silhouette', silhouette, `highest, ${fixed(at(silhouette, sweep.silhouette), 2)}`, 'no value'),
    entry('daviesBouldin', db, `lowest, ${fixed(at(db, sweep.daviesBouldin), 2)}`, 'no value'),
    entry('calinskiHarabasz', ch, `highest, ${Math.round(at(ch, sweep.calinskiHarabasz)).toLocaleString('en')}`, 'no value'),
    entry('gap', gap, "the first k whose gap is within one standard error of the next k's", `still rising at k = ${last}, so it names no k up to ${last}`),
  ];
}

function bestOf(ks: number[], values: number[], among: number[], direction: 'max' | 'min'): number | null {
  let best: number | null = null;
  ks.forEach((k, i) => {
    if (!among.includes(k) || !Number.isFinite(values[i])) return;
    const current = best === null ? NaN : values[ks.indexOf(best)];
    if (best === null || (direction === 'max' ? values[i] > current : values[i] < current)) best = k;
  });
  return best;
}

/** Tibshirani's rule: the smallest k with gap(k) >= gap(k') - s(k'), k' the next k; null when none. */
export function gapK(ks: number[], gap: number[], error: number[]): number | null {
  for (let i = 0; i + 1 < ks.length; i++) if (gap[i] >= gap[i + 1] - error[i + 1]) return ks[i];
  return null;
}

/** The k farthest below the straight line from the first to the last inertia (the "knee"). */
export function elbowK(ks: number[], inertia: number[]): number | null {
  if (ks.length < 3) return null;
  const first = inertia[0];
  const last = inertia[inertia.length - 1];
  if (first === last) return null;
  let best = -1;
  let bestGap = 0;
  ks.forEach((k, i) => {
    const x = (k - ks[0]) / (ks[ks.length - 1] - ks[0]);
    const y = (inertia[i] - last) / (first - last);
    const gap = 1 - x - y;
    if (gap > bestGap) (bestGap = gap), (best = i);
  });
  return best < 0 ? null : ks[best];
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
