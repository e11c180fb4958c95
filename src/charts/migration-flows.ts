import * as Plot from '@observablehq/plot';
import type { MigrationSummary } from '../engine/cells/migration/migration-cell.ts';
import { DEFAULT_WIDTH } from './chart-style.ts';
import type { MigrationChartOptions } from './migration-matrix.ts';
import { labelMargin } from './text-fit.ts';
import { formatShare } from './migration-matrix.ts';
import { segmentColorScale } from './segment-colors.ts';

/** One bar of a column: a segment with its customers, in pixels from the top of the plot area. */
export interface FlowNode {
  side: 'before' | 'after';
  segment: string;
  customers: number;
  y1: number;
  y2: number;
}

/** One band from an earlier segment to a later one; its width is its customers in pixels. */
export interface FlowLink {
  from: string;
  to: string;
  customers: number;
  rowShare: number;
  width: number;
  /** Centre of the band where it leaves the left bar and where it enters the right bar. */
  y1: number;
  y2: number;
}

const GAP = 10;
const NODE_WIDTH = 10;

/**
 * Places the two columns of bars and the bands between them in a plot area `height` pixels
 * tall. One pixel scale serves both columns, so a band is as wide at both ends and its width is
 * proportional to its customers. Bands leave a bar in the order of their targets and enter one
 * in the order of their sources, so no two bands cross at a bar.
 */
export function flowLayout(m: MigrationSummary, height: number): { nodes: FlowNode[]; links: FlowLink[]; pixelsPerCustomer: number } {
  const total = m.customers;
  const most = Math.max(m.from.length, m.to.length);
  const scale = total > 0 ? (height - GAP * (most - 1)) / total : 0;
  const column = (side: FlowNode['side'], labels: string[], pick: (from: string, to: string) => string) => {
    const sums = labels.map((label) => m.moves.filter((mv) => pick(mv.from, mv.to) === label).reduce((s, mv) => s + mv.customers, 0));
    let y = (height - (total * scale + GAP * (labels.length - 1))) / 2;
    return labels.map((segment, i): FlowNode => {
      const node = { side, segment, customers: sums[i], y1: y, y2: y + sums[i] * scale };
      y = node.y2 + GAP;
      return node;
    });
  };
  const left = column('before', m.from, (from) => from);
  const right = column('after', m.to, (_from, to) => to);
  const leaving = new Map(left.map((n) => [n.segment, n.y1]));
  const entering = new Map(right.map((n) => [n.segment, n.y1]));
  const byTarget = [...m.moves].sort((a, b) => m.from.indexOf(a.from) - m.from.indexOf(b.from) || m.to.indexOf(a.to) - m.to.indexOf(b.to));
  const y1 = new Map<string, number>();
  for (const mv of byTarget) {
    const at = leaving.get(mv.from) ?? 0;
    y1.set(`${mv.from}\u0000${mv.to}`, at + (mv.customers * scale) / 2);
    leaving.set(mv.from, at + mv.customers * scale);
  }
  const bySource = [...m.moves].sort((a, b) => m.to.indexOf(a.to) - m.to.indexOf(b.to) || m.from.indexOf(a.from) - m.from.indexOf(b.from));
  const links = bySource.map((mv): FlowLink => {
    const at = entering.get(mv.to) ?? 0;
    entering.set(mv.to, at + mv.customers * scale);
    return {
      from: mv.from, to: mv.to, customers: mv.customers, rowShare: mv.rowShare, width: mv.customers * scale,
      y1: y1.get(`${mv.from}\u0000${mv.to}`) ?? 0, y2: at + (mv.customers * scale) / 2,
    };
  });
  // Draw the bands in source order so the picture does not depend on the order of the rows.
  links.sort((a, b) => m.from.indexOf(a.from) - m.from.indexOf(b.from) || m.to.indexOf(a.to) - m.to.indexOf(b.to));
  return { nodes: [...left, ...right], links, pixelsPerCustomer: scale };
}

/**
 * Who moved where: earlier segments as bars on the left, later ones on the right, and a band
 * from each earlier segment to each later one as wide as the customers who made that move.
 */
export function migrationFlowsChart(m: MigrationSummary, options: MigrationChartOptions = {}): Element {
  const width = Math.min(options.width ?? DEFAULT_WIDTH, 1000);
  const marginTop = 24;
  const marginBottom = 8;
  const plotHeight = Math.max(200, 34 * Math.max(m.from.length, m.to.length));
  const nodeText = (n: FlowNode) => `${n.segment} ${n.customers.toLocaleString('en')}`;
  const { nodes, links } = flowLayout(m, plotHeight);
  // Each side takes what its longest label needs, up to 30% of the width.
  const labelWidth = (side: FlowNode['side']) => labelMargin(nodes.filter((n) => n.side === side).map(nodeText), width, 11, 0.3);
  const marginLeft = labelWidth('before');
  const marginRight = labelWidth('after');
  const inner = width - marginLeft - marginRight;
  const left = nodes.filter((n) => n.side === 'before');
  const right = nodes.filter((n) => n.side === 'after');
  return Plot.plot({
    document: options.document,
    width,
    height: plotHeight + marginTop + marginBottom,
    marginTop, marginBottom, marginLeft, marginRight,
    style: { background: 'transparent', color: 'currentColor', fontSize: '11px' },
    x: { domain: [0, inner], range: [marginLeft, width - marginRight], axis: null },
    y: { domain: [0, plotHeight], range: [marginTop, marginTop + plotHeight], axis: null },
    color: segmentColorScale([...m.from, ...m.to]),
    marks: [
      Plot.link(links, {
        x1: NODE_WIDTH, x2: inner - NODE_WIDTH, y1: 'y1', y2: 'y2', curve: 'bump-x',
        stroke: 'from', strokeWidth: (l: FlowLink) => Math.max(1, l.width), strokeOpacity: 0.45,
        title: (l: FlowLink) => `${l.from} → ${l.to}: ${l.customers.toLocaleString('en')} customers (${formatShare(l.rowShare)} of ${l.from})`,
      }),
      Plot.rect(nodes, {
        x1: (n: FlowNode) => (n.side === 'before' ? 0 : inner - NODE_WIDTH),
        x2: (n: FlowNode) => (n.side === 'before' ? NODE_WIDTH : inner),
        y1: 'y1', y2: 'y2', fill: 'segment',
      }),
      Plot.text(left, { x: 0, y: (n: FlowNode) => (n.y1 + n.y2) / 2, text: nodeText, textAnchor: 'end', dx: -6 }),
      Plot.text(right, { x: inner, y: (n: FlowNode) => (n.y1 + n.y2) / 2, text: nodeText, textAnchor: 'start', dx: 6 }),
      Plot.text(['Before', 'After'], { x: [0, inner], y: [0, 0], text: (d: string) => d, textAnchor: 'middle', dy: -14, fontWeight: 'bold' }),
    ],
  });
}

/** The text alternative of the flow diagram: who stayed, who is new or gone, and the largest moves. */
export function flowsCaption(m: MigrationSummary, before: string, after: string): string {
  const n = (x: number) => x.toLocaleString('en');
  const stayed = m.stayedShare === null ? 'no customer is in both' : `${n(m.stayed)} of the ${n(m.inBoth)} customers in both stayed in the same segment (${formatShare(m.stayedShare)})`;
  const moves = m.topMoves.length
    ? ` Largest moves: ${m.topMoves.map((mv) => `${mv.from} → ${mv.to} ${n(mv.customers)} (${formatShare(mv.rowShare)} of ${mv.from})`).join(', ')}.`
    : ' Nobody changed segment.';
  return `Flows of ${n(m.customers)} customers from ${before} (left) to ${after} (right), each band as wide as the customers who made that move: ` +
    `${stayed}; ${n(m.newCustomers)} new, ${n(m.gone)} gone.${moves}`;
}
