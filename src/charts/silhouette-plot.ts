import * as Plot from '@observablehq/plot';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS, type Chart, type ChartOptions } from './chart-style.ts';

export interface SilhouetteData {
  /** Segment code of each row, 1-based: code c is labels[c - 1]. */
  segment: ArrayLike<number>;
  silhouette: ArrayLike<number>;
  labels: string[];
  /** The overall silhouette, drawn as a dashed line. */
  mean: number;
}

/** Rows left empty between two segments' blocks of bars. */
const GAP = 0.04;
/**
 * Above this many rows each bar is thinner than a pixel, and one step-shaped area per segment
 * draws the same outline: 4,338 <rect>s took the page's main thread over 50 ms to lay out.
 */
const MAX_BARS = 600;

/**
 * The silhouette plot: one horizontal bar per row, rows grouped by segment and sorted from the
 * highest silhouette down within each, with the overall mean as a dashed line. Bars left of 0
 * are rows closer to another segment than to their own.
 */
export function silhouettePlotChart({ segment, silhouette, labels, mean }: SilhouetteData, options: ChartOptions = {}): Chart {
  const n = segment.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => segment[a] - segment[b] || silhouette[b] - silhouette[a] || a - b);
  const gap = Math.max(1, Math.round(n * GAP));
  const y1 = new Float64Array(n);
  const mids: number[] = [];
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const code = segment[order[i]];
    const first = i === 0 || segment[order[i - 1]] !== code;
    if (first && i > 0) at += gap;
    if (first) {
      let end = i;
      while (end < n && segment[order[end]] === code) end++;
      mids.push(at + (end - i) / 2);
      names.push(labels[code - 1] ?? String(code));
    }
    y1[i] = at++;
  }
  const value = Float64Array.from(order, (i) => silhouette[i]);
  const label = Array.from(order, (i) => labels[segment[i] - 1] ?? String(segment[i]));
  const low = Math.min(0, ...value);
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 900), height: 330, marginLeft: 90, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'silhouette', domain: [Math.floor(low * 10) / 10, 1], grid: true },
    y: { domain: [0, Math.max(1, at)], reverse: true, ticks: mids, tickFormat: (d: number) => names[mids.indexOf(d)] ?? '', tickSize: 0, label: null },
    color: { type: 'categorical', domain: labels },
    marks: [
      n <= MAX_BARS
        ? Plot.rectX({ length: n }, { x1: 0, x2: value, y1, y2: Array.from(y1, (y) => y + 1), fill: label })
        : Plot.areaX({ length: n }, { x1: 0, x2: value, y: y1, z: label, fill: label, curve: 'step-after' }),
      Plot.ruleX([0]),
      Plot.ruleX([mean], { stroke: 'currentColor', strokeDasharray: '4,3' }),
    ],
  });
}
