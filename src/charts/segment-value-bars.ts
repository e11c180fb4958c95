import * as Plot from '@observablehq/plot';
import { CHART_STYLE, DEFAULT_WIDTH, LABELLED_X_AXIS, type Chart, type ChartOptions } from './chart-style.ts';
import { clipLabels, labelMargin, titleClippedLabels } from './text-fit.ts';

/** Each segment's share of customers and of value, parallel arrays. */
export interface ValueBarsData {
  labels: string[];
  share: number[];
  valueShare: number[];
}

const MEASURES = ['customers', 'value'] as const;
const COLOURS = ['#9498a0', '#4269d0'];

/**
 * Paired bars per segment: its share of customers beside its share of value, labelled in percent.
 * Segment names get the margin the longest needs (up to 40% of the width), cut with a <title> beyond.
 */
export function segmentValueBars(data: ValueBarsData, options: ChartOptions = {}): Chart {
  const width = Math.min(options.width ?? DEFAULT_WIDTH, 900);
  const marginLeft = labelMargin(data.labels, width);
  const names = clipLabels(data.labels, marginLeft - 10);
  const index: number[] = [];
  const label: string[] = [];
  const measure: string[] = [];
  const share: number[] = [];
  names.shown.forEach((l, i) => {
    MEASURES.forEach((m) => {
      index.push(index.length);
      label.push(l);
      measure.push(m);
      share.push(m === 'customers' ? data.share[i] : data.valueShare[i]);
    });
  });
  const chart = Plot.plot({
    document: options.document,
    width, height: 40 + data.labels.length * 44, marginLeft, marginRight: 48, marginTop: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'Share →', percent: true, grid: true, axis: 'top' },
    y: { domain: MEASURES, axis: null },
    fy: { domain: names.shown, label: null },
    color: { domain: MEASURES, range: COLOURS, legend: true },
    marks: [
      Plot.barX(index, { x: share, y: measure, fy: label, fill: measure }),
      Plot.text(index, { x: share, y: measure, fy: label, text: share.map((s) => `${(s * 100).toFixed(1)}%`), dx: 4, textAnchor: 'start', fill: 'currentColor' }),
      Plot.ruleX([0]),
    ],
  });
  titleClippedLabels(chart, names.full);
  return chart;
}

/** The chart's text alternative. */
export function segmentValueCaption(data: ValueBarsData): string {
  const pct = (s: number) => `${(s * 100).toFixed(1)}%`;
  return `Share of customers (grey) and share of value (blue) per segment: ${data.labels.map((l, i) => `${l} ${pct(data.share[i])} of customers, ${pct(data.valueShare[i])} of value`).join('; ')}.`;
}
