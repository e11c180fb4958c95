import * as Plot from '@observablehq/plot';
import type { MigrationSummary } from '../engine/cells/migration/migration-cell.ts';
import { GONE_CUSTOMERS, NEW_CUSTOMERS } from '../engine/segment-labels.ts';

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

/** Above this row share Plot's blues are dark enough for white text (contrast 4.6 or more), below it for black. */
const DARK_FROM = 0.72;

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%`;
}

/**
 * The transition matrix: earlier segments down, later ones across, each cell shaded by its row
 * share and labelled with its count and share. The text is dark or light to stay readable on
 * the cell's own shade, whatever the page theme.
 */
export function migrationMatrixChart(m: MigrationSummary, options: MigrationChartOptions = {}): Element {
  const grid = matrixGrid(m);
  const data = { length: grid.from.length };
  const longest = Math.max(...m.from.map((s) => s.length), 4);
  const cellWidth = Math.max(64, Math.min(110, Math.max(...m.to.map((s) => s.length)) * 7 + 16));
  const marginLeft = Math.min(200, longest * 7 + 20);
  const label = grid.customers.map((c, i) => `${c.toLocaleString('en')}\n${formatShare(grid.rowShare[i])}`);
  return Plot.plot({
    document: options.document,
    width: options.width ?? marginLeft + cellWidth * m.to.length + 20,
    height: 40 * m.from.length + 70,
    marginLeft,
    marginTop: 40,
    marginBottom: 30,
    style: { background: 'transparent', color: 'currentColor', fontSize: '11px' },
    x: { domain: m.to, label: 'After →', axis: 'top', tickSize: 0 },
    y: { domain: m.from, label: 'Before ↓', tickSize: 0 },
    color: { type: 'linear', domain: [0, 1], scheme: 'blues', label: 'share of the row' },
    marks: [
      Plot.cell(data, { x: grid.to, y: grid.from, fill: grid.rowShare, inset: 1 }),
      // Two text marks, not a fill channel: a channel would go through the cells' colour scale.
      Plot.text(data, { x: grid.to, y: grid.from, text: label, lineHeight: 1.2, fill: 'black', filter: grid.rowShare.map((s) => s <= DARK_FROM) }),
      Plot.text(data, { x: grid.to, y: grid.from, text: label, lineHeight: 1.2, fill: 'white', filter: grid.rowShare.map((s) => s > DARK_FROM) }),
    ],
  });
}

/** The text alternative of the matrix: every non-empty cell with its count and row share. */
export function matrixCaption(m: MigrationSummary, before: string, after: string): string {
  const rows = m.from.map((from) => {
    const cells = m.moves.filter((mv) => mv.from === from).map((mv) => `${mv.customers.toLocaleString('en')} to ${mv.to} (${formatShare(mv.rowShare)})`);
    return `${from}: ${cells.join(', ')}`;
  });
  return `Transition matrix of ${m.customers.toLocaleString('en')} customers, segments of ${before} down and of ${after} across, shaded by the share of the row. ${rows.join('; ')}.`;
}
