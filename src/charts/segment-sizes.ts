import * as Plot from '@observablehq/plot';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS, type Chart, type ChartOptions } from './chart-style.ts';

export interface SegmentSizes {
  /** Rows per segment, in segment order. */
  sizes: ArrayLike<number>;
  /** Segment names; segments are numbered from 1 without them. */
  labels?: string[];
}

/** Bars of rows per segment, each labelled with its count. */
export function segmentSizesChart({ sizes, labels }: SegmentSizes, options: ChartOptions = {}): Chart {
  const k = sizes.length;
  const names = labels ?? Array.from({ length: k }, (_, i) => String(i + 1));
  const counts = Array.from(sizes);
  const data = { length: k };
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 720), height: 210, marginLeft: 56, marginTop: 20, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'segment', type: 'band', domain: names },
    y: { label: 'rows', grid: true, nice: true },
    marks: [
      Plot.barY(data, { x: names, y: counts, fill: 'currentColor', fillOpacity: 0.7 }),
      Plot.text(data, { x: names, y: counts, text: counts.map((n) => n.toLocaleString('en')), dy: -6 }),
      Plot.ruleY([0]),
    ],
  });
}
