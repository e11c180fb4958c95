import * as Plot from '@observablehq/plot';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS, sortLabels, type Chart, type ChartOptions } from './chart-style.ts';

export interface BoxData {
  feature: string;
  /** Segment of each row. */
  segment: ArrayLike<string>;
  /** The feature's value on each row. */
  value: ArrayLike<number>;
  /** Rows the values were sampled from, when they are a sample. */
  total?: number;
}

/** One segment's box: quartiles, median, and whiskers to the furthest values within 1.5 IQR. */
export interface BoxSummary {
  segment: string;
  lo: number;
  q1: number;
  median: number;
  q3: number;
  hi: number;
}

/**
 * Each segment's box and the values outside its whiskers, as Plot's box mark draws them
 * (quantiles interpolated as d3.quantile does, NaN left out). Plot's mark works them out from
 * eleven quantiles per segment, each a copy and a selection: on 10,000 rows that held the page's
 * main thread for 40 ms. Here each segment's values are sorted once.
 */
export function boxSummaries(segment: ArrayLike<string>, value: ArrayLike<number>): { boxes: BoxSummary[]; outliers: Array<{ segment: string; value: number }> } {
  const rows = new Map<string, number[]>();
  for (let i = 0; i < segment.length; i++) {
    const v = value[i];
    if (Number.isNaN(v)) continue;
    let list = rows.get(segment[i]);
    if (!list) rows.set(segment[i], (list = []));
    list.push(v);
  }
  const boxes: BoxSummary[] = [];
  const outliers: Array<{ segment: string; value: number }> = [];
  // In the order the segments first appear, as Plot's grouping draws them.
  for (const name of rows.keys()) {
    const sorted = Float64Array.from(rows.get(name)!).sort();
    const q1 = quantileOfSorted(sorted, 0.25);
    const q3 = quantileOfSorted(sorted, 0.75);
    const low = q1 * 2.5 - q3 * 1.5;
    const high = q3 * 2.5 - q1 * 1.5;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of sorted) {
      if (v >= low && v < lo) lo = v;
      if (v <= high && v > hi) hi = v;
    }
    boxes.push({ segment: name, lo, q1, median: quantileOfSorted(sorted, 0.5), q3, hi });
  }
  // In the rows' order, as Plot's dots are.
  const whiskers = new Map(boxes.map((b) => [b.segment, b]));
  for (let i = 0; i < segment.length; i++) {
    const box = whiskers.get(segment[i]);
    const v = value[i];
    if (box && (v < box.lo || v > box.hi)) outliers.push({ segment: segment[i], value: v });
  }
  return { boxes, outliers };
}

/** d3.quantile's interpolation on values sorted ascending. */
function quantileOfSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  return below + 1 < sorted.length ? sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
}

/** Box plots of one feature by segment: median, quartiles, whiskers to 1.5 IQR, and outliers. */
export function boxPlotChart({ feature, segment, value }: BoxData, options: ChartOptions = {}): Chart {
  const { boxes, outliers } = boxSummaries(segment, value);
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 720), height: 250, marginLeft: 64, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'segment', type: 'band', domain: sortLabels(Array.from(segment)) },
    y: { label: feature, grid: true, nice: true },
    // The marks of Plot's boxY, drawn from the summaries.
    marks: [
      Plot.ruleX(boxes, { x: 'segment', y1: 'lo', y2: 'hi', stroke: 'currentColor' }),
      Plot.barY(boxes, { x: 'segment', y1: 'q1', y2: 'q3', fill: 'currentColor', fillOpacity: 0.15 }),
      Plot.tickY(boxes, { x: 'segment', y: 'median', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.dot(outliers, { x: 'segment', y: 'value', stroke: 'currentColor' }),
    ],
  });
}
