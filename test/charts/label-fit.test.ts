import { describe, expect, it } from 'vitest';
import { inkOn } from '../../src/charts/chart-style.ts';
import { integerTicks, stepInertiaChart } from '../../src/charts/kmeans-steps.ts';
import { dodgeY, placeLabels, type LabelRequest } from '../../src/charts/label-placement.ts';
import { profileHeatmap } from '../../src/charts/profile-heatmap.ts';
import { clipLabel, clipLabels, labelMargin, textWidth } from '../../src/charts/text-fit.ts';
import type { StepFrame } from '../../src/ml/kmeans-stepper.ts';
import { chartDocument } from './snapshot.ts';

/** WCAG contrast of black and of white on an sRGB colour, computed from the definition. */
function contrasts(r: number, g: number, b: number): { black: number; white: number } {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return { black: (l + 0.05) / 0.05, white: 1.05 / (l + 0.05) };
}

describe('fitting chart labels', () => {
  it('cuts a label that is too wide with an ellipsis, keeps one that fits, and maps each back to its full text', () => {
    const long = 'Champions · Big-spending frequent buyers';
    expect(clipLabel('Lost', 200)).toBe('Lost');
    const cut = clipLabel(long, 80);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(textWidth(cut)).toBeLessThanOrEqual(80);
    // Two labels that cut to the same text stay distinct, as a band scale needs.
    const { shown, full } = clipLabels(['Segment alpha one', 'Segment alpha two'], 60);
    expect(new Set(shown).size).toBe(2);
    expect(shown.map((s) => full.get(s))).toEqual(['Segment alpha one', 'Segment alpha two']);
  });

  it('gives band labels the margin the longest needs, but at most 40% of the width', () => {
    const labels = ['1 · Frequent recent buyers', '2 · Occasional lapsed customers'];
    expect(labelMargin(labels, 1400)).toBeGreaterThanOrEqual(textWidth(labels[1]));
    expect(labelMargin(labels, 300)).toBe(120);
  });

  it('cuts heatmap row and column labels that do not fit and keeps their full text in a <title>', () => {
    const rows = ['Champions · Big-spending frequent buyers who came back twice this year', 'Lost'];
    const columns = ['a_very_long_column_name_for_recency_in_days', 'frequency'];
    const chart = profileHeatmap({ rows, columns, z: [[1, 2], [-1, 0]] }, { document: chartDocument(), width: 500 });
    const titles = [...chart.querySelectorAll('text > title')].map((t) => t.textContent);
    expect(titles).toEqual(expect.arrayContaining([rows[0], columns[0]]));
    expect(Number(chart.getAttribute('width'))).toBeLessThanOrEqual(500);
  });

  it('picks black or white ink, whichever contrasts more, and always reaches 4.5:1', () => {
    for (const [r, g, b] of [[51, 131, 190], [79, 154, 203], [255, 255, 255], [8, 48, 107], [103, 0, 13], [118, 118, 118], [119, 119, 119]]) {
      const c = contrasts(r, g, b);
      const ink = inkOn(`rgb(${r}, ${g}, ${b})`);
      expect(ink).toBe(c.black >= c.white ? 'black' : 'white');
      expect(Math.max(c.black, c.white)).toBeGreaterThanOrEqual(4.5);
    }
    expect(inkOn('#3383be')).toBe('black');
  });
});

describe('placing labels', () => {
  const frame = { left: 0, top: 0, right: 400, bottom: 300 };
  const overlap = (a: { x: number; y: number }, b: { x: number; y: number }, w: number, h: number) => Math.abs(a.x - b.x) < w && Math.abs(a.y - b.y) < h;

  it('keeps the labels of bubbles that sit on top of each other apart and inside the frame', () => {
    const points: LabelRequest[] = [
      { x: 200, y: 150, r: 10, width: 40, height: 14 },
      { x: 205, y: 152, r: 10, width: 40, height: 14 },
      { x: 198, y: 160, r: 10, width: 40, height: 14 },
      { x: 395, y: 5, r: 6, width: 40, height: 14 },
    ];
    const spots = placeLabels(points, frame);
    for (let i = 0; i < spots.length; i++) {
      expect(spots[i].x - 20).toBeGreaterThanOrEqual(0);
      expect(spots[i].x + 20).toBeLessThanOrEqual(400);
      expect(spots[i].y - 7).toBeGreaterThanOrEqual(0);
      for (let j = i + 1; j < spots.length; j++) expect(overlap(spots[i], spots[j], 40, 14)).toBe(false);
    }
  });

  it('spreads stacked line-end labels at least a gap apart, within bounds, keeping their order', () => {
    const ys = [100, 102, 101, 250, 299];
    const out = dodgeY(ys, 14, 10, 290);
    const sorted = [...out].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(14 - 1e-9);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...out)).toBeLessThanOrEqual(290);
    expect(out[0]).toBeLessThan(out[2]);
    expect(out[2]).toBeLessThan(out[1]);
  });
});

describe('step-through inertia axis', () => {
  it('labels steps with distinct whole numbers, never "2 2 2 3 3 3"', () => {
    expect(integerTicks(0, 5, 20)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(integerTicks(2, 3, 10)).toEqual([2, 3]);
    expect(integerTicks(0, 40, 5)).toEqual([0, 9, 18, 27, 36]);
    const frames = [2, 3].map((step) => ({ step, kind: 'assign', inertia: 10 - step, centroids: new Float64Array(0), labels: new Int32Array(0), changed: 0, converged: false }) as StepFrame);
    const chart = stepInertiaChart(frames, { document: chartDocument(), width: 520 });
    const ticks = [...chart.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['2', '3']);
  });
});

describe('table-like charts at a narrow width', () => {
  const rows = ['1 · Recent big spenders who buy every month', '2 · Lapsed one-time buyers', '3 · Loyal regulars'];
  const columns = Array.from({ length: 12 }, (_, i) => `feature_${i + 1}`);
  const z = rows.map(() => columns.map((_, j) => (j % 5) - 2));

  it('gives up row-label room before a heatmap grows wider than its box, and still cuts labels with their full text kept', () => {
    const chart = profileHeatmap({ rows, columns, z }, { document: chartDocument(), width: 729 });
    expect(Number(chart.getAttribute('width'))).toBeLessThanOrEqual(729);
    const titles = [...chart.querySelectorAll('text title')].map((t) => t.textContent);
    expect(titles).toContain(rows[0]);
  });

  it('lets a heatmap too wide for any label room scroll rather than squeeze its numbers below 46 px', () => {
    const chart = profileHeatmap({ rows, columns, z }, { document: chartDocument(), width: 400 });
    expect(Number(chart.getAttribute('width'))).toBe(60 + 46 * 12 + 8);
  });
});
