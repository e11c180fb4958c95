import * as Plot from '@observablehq/plot';
import { CHART_STYLE, type Chart, type ChartOptions } from './chart-style.ts';

export interface SnakeData {
  features: string[];
  segments: string[];
  /**
   * Mean of each standardised feature per segment, segment by segment: the value of feature f
   * in segment s is at s * features.length + f. 0 is the mean of all rows; 1 is one standard
   * deviation above it.
   */
  means: Float64Array;
}

/** A snake plot: one line per segment across the features, in standard deviations from the mean. */
export function snakePlotChart({ features, segments, means }: SnakeData, options: ChartOptions = {}): Chart {
  const f = features.length;
  const n = segments.length * f;
  const data = { length: n };
  const feature = Array.from(data, (_, i) => features[i % f]);
  const segment = Array.from(data, (_, i) => segments[Math.floor(i / f)]);
  const value = Array.from(means.subarray(0, n));
  const last = { length: segments.length };
  return Plot.plot({
    document: options.document,
    width: Math.max(360, 110 * f + 120), height: 260, marginLeft: 56, marginRight: 90,
    style: CHART_STYLE,
    x: { label: null, type: 'point', domain: features, padding: 0.3 },
    y: { label: 'standard deviations from the mean', grid: true, nice: true },
    color: { type: 'categorical', domain: segments },
    marks: [
      Plot.ruleY([0], { strokeOpacity: 0.5 }),
      Plot.line(data, { x: feature, y: value, z: segment, stroke: segment, strokeWidth: 2 }),
      Plot.dot(data, { x: feature, y: value, fill: segment, r: 3 }),
      // The lines are named at their right ends, so the drawing needs no separate legend.
      Plot.text(last, {
        x: Array.from(last, () => features[f - 1]),
        y: Array.from(last, (_, s) => means[s * f + f - 1]),
        text: segments.map((s) => `segment ${s}`),
        fill: segments, textAnchor: 'start', dx: 8,
      }),
    ],
  });
}
