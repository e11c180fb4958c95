import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { rfmGridCaption, rfmGridChart } from '../../src/charts/rfm-grid.ts';
import type { RfmGridCell } from '../../src/engine/cells/rfm/rfm-cell.ts';
import { chartDocument, expectSvgSnapshot } from './snapshot.ts';

// A fixed grid: counts fall with R and rise with F; one pair has no customers.
function fixedGrid(): RfmGridCell[] {
  const grid: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--) {
    for (let f = 1; f <= 5; f++) {
      const customers = r === 1 && f === 5 ? 0 : r * 10 + f * 7;
      grid.push({ r, f, customers, meanMonetary: customers ? 100 * f * f + 13 * r : null });
    }
  }
  return grid;
}

describe('rfm grid chart', () => {
  it('draws the 5 x 5 grid coloured by customer count', async () => {
    await expectSvgSnapshot('rfm-grid-customers', rfmGridChart(fixedGrid(), 'customers', { document: chartDocument() }));
  });

  it('draws the grid coloured by mean monetary value, leaving pairs without customers uncoloured', async () => {
    await expectSvgSnapshot('rfm-grid-monetary', rfmGridChart(fixedGrid(), 'meanMonetary', { document: chartDocument() }));
  });

  it('labels each square with its value and puts recency 5 at the top', () => {
    const chart = rfmGridChart(fixedGrid(), 'customers', { document: chartDocument() });
    const labels = [...chart.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toContain('57'); // R5 F1
    expect(labels).toContain('85'); // R5 F5
    const y = chart.querySelector('[aria-label="y-axis tick label"]');
    expect([...(y?.querySelectorAll('text') ?? [])].map((t) => t.textContent)).toEqual(['5', '4', '3', '2', '1']);
    // One coloured square per pair that has customers, plus the 25 frames.
    expect(chart.querySelectorAll('rect').length).toBe(25 + 24);
  });

  it('colours one square per pair with customers, the fuller square darker', () => {
    const grid = fixedGrid();
    const chart = rfmGridChart(grid, 'customers', { document: chartDocument() });
    const scale = Plot.scale({ color: { type: 'linear', scheme: 'blues', domain: [0, 85] } });
    const fills = [...chart.querySelectorAll('g[aria-label="cell"]')[1].querySelectorAll('rect')].map((r) => r.getAttribute('fill'));
    expect(fills).toContain(scale.apply(85));
    expect(fills).toContain(scale.apply(17));
  });

  it('gives a caption listing the value of every square that has customers', () => {
    const caption = rfmGridCaption(fixedGrid(), 'customers');
    expect(caption).toMatch(/^Customers by recency score \(rows, 5 = most recent\) and frequency score \(columns, 5 = most frequent\): R5 F1 57; R5 F2 64;/);
    expect(caption).not.toContain('R1 F5');
    expect(rfmGridCaption(fixedGrid(), 'meanMonetary')).toContain('R5 F5 2,565');
  });
});

describe('rfm grid labels', () => {
  it('writes the label of an empty square in the theme text colour, so it shows on a dark page', () => {
    const chart = rfmGridChart(fixedGrid(), 'customers', { document: chartDocument() });
    const zero = [...chart.querySelectorAll('g[aria-label="text"] text')].find((t) => t.textContent === '0');
    expect(zero?.getAttribute('fill')).toBe('currentColor');
  });
});
