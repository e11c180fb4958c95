import { describe, expect, it } from 'vitest';
import { profileHeatmap, profileHeatmapCaption, type HeatmapData } from '../../src/charts/profile-heatmap.ts';
import { segmentValueBars, segmentValueCaption, type ValueBarsData } from '../../src/charts/segment-value-bars.ts';
import { targetingBubbles, targetingCaption, type TargetingData } from '../../src/charts/targeting-bubbles.ts';
import { chartDocument, expectSvgSnapshot } from './snapshot.ts';

const HEATMAP: HeatmapData = {
  rows: ['1 · Recent big spenders', '2 · Occasional lapsed customers', '3 · High nps_score'],
  columns: ['recency_days', 'frequency', 'monetary', 'nps_score'],
  z: [[-1.2, 1.1, 1.6, 0.1], [1.4, -0.7, -0.6, null], [-0.2, -0.1, -0.1, 0.9]],
};

const TARGETING: TargetingData = {
  labels: ['1', '2', '3'],
  names: ['1 · Recent big spenders', '2 · Occasional lapsed customers', '3 · High nps_score'],
  size: [200, 500, 300], valuePerCustomer: [4120, 300, 1053], growth: [null, null, null], targeted: [true, false, false],
};

const BARS: ValueBarsData = { labels: TARGETING.names, share: [0.2, 0.5, 0.3], valueShare: [0.639, 0.116, 0.245] };

const texts = (chart: Element, selector = 'text') => [...chart.querySelectorAll(selector)].map((t) => t.textContent);

describe('profile charts', () => {
  it('draws the profile heatmap: one coloured square per known difference, labelled with it', async () => {
    const chart = profileHeatmap(HEATMAP, { document: chartDocument() });
    const squares = chart.querySelectorAll('g[aria-label="cell"] rect');
    // 12 outlines, then 11 coloured squares: the unknown one is left blank.
    expect(squares).toHaveLength(23);
    expect(texts(chart, 'g[aria-label="text"] text')).toContain('1.60');
    expect(texts(chart, 'g[aria-label="text"] text')).toHaveLength(11);
    await expectSvgSnapshot('profile-heatmap', chart);
    expect(profileHeatmapCaption(HEATMAP)).toMatch(/Largest: 1 · Recent big spenders: monetary \+1\.60; 2 · Occasional lapsed customers: recency_days \+1\.40/);
  });

  it('draws the targeting bubbles with a ring and a star on targeted segments', async () => {
    const chart = targetingBubbles(TARGETING, { document: chartDocument() });
    const dots = chart.querySelectorAll('g[aria-label="dot"]');
    expect(dots).toHaveLength(2);
    expect(dots[1].querySelectorAll('circle')).toHaveLength(1);
    expect(texts(chart)).toEqual(expect.arrayContaining(['1 ★', '2', '3']));
    expect(texts(chart, 'circle title')).toEqual(['1 · Recent big spenders (targeted)', '2 · Occasional lapsed customers', '3 · High nps_score']);
    await expectSvgSnapshot('targeting-bubbles', chart);
    expect(targetingCaption(TARGETING)).toContain('1 · Recent big spenders (targeted): 200 customers, 4,120 per customer');
  });

  it('colours and sizes the bubbles by growth when there is an earlier snapshot', async () => {
    const data = { ...TARGETING, growth: [0.25, -0.4, 0.05] };
    const chart = targetingBubbles(data, { document: chartDocument() });
    const radius = new Map([...chart.querySelectorAll('g[aria-label="dot"]')[0].querySelectorAll('circle')].map((c) => [c.querySelector('title')?.textContent, Number(c.getAttribute('r'))]));
    // The segment that shrank by 40% has the biggest bubble, the one that grew 5% the smallest.
    expect(radius.get('2 · Occasional lapsed customers')).toBeGreaterThan(radius.get('1 · Recent big spenders (targeted)')!);
    expect(radius.get('1 · Recent big spenders (targeted)')).toBeGreaterThan(radius.get('3 · High nps_score')!);
    await expectSvgSnapshot('targeting-bubbles-growth', chart);
    expect(targetingCaption(data)).toContain('2 · Occasional lapsed customers: 500 customers, 300 per customer, -40% since before');
  });

  it('draws share of customers beside share of value for each segment', async () => {
    const chart = segmentValueBars(BARS, { document: chartDocument() });
    expect(texts(chart, 'g[aria-label="text"] text')).toEqual(['20.0%', '63.9%', '50.0%', '11.6%', '30.0%', '24.5%']);
    await expectSvgSnapshot('segment-value-bars', chart);
    expect(segmentValueCaption(BARS)).toContain('1 · Recent big spenders 20.0% of customers, 63.9% of value');
  });
});
