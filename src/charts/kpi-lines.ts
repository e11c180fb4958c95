import * as Plot from '@observablehq/plot';
import type { KpiSeries, KpiSummary } from '../engine/cells/kpi/kpi-cell.ts';
import { DEFAULT_WIDTH } from './chart-style.ts';
import { segmentColorScale } from './segment-colors.ts';

export type KpiMetric = 'active' | 'revenue' | 'retention';

export const KPI_METRIC_LABEL: Record<KpiMetric, string> = {
  active: 'Active customers',
  revenue: 'Revenue',
  retention: 'Retention (%)',
};

export interface KpiChartOptions {
  /** The document to draw in; Node tests pass a jsdom one. */
  document?: Document;
  width?: number;
  height?: number;
  /** With few monthly periods, one tick per month reads better than Plot's default ticks. */
  period?: 'month' | 'week';
}

const MONTH_TICKS_UP_TO = 14;

/** Dots on the lines help read a few periods; on many they only clutter. */
const MAX_DOTTED_PERIODS = 36;

/**
 * One KPI by period as a line per segment. Each metric gets its own chart because the three
 * have nothing in common on the y axis. Retention has gaps where it is undefined (the first
 * period, and after a period in which the segment had nobody active).
 */
export function kpiLineChart(series: KpiSeries, segments: string[], metric: KpiMetric, options: KpiChartOptions = {}): Element {
  const n = series.segment.length;
  const data = { length: n };
  const x = series.period.map((p) => new Date(`${p}T00:00:00Z`));
  const y = metric === 'active' ? series.active : metric === 'revenue' ? series.revenue : series.retention;
  const periods = new Set(series.period).size;
  const channels = { x, y, z: series.segment, stroke: series.segment };
  const width = options.width ?? DEFAULT_WIDTH;
  // "Sep 2024" takes about 50 px at 11 px; a tick per month only while each has that room.
  const monthly = options.period === 'month' && periods <= Math.min(MONTH_TICKS_UP_TO, Math.floor((width - 88) / 62));
  return Plot.plot({
    document: options.document,
    width,
    height: options.height ?? 220,
    marginLeft: 56,
    // Room for Plot's two-line time ticks ("Jan" over "2024") at 11 px.
    marginBottom: 36,
    // Room for the last period's tick label, which is centred on the right edge.
    marginRight: 32,
    style: { background: 'transparent', color: 'currentColor', fontSize: '11px' },
    x: { label: null, type: 'utc', ...(monthly ? { ticks: 'month', tickFormat: '%b %Y' } : { ticks: Math.max(2, Math.floor((width - 88) / 80)) }) },
    y: metric === 'retention'
      ? { label: KPI_METRIC_LABEL.retention, grid: true, percent: true, domain: [0, 100] }
      : { label: KPI_METRIC_LABEL[metric], grid: true, zero: true },
    color: { ...segmentColorScale(segments), legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.line(data, { ...channels, strokeWidth: 1.75 }),
      ...(periods <= MAX_DOTTED_PERIODS ? [Plot.dot(data, { x, y, fill: series.segment, r: 2.5 })] : []),
    ],
  });
}

const count = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });
const percent = (share: number | null) => (share === null ? 'none' : `${(share * 100).toFixed(0)}%`);

/** The text alternative of a KPI chart: what it shows and the figures of the last period. */
export function kpiCaption(summary: KpiSummary, metric: KpiMetric): string {
  const first = summary.periods[0];
  const last = summary.periods.at(-1);
  const span = `per ${summary.period} from ${first} to ${last} (${summary.periods.length} periods), one line per segment`;
  const each = (pick: (f: KpiSummary['figures'][number]) => string) => summary.figures.map((f) => `${f.segment} ${pick(f)}`).join(', ');
  switch (metric) {
    case 'active':
      return `Active customers ${span}. In the ${summary.period} of ${last}: ${each((f) => count(f.lastActive))}.`;
    case 'revenue':
      return `Revenue ${span}. In the ${summary.period} of ${last}: ${each((f) => count(f.lastRevenue))}. In all: ${each((f) => count(f.totalRevenue))}.`;
    case 'retention':
      return `Retention, the share of the previous ${summary.period}'s active customers who are active again, ${span}. ` +
        `In the ${summary.period} of ${last}: ${each((f) => percent(f.lastRetention))}. Mean: ${each((f) => percent(f.meanRetention))}.`;
  }
}
