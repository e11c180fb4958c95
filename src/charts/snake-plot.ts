import * as Plot from '@observablehq/plot';
import { CHART_STYLE, DEFAULT_WIDTH, type Chart, type ChartOptions } from './chart-style.ts';
import { dodgeY } from './label-placement.ts';
import { clipLabel, titleClippedLabels, widestLabel } from './text-fit.ts';

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
 * read in either theme. Feature names too wide for their place on the axis alternate between two
 * rows, and are cut with an ellipsis (full text in a <title>) if even that is too narrow.
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
  const width = Math.min(options.width ?? DEFAULT_WIDTH, Math.max(360, 160 * f + 160));
  const [marginLeft, marginRight, padding] = [56, Math.ceil(widestLabel(names)) + 30, 0.3];
  const step = (width - marginLeft - marginRight) / Math.max(1, f - 1 + 2 * padding);
  const stagger = f > 2 && widestLabel(features) > step - 6;
  // The first and last names are centred on their points, so they may not reach past the edges.
  const room = (i: number) => Math.min((stagger ? 2 : 1) * step - 6, 2 * (i === 0 ? marginLeft + padding * step : i === f - 1 ? marginRight + padding * step : Infinity) - 4);
  const shown = features.map((name, i) => clipLabel(name, room(i)));
  const label = (d: string) => shown[features.indexOf(d)] ?? d;
  const height = stagger ? 276 : 260;
  const [marginTop, marginBottom] = [20, stagger ? 46 : 30];
  const layout: Plot.PlotOptions = {
    document: options.document,
    width, height, marginTop, marginBottom, marginLeft, marginRight,
    style: CHART_STYLE,
    x: { label: null, type: 'point', domain: features, padding },
    y: { label: 'standard deviations from the mean', grid: true, nice: true },
    color: { type: 'categorical', domain: segments },
  };
  const axis = stagger
    ? [
        Plot.axisX(features.filter((_, i) => i % 2 === 0), { tickFormat: label, label: null }),
        Plot.axisX(features.filter((_, i) => i % 2 === 1), { tickFormat: label, label: null, tickSize: 20, tickPadding: 3 }),
      ]
    : [Plot.axisX({ tickFormat: label, label: null })];
  const lines = [
    ...axis,
    Plot.ruleY([0], { strokeOpacity: 0.5 }),
    Plot.line(data, { x: feature, y: value, z: segment, stroke: segment, strokeWidth: 2 }),
    Plot.dot(data, { x: feature, y: value, fill: segment, r: 3 }),
  ];
  // The y scale the chart will have (its channels: the values and the rule at 0), made without
  // drawing it: drawing the chart twice to learn it took half of a 90 ms task of the page.
  const sy = Plot.scale({ y: { type: 'linear', domain: [Math.min(0, ...value), Math.max(0, ...value)], nice: true, range: [height - marginBottom, marginTop] } });
  if (!sy.apply || !sy.invert) throw new Error('unreachable: a linear scale without apply or invert');
  const [toY, fromY] = [sy.apply, sy.invert];
  const placed = dodgeY(ends.map((v) => toY(v)), 14, marginTop + 7, height - marginBottom - 7).map((y) => fromY(y));
  const last = { length: segments.length };
  const lastFeature = Array.from(last, () => features[f - 1]);
  const chart = Plot.plot({
    ...layout,
    marks: [
      ...lines,
      Plot.dot(last, { x: lastFeature, y: placed, fill: segments, symbol: 'square', r: 4, dx: 14 }),
      Plot.text(last, { x: lastFeature, y: placed, text: names, fill: 'currentColor', textAnchor: 'start', dx: 22 }),
    ],
  });
  titleClippedLabels(chart, new Map(features.map((name, i) => [shown[i], name])));
  return chart;
}
