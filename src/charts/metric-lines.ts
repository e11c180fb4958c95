import * as Plot from '@observablehq/plot';
import type { KSweep } from '../engine/choose-k.ts';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS, type Chart, type ChartOptions } from './chart-style.ts';

export interface SweepMetric {
  key: 'inertia' | 'silhouette' | 'daviesBouldin' | 'calinskiHarabasz' | 'gap';
  label: string;
  better: string;
  error?: 'silhouetteError' | 'gapError';
}

/** The metrics of a k sweep, in the order their small multiples are shown. */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  { key: 'inertia', label: 'Inertia (elbow)', better: 'look for the bend' },
  { key: 'silhouette', label: 'Silhouette', better: 'higher is better', error: 'silhouetteError' },
  { key: 'daviesBouldin', label: 'Davies-Bouldin', better: 'lower is better' },
  { key: 'calinskiHarabasz', label: 'Calinski-Harabasz', better: 'higher is better' },
  { key: 'gap', label: 'Gap statistic', better: 'first k within one error of the next', error: 'gapError' },
];

/** One metric against k: a line with a dot per k, error bars where there are errors, and the recommended k marked. */
export function metricLinesChart(result: KSweep, metric: SweepMetric, options: ChartOptions = {}): Chart {
  const n = result.k.length;
  const data = { length: n };
  const value = result[metric.key];
  const error = metric.error ? result[metric.error] : null;
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 480), height: 180, marginLeft: 56, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'k', ticks: result.k, tickFormat: 'd' },
    y: { label: metric.label, grid: true, nice: true },
    marks: [
      Plot.ruleX([result.recommended], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4,3' }),
      ...(error ? [Plot.ruleX(data, { x: result.k, y1: value.map((v, i) => v - error[i]), y2: value.map((v, i) => v + error[i]) })] : []),
      Plot.line(data, { x: result.k, y: value }),
      Plot.dot(data, { x: result.k, y: value, r: result.k.map((k) => (k === result.recommended ? 5 : 3)), fill: 'currentColor' }),
    ],
  });
}

/** The text alternative of a metric's chart: every k with its value. */
export function describeMetric(result: KSweep, metric: SweepMetric): string {
  const values = result.k.map((k, i) => `k=${k}: ${Number(result[metric.key][i].toPrecision(4))}`).join(', ');
  return `${metric.label} against k (${metric.better}): ${values}.`;
}
