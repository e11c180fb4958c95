import * as Plot from '@observablehq/plot';

/** Each segment's share of customers and of value, parallel arrays. */
export interface ValueBarsData {
  labels: string[];
  share: number[];
  valueShare: number[];
}

const MEASURES = ['customers', 'value'] as const;
const COLOURS = ['#9498a0', '#4269d0'];

/** Paired bars per segment: its share of customers beside its share of value, labelled in percent. */
export function segmentValueBars(data: ValueBarsData, options: { document?: Document } = {}): SVGSVGElement | HTMLElement {
  const index: number[] = [];
  const label: string[] = [];
  const measure: string[] = [];
  const share: number[] = [];
  data.labels.forEach((l, i) => {
    MEASURES.forEach((m) => {
      index.push(index.length);
      label.push(l);
      measure.push(m);
      share.push(m === 'customers' ? data.share[i] : data.valueShare[i]);
    });
  });
  const longest = Math.max(4, ...data.labels.map((l) => Math.min(l.length, 32)));
  return Plot.plot({
    ...(options.document ? { document: options.document } : {}),
    width: 560, height: 40 + data.labels.length * 44, marginLeft: 16 + longest * 6.5, marginRight: 48, marginTop: 28,
    style: { background: 'transparent', color: 'currentColor', fontSize: '11px' },
    x: { label: 'Share →', percent: true, grid: true, axis: 'top' },
    y: { domain: MEASURES, axis: null },
    fy: { domain: data.labels, label: null },
    color: { domain: MEASURES, range: COLOURS, legend: true },
    marks: [
      Plot.barX(index, { x: share, y: measure, fy: label, fill: measure }),
      Plot.text(index, { x: share, y: measure, fy: label, text: share.map((s) => `${(s * 100).toFixed(1)}%`), dx: 4, textAnchor: 'start', fill: 'currentColor' }),
      Plot.ruleX([0]),
    ],
  });
}

/** The chart's text alternative. */
export function segmentValueCaption(data: ValueBarsData): string {
  const pct = (s: number) => `${(s * 100).toFixed(1)}%`;
  return `Share of customers (grey) and share of value (blue) per segment: ${data.labels.map((l, i) => `${l} ${pct(data.share[i])} of customers, ${pct(data.valueShare[i])} of value`).join('; ')}.`;
}
