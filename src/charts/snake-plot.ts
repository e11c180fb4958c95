import * as Plot from '@observablehq/plot';
import { CHART_STYLE, DEFAULT_WIDTH, type Chart, type ChartOptions } from './chart-style.ts';
import { dodgeY } from './label-placement.ts';
import { widestLabel } from './text-fit.ts';

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

/**
 * A snake plot: one line per segment across the features, in standard deviations from the mean.
 * The lines are named at their right ends; names that would overprint are spread apart, each
 * behind a swatch of its line's colour. The names are in the text colour so they
 * read in either theme.
 */
export function snakePlotChart({ features, segments, means }: SnakeData, options: ChartOptions = {}): Chart {
  const f = features.length;
  const n = segments.length * f;
  const data = { length: n };
  const feature = Array.from(data, (_, i) => features[i % f]);
  const segment = Array.from(data, (_, i) => segments[Math.floor(i / f)]);
  const value = Array.from(means.subarray(0, n));
  const names = segments.map((s) => `segment ${s}`);
  const ends = segments.map((_, s) => means[s * f + f - 1]);
  const height = 260;
  const [marginTop, marginBottom] = [20, 30];
  const layout: Plot.PlotOptions = {
    document: options.document,
    width: Math.min(options.width ?? DEFAULT_WIDTH, Math.max(360, 160 * f + 160)),
    height, marginTop, marginBottom, marginLeft: 56, marginRight: Math.ceil(widestLabel(names)) + 30,
    style: CHART_STYLE,
    x: { label: null, type: 'point', domain: features, padding: 0.3 },
    y: { label: 'standard deviations from the mean', grid: true, nice: true },
    color: { type: 'categorical', domain: segments },
  };
  const lines = [
    Plot.ruleY([0], { strokeOpacity: 0.5 }),
    Plot.line(data, { x: feature, y: value, z: segment, stroke: segment, strokeWidth: 2 }),
    Plot.dot(data, { x: feature, y: value, fill: segment, r: 3 }),
  ];
  const base = Plot.plot({ ...layout, marks: lines });
  const sy = base.scale('y');
  if (!sy?.apply || !sy.invert) return base;
  const [toY, fromY] = [sy.apply, sy.invert];
  const placed = dodgeY(ends.map((v) => toY(v)), 14, marginTop + 7, height - marginBottom - 7).map((y) => fromY(y));
  const last = { length: segments.length };
  const lastFeature = Array.from(last, () => features[f - 1]);
  return Plot.plot({
    ...layout,
    marks: [
      ...lines,
      Plot.dot(last, { x: lastFeature, y: placed, fill: segments, symbol: 'square', r: 4, dx: 14 }),
      Plot.text(last, { x: lastFeature, y: placed, text: names, fill: 'currentColor', textAnchor: 'start', dx: 22 }),
    ],
  });
}
