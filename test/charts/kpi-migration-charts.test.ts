import { describe, expect, it } from 'vitest';
import { kpiCaption, kpiLineChart } from '../../src/charts/kpi-lines.ts';
import { flowLayout, flowsCaption, migrationFlowsChart } from '../../src/charts/migration-flows.ts';
import { matrixCaption, matrixGrid, migrationMatrixChart } from '../../src/charts/migration-matrix.ts';
import type { KpiSeries, KpiSummary } from '../../src/engine/cells/kpi/kpi-cell.ts';
import type { MigrationSummary } from '../../src/engine/cells/migration/migration-cell.ts';
import { chartDocument, expectSvgSnapshot } from './snapshot.ts';

// The hand-checked fixture of test/engine/kpi-cell.test.ts, as the cell summarises it.
const KPI: KpiSeries = {
  segment: ['A', 'A', 'A', 'B', 'B', 'B', '(no segment)', '(no segment)', '(no segment)'],
  period: ['2024-01-01', '2024-02-01', '2024-03-01', '2024-01-01', '2024-02-01', '2024-03-01', '2024-01-01', '2024-02-01', '2024-03-01'],
  active: [2, 2, 2, 2, 1, 0, 0, 0, 1],
  revenue: [30, 30, 30, 150, 100, 0, 0, 0, 7],
  retention: [null, 0.5, 0.5, null, 0.5, 0, null, null, null],
};
const SEGMENTS = ['A', 'B', '(no segment)'];

// The hand-checked fixture of test/engine/migration-cell.test.ts, with a larger move added so
// that band widths differ: A → B has 3 customers.
const MIGRATION: MigrationSummary = {
  from: ['A', 'B', 'C', '(new)'],
  to: ['A', 'B', 'C', '(gone)'],
  moves: [
    { from: 'A', to: 'A', customers: 1, rowShare: 0.25 },
    { from: 'A', to: 'B', customers: 3, rowShare: 0.75 },
    { from: 'B', to: 'B', customers: 1, rowShare: 0.5 },
    { from: 'B', to: 'C', customers: 1, rowShare: 0.5 },
    { from: 'C', to: '(gone)', customers: 1, rowShare: 1 },
    { from: '(new)', to: 'A', customers: 1, rowShare: 1 },
  ],
  customers: 8, inBoth: 6, newCustomers: 1, gone: 1, stayed: 2, stayedShare: 2 / 6,
  topMoves: [{ from: 'A', to: 'B', customers: 3, rowShare: 0.75 }, { from: 'B', to: 'C', customers: 1, rowShare: 0.5 }],
};

function svgOf(chart: Element): Element {
  const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg:not([class$="-swatch"])');
  if (!svg) throw new Error('no svg in the chart');
  return svg;
}

describe('segment KPI lines', () => {
  it.each(['active', 'revenue', 'retention'] as const)('draws %s by month as one line per segment', async (metric) => {
    const chart = kpiLineChart(KPI, SEGMENTS, metric, { document: chartDocument(), period: 'month' });
    await expectSvgSnapshot(`kpi-${metric}`, chart);
    // Each segment keeps its colour in every chart; "(no segment)" is grey. With no retention
    // at all, "(no segment)" has no line on the retention chart.
    const strokes = [...chart.querySelectorAll('g[aria-label="line"] path')].map((l) => l.getAttribute('stroke'));
    expect(strokes).toEqual(['#4269d0', '#efb118', '#8a8f98'].slice(0, metric === 'retention' ? 2 : 3));
    // The legend names every segment, in reading order.
    expect([...chart.querySelectorAll('span')].map((s) => s.textContent?.trim()).filter(Boolean)).toEqual(SEGMENTS);
  });

  it('leaves retention undefined in the first month and after a month with nobody active', () => {
    const chart = kpiLineChart(KPI, SEGMENTS, 'retention', { document: chartDocument() });
    // A and B have a line from February; "(no segment)" has no retention at all, so no path.
    const paths = [...chart.querySelectorAll('g[aria-label="line"] path')].map((p) => p.getAttribute('d') ?? '');
    expect(paths.map((d) => (d.match(/[ML]/g) ?? []).length)).toEqual([2, 2]);
    expect(chart.querySelectorAll('g[aria-label="dot"] circle').length).toBe(4);
  });
});

describe('migration matrix', () => {
  it('shades each cell by its row share and labels it with count and share', async () => {
    const chart = migrationMatrixChart(MIGRATION, { document: chartDocument() });
    await expectSvgSnapshot('migration-matrix', chart);
    const texts = [...svgOf(chart).querySelectorAll('g[aria-label="text"] text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' '));
    // 4 × 4 cells but the (new) → (gone) corner; zero moves are shown as such.
    expect(texts).toHaveLength(15);
    expect(texts).toContain('3 75%');
    expect(texts).toContain('0 0%');
    expect(texts.filter((t) => t === '1 100%')).toHaveLength(2);
    // Dark cells get white text.
    const white = [...svgOf(chart).querySelectorAll('g[aria-label="text"][fill="white"] text')];
    expect(white.map((t) => t.textContent)).toEqual(['375%', '1100%', '1100%']);
  });

  it('fills the grid in reading order with zeros where nobody moved', () => {
    const grid = matrixGrid(MIGRATION);
    expect(grid.from.slice(0, 4)).toEqual(['A', 'A', 'A', 'A']);
    expect(grid.to.slice(0, 4)).toEqual(['A', 'B', 'C', '(gone)']);
    expect(grid.customers.slice(0, 4)).toEqual([1, 3, 0, 0]);
    expect(grid.customers.reduce((a, b) => a + b, 0)).toBe(MIGRATION.customers);
  });
});

describe('migration flows', () => {
  it('draws bands as wide as the customers who moved, between two columns of segments', async () => {
    const chart = migrationFlowsChart(MIGRATION, { document: chartDocument() });
    await expectSvgSnapshot('migration-flows', chart);
    const bands = [...chart.querySelectorAll('g[aria-label="link"] path')];
    expect(bands.length).toBe(6);
    const widths = bands.map((b) => Number(b.getAttribute('stroke-width')));
    // A → B (3 customers) is drawn second, three times as wide as each 1-customer band.
    expect(widths[1] / widths[0]).toBeCloseTo(3, 9);
    expect(new Set(widths.filter((_, i) => i !== 1)).size).toBe(1);
    expect(bands[1].querySelector('title')?.textContent).toBe('A → B: 3 customers (75% of A)');
    const labels = [...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(labels).toEqual(['A 4', 'B 2', 'C 1', '(new) 1', 'A 2', 'B 4', 'C 1', '(gone) 1', 'Before', 'After']);
  });

  it('lays out bands that fill their bars exactly and never cross at a bar', () => {
    const { nodes, links, pixelsPerCustomer } = flowLayout(MIGRATION, 300);
    for (const side of ['before', 'after'] as const) {
      const bars = nodes.filter((n) => n.side === side);
      expect(bars.reduce((s, n) => s + (n.y2 - n.y1), 0)).toBeCloseTo(MIGRATION.customers * pixelsPerCustomer, 9);
      bars.slice(1).forEach((n, i) => expect(n.y1).toBeGreaterThan(bars[i].y2));
    }
    for (const bar of nodes) {
      const ends = links
        .filter((l) => (bar.side === 'before' ? l.from : l.to) === bar.segment)
        .map((l) => (bar.side === 'before' ? l.y1 : l.y2) - l.width / 2)
        .sort((a, b) => a - b);
      // The bands of a bar stack from its top edge to its bottom edge without gaps.
      let y = bar.y1;
      for (const top of ends) {
        expect(top).toBeCloseTo(y, 9);
        y += links.find((l) => Math.abs((bar.side === 'before' ? l.y1 : l.y2) - l.width / 2 - top) < 1e-9 && (bar.side === 'before' ? l.from : l.to) === bar.segment)!.width;
      }
      expect(y).toBeCloseTo(bar.y2, 9);
    }
  });
});

describe('chart captions', () => {
  it('state the figures each chart shows', () => {
    const kpi: KpiSummary = {
      period: 'month', segments: SEGMENTS, periods: ['2024-01-01', '2024-02-01', '2024-03-01'], series: KPI, unsegmented: 1,
      figures: [
        { segment: 'A', lastActive: 2, lastRevenue: 30, lastRetention: 0.5, totalRevenue: 90, meanRetention: 0.5 },
        { segment: 'B', lastActive: 0, lastRevenue: 0, lastRetention: 0, totalRevenue: 250, meanRetention: 0.25 },
        { segment: '(no segment)', lastActive: 1, lastRevenue: 7, lastRetention: null, totalRevenue: 7, meanRetention: null },
      ],
    };
    expect(kpiCaption(kpi, 'active')).toBe(
      'Active customers per month from 2024-01-01 to 2024-03-01 (3 periods), one line per segment. In the month of 2024-03-01: A 2, B 0, (no segment) 1.',
    );
    expect(kpiCaption(kpi, 'retention')).toContain('In the month of 2024-03-01: A 50%, B 0%, (no segment) none. Mean: A 50%, B 25%, (no segment) none.');
    expect(kpiCaption(kpi, 'revenue')).toContain('In all: A 90, B 250, (no segment) 7.');
    expect(matrixCaption(MIGRATION, 'q1', 'q2')).toBe(
      'Transition matrix of 8 customers, segments of q1 down and of q2 across, shaded by the share of the row. ' +
        'A: 1 to A (25%), 3 to B (75%); B: 1 to B (50%), 1 to C (50%); C: 1 to (gone) (100%); (new): 1 to A (100%).',
    );
    expect(flowsCaption(MIGRATION, 'q1', 'q2')).toBe(
      'Flows of 8 customers from q1 (left) to q2 (right), each band as wide as the customers who made that move: ' +
        '2 of the 6 customers in both stayed in the same segment (33%); 1 new, 1 gone. Largest moves: A → B 3 (75% of A), B → C 1 (50% of B).',
    );
  });
});
