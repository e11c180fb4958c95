import * as Plot from '@observablehq/plot';
import type { RulesSummary } from '../../../engine/cells/rules/rules-cell.ts';

/**
 * Horizontal bars of how many rows each segment got, in rule order with the else-segment last.
 * `document` lets tests draw the chart in Node.
 */
export function segmentSizeChart(summary: RulesSummary, document?: Document): SVGSVGElement | HTMLElement {
  const data = summary.segments.map((s, i) => ({ ...s, last: i === summary.segments.length - 1 }));
  return Plot.plot({
    ...(document ? { document } : {}),
    width: 560, height: 40 + 26 * data.length, marginLeft: 150, marginRight: 60,
    style: { background: 'transparent', color: 'currentColor', fontSize: '11px' },
    x: { label: 'rows', grid: true },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, { y: 'name', x: 'rows', fill: (d: (typeof data)[number]) => (d.last ? 'gray' : 'steelblue') }),
      Plot.text(data, { y: 'name', x: 'rows', text: (d: (typeof data)[number]) => d.rows.toLocaleString('en'), textAnchor: 'start', dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
}

/** The chart's text alternative: each segment with its rows and share. */
export function segmentSizeCaption(summary: RulesSummary): string {
  const parts = summary.segments.map((s) => `${s.name} ${s.rows.toLocaleString('en')} (${share(s.rows, summary.rows)})`);
  return `Rows per segment, in rule order with the else-segment last: ${parts.join('; ')}.`;
}

export function share(rows: number, total: number): string {
  return total ? `${((100 * rows) / total).toFixed(1)}%` : '0%';
}
