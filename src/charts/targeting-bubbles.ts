import * as Plot from '@observablehq/plot';
import { CHART_STYLE, DEFAULT_WIDTH, type Chart, type ChartOptions } from './chart-style.ts';
import { placeLabels } from './label-placement.ts';
import { textWidth } from './text-fit.ts';

/** Segments placed for targeting; arrays are parallel, one entry per segment. */
export interface TargetingData {
  /** Short labels drawn beside the bubbles, e.g. the segment labels. */
  labels: string[];
  /** Full names for tooltips and the caption, e.g. "1 · Recent big spenders". */
  names: string[];
  size: number[];
  valuePerCustomer: number[];
  /** Size now / size before - 1; null for every segment when there is no earlier snapshot. */
  growth: Array<number | null>;
  targeted: boolean[];
}

const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/**
 * Segments by size (x) and value per customer (y). With an earlier snapshot each bubble is coloured
 * by growth (red shrinking, blue growing) and sized by it; without one, targeted segments are
 * filled. Targeted segments get a thick ring either way. The chart is drawn twice: once to learn
 * where the bubbles land, then with each label placed where it overprints nothing.
 */
export function targetingBubbles(data: TargetingData, options: ChartOptions = {}): Chart {
  const index = data.labels.map((_, i) => i);
  const hasGrowth = data.growth.some((g) => g !== null);
  const growth = data.growth.map((g) => g ?? 0);
  const extent = Math.max(0.1, ...growth.map(Math.abs));
  const targetedIndex = index.filter((i) => data.targeted[i]);
  const name = (i: number) => `${data.labels[i]}${data.targeted[i] ? ' ★' : ''}`;
  const title = (i: number) => `${data.names[i]}${data.targeted[i] ? ' (targeted)' : ''}`;
  // Accessors rather than arrays: the ring mark draws a subset of the index.
  const x = (i: number) => data.size[i];
  const y = (i: number) => data.valuePerCustomer[i];
  const width = Math.min(options.width ?? DEFAULT_WIDTH, 900);
  const height = 340;
  const marginLeft = 64;
  const marginBottom = 44;
  const layout: Plot.PlotOptions = {
    document: options.document,
    width, height, marginLeft, marginRight: 24, marginTop: 24, marginBottom, inset: 28,
    style: CHART_STYLE,
    x: { label: 'Customers →', grid: true, tickFormat: (d: number) => whole.format(d) },
    y: { label: '↑ Value per customer', grid: true, tickFormat: (d: number) => whole.format(d) },
    r: { range: [6, 22], domain: [0, extent] },
    color: hasGrowth ? { type: 'diverging', scheme: 'RdBu', domain: [-extent, extent], pivot: 0 } : { domain: [false, true], range: ['#9498a0', '#4269d0'] },
  };
  const bubbles = [
    Plot.dot(index, {
      x, y, r: hasGrowth ? (i: number) => Math.abs(growth[i]) : 10, fill: (i: number) => (hasGrowth ? growth[i] : data.targeted[i]), title,
      fillOpacity: 0.85, stroke: 'currentColor', strokeOpacity: 0.5,
    }),
    Plot.dot(targetedIndex, { x, y, r: hasGrowth ? (i: number) => Math.abs(growth[i]) : 10, stroke: 'currentColor', strokeWidth: 3, fill: 'none' }),
  ];
  const base = Plot.plot({ ...layout, marks: bubbles });
  const sx = base.scale('x');
  const sy = base.scale('y');
  if (!sx?.apply || !sy?.apply || !sx.invert || !sy.invert) return base;
  const [toX, toY, fromX, fromY] = [sx.apply, sy.apply, sx.invert, sy.invert];
  const sr = base.scale('r')?.apply;
  const radius = (i: number) => (hasGrowth && sr ? sr(Math.abs(growth[i])) : 10);
  const spots = placeLabels(
    index.map((i) => ({ x: toX(x(i)), y: toY(y(i)), r: radius(i) + 2, width: textWidth(name(i)), height: 14 })),
    { left: marginLeft, top: 0, right: width, bottom: height - marginBottom },
  );
  return Plot.plot({
    ...layout,
    marks: [
      ...bubbles,
      Plot.text(index, { x: (i: number) => fromX(spots[i].x), y: (i: number) => fromY(spots[i].y), text: name, fill: 'currentColor' }),
    ],
  });
}

/** The chart's text alternative: each segment's place, growth and whether it is targeted. */
export function targetingCaption(data: TargetingData): string {
  const parts = data.names.map((label, i) => {
    const growth = data.growth[i];
    const g = growth === null ? '' : `, ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}% since before`;
    return `${label}${data.targeted[i] ? ' (targeted)' : ''}: ${whole.format(data.size[i])} customers, ${whole.format(data.valuePerCustomer[i])} per customer${g}`;
  });
  const colour = data.growth.some((g) => g !== null) ? ' Colour and size show growth: blue grew, red shrank.' : '';
  return `Segments by size and value per customer; targeted segments have a thick ring and a star.${colour} ${parts.join('; ')}.`;
}
