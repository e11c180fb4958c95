import * as Plot from '@observablehq/plot';
import { CHART_STYLE, fitWidth, inkOn, type Chart, type ChartOptions } from './chart-style.ts';
import type { RfmGridCell } from '../engine/cells/rfm/rfm-cell.ts';

/** What colours the squares of the R x F grid. */
export type RfmGridMeasure = 'customers' | 'meanMonetary';

const SCORES = [1, 2, 3, 4, 5];
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
// Four digits at most, so a mean of 123,456 still fits in its square as "123K".
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

function valueOf(cell: RfmGridCell, measure: RfmGridMeasure): number | null {
  return measure === 'customers' ? cell.customers : cell.meanMonetary;
}

function label(cell: RfmGridCell, measure: RfmGridMeasure): string {
  const v = valueOf(cell, measure);
  if (v === null) return '';
  return measure === 'customers' ? whole.format(v) : compact.format(v);
}

/**
 * The 5 x 5 grid of recency score (rows, 5 at the top) against frequency score (columns), each
 * square coloured by its number of customers or their mean monetary value and labelled with it.
 * Pairs no customer has are left uncoloured. `document` lets tests draw it outside a browser.
 */
export function rfmGridChart(grid: readonly RfmGridCell[], measure: RfmGridMeasure, options: ChartOptions = {}): Chart {
  const values = grid.map((c) => valueOf(c, measure)).filter((v): v is number => v !== null);
  const max = values.length ? Math.max(...values) : 0;
  const isColoured = (c: RfmGridCell) => c.customers > 0 && valueOf(c, measure) !== null;
  const coloured = grid.filter(isColoured);
  // Labels take black or white, whichever reads better on their square's blue; an empty square
  // shows the page behind it, so its label takes the text colour of the theme.
  const colour = { type: 'linear', scheme: 'blues', domain: [0, max || 1] } as const;
  const shade = Plot.scale({ color: colour });
  const ink = (c: RfmGridCell) => (!isColoured(c) ? 'currentColor' : inkOn(String(shade.apply(valueOf(c, measure) ?? 0))));
  return Plot.plot({
    document: options.document,
    width: fitWidth(options, 480), height: 340, marginLeft: 56, marginBottom: 44, marginTop: 12,
    style: CHART_STYLE,
    x: { type: 'band', domain: SCORES, label: 'Frequency score (F) →', labelAnchor: 'center', labelOffset: 36 },
    y: { type: 'band', domain: [...SCORES].reverse(), label: '↑ Recency score (R)', labelAnchor: 'center', labelOffset: 44 },
    color: colour,
    marks: [
      Plot.cell(grid, { x: 'f', y: 'r', fill: 'none', stroke: 'currentColor', strokeOpacity: 0.2, inset: 1 }),
      Plot.cell(coloured, {
        x: 'f', y: 'r', fill: (c: RfmGridCell) => valueOf(c, measure), inset: 1,
        title: (c: RfmGridCell) => `R ${c.r}, F ${c.f}: ${whole.format(c.customers)} customers${c.meanMonetary === null ? '' : `, mean monetary ${whole.format(c.meanMonetary)}`}`,
      }),
      Plot.text(grid, { x: 'f', y: 'r', text: (c: RfmGridCell) => label(c, measure), fill: ink, fontSize: 12 }),
    ],
  });
}

/** The chart's text alternative: what is coloured and the value of every square that has customers. */
export function rfmGridCaption(grid: readonly RfmGridCell[], measure: RfmGridMeasure): string {
  const what = measure === 'customers' ? 'Customers' : 'Mean monetary value';
  const squares = grid
    .filter((c) => c.customers > 0)
    .map((c) => `R${c.r} F${c.f} ${measure === 'customers' ? whole.format(c.customers) : whole.format(c.meanMonetary ?? 0)}`);
  return `${what} by recency score (rows, 5 = most recent) and frequency score (columns, 5 = most frequent)${squares.length ? `: ${squares.join('; ')}` : ': no customers'}.`;
}
