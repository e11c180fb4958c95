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

/** Box plots of one feature by segment: median, quartiles, whiskers to 1.5 IQR, and outliers. */
export function boxPlotChart({ feature, segment, value }: BoxData, options: ChartOptions = {}): Chart {
  const segments = Array.from(segment);
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 720), height: 250, marginLeft: 64, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'segment', type: 'band', domain: sortLabels(segments) },
    y: { label: feature, grid: true, nice: true },
    marks: [Plot.boxY({ length: segments.length }, { x: segments, y: Array.from(value), fill: 'currentColor', fillOpacity: 0.15, stroke: 'currentColor' })],
  });
}
