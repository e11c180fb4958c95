import * as Plot from '@observablehq/plot';
import type { MigrationSummary } from '../engine/cells/migration/migration-cell.ts';
import { GONE_CUSTOMERS, NEW_CUSTOMERS } from '../engine/segment-labels.ts';
import { CHART_STYLE, DEFAULT_WIDTH, inkOn } from './chart-style.ts';
import { clipLabels, tableLabelMargin, titleClippedLabels } from './text-fit.ts';

export interface MigrationChartOptions {
  /** The document to draw in; Node tests pass a jsdom one. */
  document?: Document;
  width?: number;
}

/** The full grid of the matrix as columns: every (from, to) pair, with 0 where nobody moved. */
export function matrixGrid(m: MigrationSummary): { from: string[]; to: string[]; customers: number[]; rowShare: number[] } {
  const grid = { from: [] as string[], to: [] as string[], customers: [] as number[], rowShare: [] as number[] };
  const found = new Map(m.moves.map((move) => [`${move.from}\u0000${move.to}`, move]));
  for (const from of m.from) {
    for (const to of m.to) {
      // Nobody can be both new and gone: that corner stays blank.
      if (from === NEW_CUSTOMERS && to === GONE_CUSTOMERS) continue;
      const move = found.get(`${from}\u0000${to}`);
      grid.from.push(from);
      grid.to.push(to);
      grid.customers.push(move?.customers ?? 0);
      grid.rowShare.push(move?.rowShare ?? 0);
    }
  }
  return grid;
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%`;
}

/** Narrowest cell: "12,345" and "100%" in 11 px, with a little air. */
const MIN_CELL = 56;

/**
 * The transition matrix: earlier segments down, later ones across, each cell shaded by its row
 * share and labelled with its count and share. The text is dark or light to stay readable on
 * the cell's own shade, whatever the page theme.
 */
export function migrationMatrixChart(m: MigrationSummary, options: MigrationChartOptions = {}): Element {
  const grid = matrixGrid(m);
  const data = { length: grid.from.length };
  const room = options.width ?? DEFAULT_WIDTH;
  const marginLeft = tableLabelMargin(m.from, room, m.to.length, MIN_CELL, 20, 11, 0.35);
  // Wide enough for "1,234\n56%", and for the column names as far as the width allows.
  const cellWidth = Math.max(MIN_CELL, Math.min(140, Math.floor((room - marginLeft - 20) / Math.max(1, m.to.length))));
  const rows = clipLabels(m.from, marginLeft - 10);
  const columns = clipLabels(m.to, cellWidth - 8);
  const shownRow = new Map(m.from.map((s, i) => [s, rows.shown[i]]));
  const shownColumn = new Map(m.to.map((s, i) => [s, columns.shown[i]]));
  const from = grid.from.map((s) => shownRow.get(s) ?? s);
  const to = grid.to.map((s) => shownColumn.get(s) ?? s);
  const colour = { type: 'linear', domain: [0, 1], scheme: 'blues', label: 'share of the row' } as const;
  const shade = Plot.scale({ color: colour });
  const white = grid.rowShare.map((s) => inkOn(String(shade.apply(s))) === 'white');
  const label = grid.customers.map((c, i) => `${c.toLocaleString('en')}\n${formatShare(grid.rowShare[i])}`);
  const chart = Plot.plot({
    document: options.document,
    width: marginLeft + cellWidth * m.to.length + 20,
    height: 40 * m.from.length + 70,
    marginLeft,
    marginTop: 40,
    marginBottom: 30,
    style: CHART_STYLE,
    x: { domain: columns.shown, label: 'After →', axis: 'top', tickSize: 0 },
    y: { domain: rows.shown, label: 'Before ↓', tickSize: 0 },
    color: colour,
    marks: [
      Plot.cell(data, { x: to, y: from, fill: grid.rowShare, inset: 1 }),
      // Two text marks, not a fill channel: a channel would go through the cells' colour scale.
      Plot.text(data, { x: to, y: from, text: label, lineHeight: 1.2, fill: 'black', filter: white.map((w) => !w) }),
      Plot.text(data, { x: to, y: from, text: label, lineHeight: 1.2, fill: 'white', filter: white }),
    ],
  });
  titleClippedLabels(chart, new Map([...rows.full, ...columns.full]));
  return chart;
}

/** The text alternative of the matrix: every non-empty cell with its count and row share. */
export function matrixCaption(m: MigrationSummary, before: string, after: string): string {
  const rows = m.from.map((from) => {
    const cells = m.moves.filter((mv) => mv.from === from).map((mv) => `${mv.customers.toLocaleString('en')} to ${mv.to} (${formatShare(mv.rowShare)})`);
    return `${from}: ${cells.join(', ')}`;
  });
  return `Transition matrix of ${m.customers.toLocaleString('en')} customers, segments of ${before} down and of ${after} across, shaded by the share of the row. ${rows.join('; ')}.`;
}
