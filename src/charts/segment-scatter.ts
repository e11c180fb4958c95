import * as Plot from '@observablehq/plot';
import type { SegmentProjection } from '../engine/segment-projection.ts';
import { CHART_STYLE, fitWidth, inkOn, LABELLED_X_AXIS, type ChartOptions } from './chart-style.ts';
import { segmentColorScale } from './segment-colors.ts';

/**
 * Rows in the first two principal components, coloured by segment, with each segment's centre
 * as a large numbered disc. The rows are drawn as one path per segment, not one element per
 * row: 50,000 circles would make the page, its SVG download and accessibility checks slow.
 */
export function segmentScatterChart(p: SegmentProjection, options: ChartOptions = {}): Element {
  // Labels as text, so each segment takes the colour every other chart gives it.
  const centres = p.centres.map((c) => ({ ...c, label: String(c.segment) }));
  const colours = segmentColorScale(centres.map((c) => c.label));
  // Each number in black or white, whichever reads better on its disc's colour.
  const ink = (c: (typeof centres)[number]) => inkOn(colours.range[colours.domain.indexOf(c.label)] ?? '#000000');
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 760),
    height: 420,
    marginBottom: LABELLED_X_AXIS,
    inset: 8,
    style: CHART_STYLE,
    // The point cloud is drawn by hand, so the axes must be told how far it reaches.
    x: { domain: extent(p.x, centres.map((c) => c.x)), nice: true, label: `PC1 (${percent(p.explained[0])} of the variance)`, labelAnchor: 'center', ticks: 6 },
    y: { domain: extent(p.y, centres.map((c) => c.y)), nice: true, label: `PC2 (${percent(p.explained[1])})`, labelAnchor: 'center', ticks: 6 },
    color: { type: 'categorical', ...colours },
    marks: [
      pointCloud(p),
      Plot.dot(centres, { x: 'x', y: 'y', fill: 'label', r: 11, stroke: 'currentColor', strokeWidth: 2 }),
      Plot.text(centres.filter((c) => ink(c) === 'black'), { x: 'x', y: 'y', text: 'label', fill: 'black', fontWeight: 'bold' }),
      Plot.text(centres.filter((c) => ink(c) === 'white'), { x: 'x', y: 'y', text: 'label', fill: 'white', fontWeight: 'bold' }),
    ],
  });
}

/** Each segment's rows as one path of zero-length round-capped strokes: a dot per row. */
function pointCloud(p: SegmentProjection): Plot.RenderFunction {
  return (_index, scales, _values, _dimensions, context) => {
    const { x, y } = scales;
    if (!x || !y) return null;
    const svg = 'http://www.w3.org/2000/svg';
    const group = context.document.createElementNS(svg, 'g');
    const paths = new Map<number, string[]>();
    for (let i = 0; i < p.drawn; i++) {
      const parts = paths.get(p.segment[i]) ?? [];
      parts.push(`M${x(p.x[i]).toFixed(1)},${y(p.y[i]).toFixed(1)}h0`);
      paths.set(p.segment[i], parts);
    }
    for (const [segment, parts] of [...paths].sort(([a], [b]) => a - b)) {
      const path = context.document.createElementNS(svg, 'path');
      path.setAttribute('d', parts.join(''));
      path.setAttribute('stroke', String(scales.color?.(String(segment)) ?? 'currentColor'));
      path.setAttribute('stroke-width', '3.2');
      path.setAttribute('stroke-linecap', 'round');
      path.setAttribute('stroke-opacity', '0.5');
      path.setAttribute('fill', 'none');
      group.append(path);
    }
    return group;
  };
}

function extent(values: Float64Array, more: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  for (const v of more) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  return lo < hi ? [lo, hi] : [lo - 1, hi + 1];
}

/** The chart's text alternative; says when only a sample is drawn. */
export function segmentScatterCaption(p: SegmentProjection): string {
  const drawn = p.drawn < p.total
    ? `It shows a seeded sample of ${p.drawn.toLocaleString('en')} of ${p.total.toLocaleString('en')} rows.`
    : `It shows all ${p.total.toLocaleString('en')} rows.`;
  const centres = p.centres.map((c) => `segment ${c.segment} at (${c.x.toFixed(2)}, ${c.y.toFixed(2)})`).join(', ');
  return (
    `Rows in the first two principal components of the prepared features (${percent(p.explained[0])} and ${percent(p.explained[1])} ` +
    `of the variance), coloured by segment; numbered discs are the segment centres: ${centres}. ${drawn}`
  );
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
