import * as Plot from '@observablehq/plot';
import { CHART_STYLE, fitWidth } from '../../../charts/chart-style.ts';
import { clipLabels, labelMargin, titleClippedLabels } from '../../../charts/text-fit.ts';
import type { RulesSummary } from '../../../engine/cells/rules/rules-cell.ts';

/**
 * Horizontal bars of how many rows each segment got, in rule order with the else-segment last.
 * `document` lets tests draw the chart in Node. Names get the margin the longest needs, up to 40%
 * of the width; longer ones are cut and keep their full text in a <title>.
 */
export function segmentSizeChart(summary: RulesSummary, document?: Document, room?: number): SVGSVGElement | HTMLElement {
  const width = fitWidth({ width: room }, 900);
  const marginLeft = labelMargin(summary.segments.map((s) => s.name), width);
  const names = clipLabels(summary.segments.map((s) => s.name), marginLeft - 10);
  const data = summary.segments.map((s, i) => ({ ...s, name: names.shown[i], last: i === summary.segments.length - 1 }));
  const chart = Plot.plot({
    document,
    width, height: 50 + 26 * data.length, marginLeft, marginRight: 60, marginBottom: 40,
    style: CHART_STYLE,
    x: { label: 'rows', grid: true },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, { y: 'name', x: 'rows', fill: (d: (typeof data)[number]) => (d.last ? 'gray' : 'steelblue') }),
      Plot.text(data, { y: 'name', x: 'rows', text: (d: (typeof data)[number]) => d.rows.toLocaleString('en'), textAnchor: 'start', dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
  titleClippedLabels(chart, names.full);
  return chart;
}

/** The chart's text alternative: each segment with its rows and share. */
export function segmentSizeCaption(summary: RulesSummary): string {
  const parts = summary.segments.map((s) => `${s.name} ${s.rows.toLocaleString('en')} (${share(s.rows, summary.rows)})`);
  return `Rows per segment, in rule order with the else-segment last: ${parts.join('; ')}.`;
}

export function share(rows: number, total: number): string {
  return total ? `${((100 * rows) / total).toFixed(1)}%` : '0%';
}
