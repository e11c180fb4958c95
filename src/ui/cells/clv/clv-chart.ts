import * as Plot from '@observablehq/plot';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS } from '../../../charts/chart-style.ts';

/** Customers by P(alive), from the ten bin counts a clv cell reports; the dashed line is the churn threshold. */
export function pAliveHistogram(histogram: number[], threshold: number, document?: Document, width?: number): Element {
  const bins = histogram.map((customers, i) => ({ x1: i / 10, x2: (i + 1) / 10, customers }));
  return Plot.plot({
    document, width: fitWidth({ width }, 900), height: 210, marginLeft: 56, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: { label: 'P(alive)', domain: [0, 1] },
    y: { label: 'customers', grid: true },
    marks: [
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'customers', fill: 'currentColor', fillOpacity: 0.55, insetLeft: 1, insetRight: 1 }),
      Plot.ruleX([threshold], { stroke: 'currentColor', strokeDasharray: '4,3' }),
      Plot.ruleY([0]),
    ],
  });
}
