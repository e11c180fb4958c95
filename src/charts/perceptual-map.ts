import * as Plot from '@observablehq/plot';
import type { Biplot } from '../ml/biplot.ts';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS, type ChartOptions } from './chart-style.ts';
import { placeLabels } from './label-placement.ts';
import { textWidth } from './text-fit.ts';
import { segmentColorScale } from './segment-colors.ts';

/**
 * The perceptual map: segments as labelled points, attributes as arrows from the centre. Both
 * axes share one scale, so distances and angles on the page mean what they seem to.
 */
export function perceptualMapChart(plot: Biplot, options: ChartOptions = {}): Element {
  const width = fitWidth(options, 640);
  const reach = Math.max(1e-9, ...plot.points.flatMap((p) => [Math.abs(p.x), Math.abs(p.y)]), ...plot.arrows.flatMap((a) => [Math.abs(a.x), Math.abs(a.y)]));
  const domain = [-reach * 1.25, reach * 1.25];
  const layout: Plot.PlotOptions = {
    document: options.document,
    width,
    height: width,
    marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { domain, label: `PC1 (${percent(plot.explained[0])} of the spread between segments)`, labelAnchor: 'center', ticks: 5 },
    y: { domain, label: `PC2 (${percent(plot.explained[1])})`, labelAnchor: 'center', ticks: 5 },
    color: { type: 'categorical', ...segmentColorScale(plot.points.map((p) => p.label)) },
  };
  const marks = [
    Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.25 }),
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.25 }),
    Plot.arrow(plot.arrows, { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: 'currentColor', strokeOpacity: 0.55, headLength: 8 }),
    Plot.dot(plot.points, { x: 'x', y: 'y', fill: 'label', r: 7, stroke: 'currentColor', strokeWidth: 1 }),
  ];
  // Drawn once to learn where the dots and arrowheads land, then with every label (segments
  // first, then attributes) put where it overprints no other label and no dot.
  const base = Plot.plot({ ...layout, marks });
  const [sx, sy] = [base.scale('x'), base.scale('y')];
  if (!sx?.apply || !sy?.apply || !sx.invert || !sy.invert) return base;
  const [toX, toY, fromX, fromY] = [sx.apply, sy.apply, sx.invert, sy.invert];
  const labels = [
    ...plot.points.map((p) => ({ x: p.x, y: p.y, r: 8, text: p.label, bold: true })),
    ...plot.arrows.map((a) => ({ x: a.x, y: a.y, r: 3, text: a.attribute, bold: false })),
  ];
  const spots = placeLabels(
    labels.map((l) => ({ x: toX(l.x), y: toY(l.y), r: l.r, width: textWidth(l.text) * (l.bold ? 1.1 : 1), height: 14 })),
    { left: 40, top: 0, right: width, bottom: width - LABELLED_X_AXIS },
  );
  const at = labels.map((l, i) => ({ ...l, px: fromX(spots[i].x), py: fromY(spots[i].y) }));
  return Plot.plot({
    ...layout,
    marks: [
      ...marks,
      Plot.text(at.filter((l) => l.bold), { x: 'px', y: 'py', text: 'text', fontWeight: 'bold', fill: 'currentColor' }),
      Plot.text(at.filter((l) => !l.bold), { x: 'px', y: 'py', text: 'text', fontStyle: 'italic', fill: 'currentColor' }),
    ],
  });
}

/**
 * The map in words, as its text alternative: where each segment sits and which attributes it is
 * highest and lowest on.
 */
export function perceptualMapCaption(plot: Biplot, means: { data: Float64Array; d: number }, attributes: string[]): string {
  const segments = plot.points.map((p, i) => {
    const row = Array.from(means.data.subarray(i * means.d, (i + 1) * means.d));
    const hi = row.indexOf(Math.max(...row));
    const lo = row.indexOf(Math.min(...row));
    return `${p.label} (${sign(p.x)}, ${sign(p.y)}) is highest on ${attributes[hi]} (${sign(row[hi])} sd) and lowest on ${attributes[lo]} (${sign(row[lo])} sd)`;
  });
  return (
    `Perceptual map of ${plot.points.length} segments over ${attributes.length} attributes, from a PCA of the segment means; ` +
    `the axes hold ${percent(plot.explained[0])} and ${percent(plot.explained[1])} of their spread. ${segments.join('; ')}.`
  );
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function sign(v: number): string {
  const r = Math.round(v * 100) / 100;
  return `${r > 0 ? '+' : ''}${(r === 0 ? 0 : r).toFixed(2)}`;
}
