import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxPlotChart, boxSummaries } from '../../src/charts/box-plot.ts';
import { chartCellPlot, type ChartData, type ChartSpec } from '../../src/charts/chart-cell-plot.ts';
import { CHART_ROW_LIMIT, readChartRows } from '../../src/charts/chart-data.ts';
import { SWEEP_METRICS, describeMetric, metricLinesChart } from '../../src/charts/metric-lines.ts';
import { BOX_ROW_LIMIT, readBoxData, readSnakeData } from '../../src/charts/segment-chart-data.ts';
import { segmentSizesChart } from '../../src/charts/segment-sizes.ts';
import { silhouettePlotChart } from '../../src/charts/silhouette-plot.ts';
import { snakePlotChart } from '../../src/charts/snake-plot.ts';
import { chartFileName, standaloneSvg } from '../../src/charts/svg-export.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { describeTable } from '../../src/db/catalog.ts';
import { chooseK, type KSweep } from '../../src/engine/choose-k.ts';
import type { SweepResult } from '../../src/ml/sweep-job.ts';
import { chartDocument, expectSvgSnapshot, normaliseSvg } from './snapshot.ts';

let db: NodeDatabase;
const document = chartDocument();

beforeAll(async () => {
  db = await NodeDatabase.open({ threads: 1 });
  // Three segments with features whose standardised means can be worked out by hand.
  await db.exec(`CREATE TABLE segs AS SELECT * FROM (VALUES
    (1, 10.0, 1.0), (1, 20.0, 1.0), (2, 30.0, 5.0), (2, 40.0, 5.0), (3, 50.0, 9.0), (3, 60.0, 9.0), (NULL, 1000.0, 100.0)
  ) v(segment, spend, visits)`);
  await db.exec(`CREATE TABLE big AS SELECT i AS id, (i * 37) % 101 AS amount, 'group ' || (i % 4) AS grp, DATE '2024-01-01' + (i % 90)::INTEGER AS day
    FROM range(0, 60000) t(i)`);
});
afterAll(() => db.close());

/** Deterministic pseudo-random numbers in [0, 1) without a generator: a fixed integer hash. */
function noise(i: number): number {
  return (((i * 2654435761) >>> 0) % 10007) / 10007;
}

const SWEEP_NUMBERS: SweepResult = {
  k: [2, 3, 4, 5, 6], inertia: [900, 520, 310, 280, 262], silhouette: [0.41, 0.47, 0.52, 0.44, 0.39],
  silhouetteError: [0.01, 0.012, 0.008, 0.015, 0.02], silhouetteSample: 5000, daviesBouldin: [1.1, 0.95, 0.81, 0.9, 1.02],
  calinskiHarabasz: [1200, 1500, 1720, 1610, 1480], gap: [0.8, 1.05, 1.3, 1.32, 1.31], gapError: [0.03, 0.03, 0.04, 0.04, 0.05],
  gapSample: null, fitSample: null, notes: [],
};
const SWEEP: KSweep = { ...SWEEP_NUMBERS, notes: [], ...chooseK(SWEEP_NUMBERS) };

const TABLE: ChartData = {
  length: 24,
  columns: {
    month: Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2024, i % 12, 1))),
    spend: Float64Array.from({ length: 24 }, (_, i) => Math.round(100 + 80 * noise(i))),
    segment: Array.from({ length: 24 }, (_, i) => `S${(i % 3) + 1}`),
    channel: Array.from({ length: 24 }, (_, i) => (i < 12 ? 'web' : 'store')),
  },
};

describe('segmentation charts', () => {
  it('draws segment sizes as labelled bars in segment order', async () => {
    const chart = segmentSizesChart({ sizes: [120, 340, 55, 485] }, { document });
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['120', '340', '55', '485']));
    await expectSvgSnapshot('segment-sizes', chart);
  });

  it('computes snake-plot means in standard deviations from the mean of segmented rows', async () => {
    const snake = await readSnakeData(db, 'segs', 'segment', ['spend', 'visits']);
    expect(snake.segments).toEqual(['1', '2', '3']);
    // spend: mean 35, population sd sqrt(291.67) = 17.08; segment 1's mean 15 is -1.171 sd.
    const sd = Math.sqrt([10, 20, 30, 40, 50, 60].reduce((a, v) => a + (v - 35) ** 2, 0) / 6);
    expect(snake.means[0]).toBeCloseTo((15 - 35) / sd, 10);
    expect(snake.means[2]).toBeCloseTo(0, 10);
    // visits: 1, 5, 9 in pairs, mean 5, sd sqrt(32/3); segment 3 is +1.2247 sd.
    expect(snake.means[5]).toBeCloseTo(4 / Math.sqrt(32 / 3), 10);
    await expectSvgSnapshot('snake-plot', snakePlotChart(snake, { document }));
  });

  it('draws box plots from a fixed sample of BOX_ROW_LIMIT rows of a larger table, with the number of rows it was drawn from', async () => {
    await db.exec(`CREATE OR REPLACE TABLE many_segs AS SELECT i % 4 + 1 AS segment, (i * 37 % 1000)::DOUBLE AS spend FROM range(25000) t(i)`);
    const first = await readBoxData(db, 'many_segs', 'segment', 'spend');
    const again = await readBoxData(db, 'many_segs', 'segment', 'spend');
    expect(first.value.length).toBe(BOX_ROW_LIMIT);
    expect(first.total).toBe(25000);
    expect(Array.from(again.value)).toEqual(Array.from(first.value));
    expect(new Set(Array.from(first.segment))).toEqual(new Set(['1', '2', '3', '4']));
  });

  it('draws box plots of one feature by segment from the table', async () => {
    const box = await readBoxData(db, 'segs', 'segment', 'spend');
    expect(box.value.length).toBe(6);
    expect(box.total).toBe(6);
    await expectSvgSnapshot('box-plot', boxPlotChart(box, { document }));
    const seeded = boxPlotChart({
      feature: 'monetary', segment: Array.from({ length: 300 }, (_, i) => String((i % 3) + 1)),
      value: Float64Array.from({ length: 300 }, (_, i) => ((i % 3) + 1) * 100 * noise(i) + (i === 7 ? 2000 : 0)),
    }, { document });
    await expectSvgSnapshot('box-plot-seeded', seeded);
  });

  // The box-plot snapshots above are byte for byte what Plot's own boxY drew from the rows.
  it('works out each box with linear quantiles (R-7, as d3 and numpy), NaN left out, with the rows past the whiskers as outliers', () => {
    const r7 = (values: number[], p: number) => {
      const sorted = [...values].sort((x, y) => x - y);
      const h = (sorted.length - 1) * p;
      return sorted[Math.floor(h)] + (h - Math.floor(h)) * ((sorted[Math.ceil(h)] ?? 0) - sorted[Math.floor(h)]);
    };
    const segment = Array.from({ length: 2001 }, (_, i) => ['a', 'b', 'c'][i % 3]);
    const value = Float64Array.from({ length: 2001 }, (_, i) => (i % 97 === 0 ? NaN : 50 * noise(i) ** 3 + (i === 10 ? 900 : 0) - (i === 11 ? 400 : 0)));
    const { boxes, outliers } = boxSummaries(segment, value);
    expect(boxes.map((b) => b.segment).sort()).toEqual(['a', 'b', 'c']);
    for (const box of boxes) {
      const mine = Array.from(value).filter((v, i) => segment[i] === box.segment && !Number.isNaN(v));
      const [q1, median, q3] = [0.25, 0.5, 0.75].map((p) => r7(mine, p));
      expect([box.q1, box.median, box.q3]).toEqual([q1, median, q3]);
      const inside = mine.filter((v) => v >= q1 - 1.5 * (q3 - q1) && v <= q3 + 1.5 * (q3 - q1));
      expect([box.lo, box.hi]).toEqual([Math.min(...inside), Math.max(...inside)]);
      expect(outliers.filter((o) => o.segment === box.segment).map((o) => o.value).sort((x, y) => x - y))
        .toEqual(mine.filter((v) => v < box.lo || v > box.hi).sort((x, y) => x - y));
    }
    expect(outliers.map((o) => o.value)).toEqual(expect.arrayContaining([900 + 50 * noise(10) ** 3]));
  });

  it('sorts silhouette bars within each segment and marks the mean', async () => {
    const n = 90;
    const segment = Array.from({ length: n }, (_, i) => (i % 3) + 1);
    const silhouette = Array.from({ length: n }, (_, i) => noise(i) * 1.2 - 0.2);
    const chart = silhouettePlotChart({ segment, silhouette, labels: ['loyal', 'new', 'lapsed'], mean: 0.35 }, { document });
    const rects = [...chart.querySelectorAll('rect')].filter((r) => r.getAttribute('fill') !== 'none');
    expect(rects.length).toBe(n);
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['loyal', 'new', 'lapsed']));
    await expectSvgSnapshot('silhouette-plot', chart);
  });

  it('draws a large silhouette plot as one area per segment instead of a bar per row', async () => {
    const n = 3000;
    const segment = Array.from({ length: n }, (_, i) => (i % 3) + 1);
    const silhouette = Array.from({ length: n }, (_, i) => noise(i) * 1.2 - 0.2);
    const chart = silhouettePlotChart({ segment, silhouette, labels: ['loyal', 'new', 'lapsed'], mean: 0.35 }, { document });
    expect([...chart.querySelectorAll('rect')].filter((r) => r.getAttribute('fill') !== 'none').length).toBe(0);
    const areas = [...chart.querySelectorAll('path')].filter((p) => (p.getAttribute('fill') ?? 'none') !== 'none');
    expect(areas.length).toBe(3);
    await expectSvgSnapshot('silhouette-plot-large', chart);
  });

  it('draws each sweep metric against k with the recommended k marked', async () => {
    for (const metric of SWEEP_METRICS) {
      await expectSvgSnapshot(`metric-lines-${metric.key}`, metricLinesChart(SWEEP, metric, { document }));
    }
    expect(describeMetric(SWEEP, SWEEP_METRICS[1])).toBe('Silhouette against k (higher is better): k=2: 0.41, k=3: 0.47, k=4: 0.52, k=5: 0.44, k=6: 0.39.');
  });
});

describe('chart cell', () => {
  const spec = (patch: Partial<ChartSpec>): ChartSpec => ({ mark: 'dot', x: 'month', y: 'spend', color: null, facet: null, ...patch });

  it('draws every mark deterministically', async () => {
    const cases: Array<[string, ChartSpec]> = [
      ['dot', spec({ color: 'segment' })],
      ['bar', spec({ mark: 'bar', x: 'segment', color: 'channel' })],
      ['bar-count', spec({ mark: 'bar', x: 'channel', y: null })],
      ['line', spec({ mark: 'line', color: 'segment' })],
      ['area', spec({ mark: 'area' })],
      ['box', spec({ mark: 'box', x: 'segment' })],
      ['cell', spec({ mark: 'cell', x: 'segment', y: 'channel', color: 'spend' })],
      ['facet', spec({ mark: 'bar', x: 'segment', facet: 'channel' })],
    ];
    for (const [name, s] of cases) {
      const first = normaliseSvg(chartCellPlot(s, TABLE, { document }));
      expect(normaliseSvg(chartCellPlot(s, TABLE, { document })), name).toBe(first);
      await expectSvgSnapshot(`chart-cell-${name}`, chartCellPlot(s, TABLE, { document }));
    }
  });

  it('says which column to pick when a chart cannot be drawn', () => {
    expect(() => chartCellPlot(spec({ x: '' }), TABLE, { document })).toThrow('choose a column for x');
    expect(() => chartCellPlot(spec({ mark: 'box', y: null }), TABLE, { document })).toThrow('a box plot needs a column for y');
    expect(() => chartCellPlot(spec({ y: 'gone' }), TABLE, { document })).toThrow('the y column "gone" is not in the table any more: choose another');
    const many: ChartData = { length: 13, columns: { x: Float64Array.from({ length: 13 }, (_, i) => i), f: Array.from({ length: 13 }, (_, i) => `f${i}`) } };
    expect(() => chartCellPlot({ mark: 'dot', x: 'x', y: null, color: null, facet: 'f' }, many, { document })).toThrow('the facet column "f" has 13 values; choose one with at most 12');
  });

  it('reads the chosen columns and samples the same rows every time above the limit', async () => {
    const columns = await describeTable(db, 'big');
    const s = spec({ x: 'day', y: 'amount', color: 'grp' });
    const first = await readChartRows(db, 'big', s, columns);
    const second = await readChartRows(db, 'big', s, columns);
    expect(first.total).toBe(60000);
    expect(first.data.length).toBe(CHART_ROW_LIMIT);
    expect(second.data.columns.amount).toEqual(first.data.columns.amount);
    expect(first.data.columns.day[0]).toBeInstanceOf(Date);
    expect(first.data.columns.amount).toBeInstanceOf(Float64Array);
    expect(new Set<unknown>(first.data.columns.grp)).toEqual(new Set(['group 0', 'group 1', 'group 2', 'group 3']));
    await expect(readChartRows(db, 'big', spec({ x: 'nope' }), columns)).rejects.toThrow('column "nope" is not in table "big": choose another');
  });
});

describe('chart downloads', () => {
  it('writes a standalone SVG with inlined colours and the legend redrawn as SVG', async () => {
    const chart = chartCellPlot({ mark: 'dot', x: 'month', y: 'spend', color: 'segment', facet: null }, TABLE, { document });
    expect(chart.tagName.toLowerCase()).toBe('figure');
    const file = standaloneSvg(chart, { text: 'rgb(20, 20, 20)', background: 'rgb(255, 255, 255)' });
    expect(file.text).not.toMatch(/currentcolor/i);
    const parsed = new JSDOM(file.text, { contentType: 'image/svg+xml' }).window.document;
    expect(parsed.querySelector('parsererror')).toBeNull();
    const root = parsed.documentElement;
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.firstElementChild?.getAttribute('fill')).toBe('rgb(255, 255, 255)');
    expect([...root.querySelectorAll(':scope > g > text')].map((t) => t.textContent)).toEqual(['S1', 'S2', 'S3']);
    expect(file.width).toBe(640);
    expect(file.height).toBeGreaterThan(320);
    // The snapshot helper serialises as HTML, so the file goes back through an HTML parser.
    const holder = document.createElement('div');
    holder.innerHTML = file.text.replace(/^<\?xml[^>]*>/, '');
    await expectSvgSnapshot('download-with-legend', holder.querySelector('svg')!);
  });

  it('names files after the chart', () => {
    expect(chartFileName('Segment sizes of segments', 'png')).toBe('segment-sizes-of-segments.png');
    expect(chartFileName('', 'svg')).toBe('chart.svg');
  });
});
