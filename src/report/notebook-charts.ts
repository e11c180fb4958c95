import { describeTable } from '../db/catalog.ts';
import type { Database } from '../db/database.ts';
import { chartCellPlot } from '../charts/chart-cell-plot.ts';
import { readChartRows } from '../charts/chart-data.ts';
import { kpiCaption, kpiLineChart, KPI_METRIC_LABEL, type KpiMetric } from '../charts/kpi-lines.ts';
import { matrixCaption, migrationMatrixChart } from '../charts/migration-matrix.ts';
import { profileHeatmap, profileHeatmapCaption } from '../charts/profile-heatmap.ts';
import { rfmGridCaption, rfmGridChart } from '../charts/rfm-grid.ts';
import { segmentSizesChart } from '../charts/segment-sizes.ts';
import { segmentValueBars, segmentValueCaption } from '../charts/segment-value-bars.ts';
import { targetingBubbles, targetingCaption } from '../charts/targeting-bubbles.ts';
import type { CellState } from '../engine/cell-state.ts';
import { personasFor } from '../engine/persona.ts';
import type { Cell } from '../engine/workbook.ts';
import { personaChartData } from './persona-charts.ts';
import type { ReportChart } from './persona-report.ts';

const KPI_METRICS: KpiMetric[] = ['active', 'revenue', 'retention'];

/** Serialised markup of a chart: an SVG, or Plot's figure holding its legend and SVG. */
function markup(chart: Element): string {
  return chart.outerHTML;
}

/**
 * The charts a cell's view draws, drawn again by the same builders in `document` (the page's, or
 * jsdom's in Node) for a notebook export. Cells that have not finished draw none. A chart cell
 * reads its rows again through the database; a chart that cannot be drawn is left out, since the
 * export shows the cell's error or settings anyway.
 */
export async function cellCharts(cell: Cell, state: CellState, db: Database, document: Document): Promise<ReportChart[]> {
  const options = { document };
  if (cell.kind === 'chart') return chartCellCharts(cell, db, document);
  const result = state.status === 'done' ? state.result : undefined;
  if (!result) return [];
  switch (result.kind) {
    case 'rfm': {
      const grid = result.rfm.grid;
      return [{ title: 'Customers by recency and frequency score', caption: rfmGridCaption(grid, 'customers'), svg: markup(rfmGridChart(grid, 'customers', options)) }];
    }
    case 'cluster':
      return [{
        title: 'Segment sizes',
        caption: `Rows per segment: ${result.sizes.map((s, i) => `segment ${i + 1}: ${s.toLocaleString('en')}`).join(', ')}.`,
        svg: markup(segmentSizesChart({ sizes: result.sizes }, options)),
      }];
    case 'profile': {
      if (cell.kind !== 'profile') return [];
      const personas = personasFor(result.profile, cell.playbook, cell.personas);
      const data = personaChartData(result.profile, personas, cell.targets);
      const out: ReportChart[] = [];
      if (data.heatmap) out.push({ title: 'Profile heatmap', caption: profileHeatmapCaption(data.heatmap), svg: markup(profileHeatmap(data.heatmap, options)) });
      if (data.targeting) out.push({ title: 'Targeting', caption: targetingCaption(data.targeting), svg: markup(targetingBubbles(data.targeting, options)) });
      if (data.bars) out.push({ title: 'Share of customers and of value', caption: segmentValueCaption(data.bars), svg: markup(segmentValueBars(data.bars, options)) });
      return out;
    }
    case 'kpi': {
      const kpi = result.kpi;
      if (!kpi.periods.length) return [];
      return KPI_METRICS.map((metric) => ({
        title: `${KPI_METRIC_LABEL[metric]} by ${kpi.period}`,
        caption: kpiCaption(kpi, metric),
        svg: markup(kpiLineChart(kpi.series, kpi.segments, metric, { period: kpi.period, document })),
      }));
    }
    case 'migration':
      if (cell.kind !== 'migration') return [];
      return [{ title: 'Transition matrix', caption: matrixCaption(result.migration, cell.before, cell.after), svg: markup(migrationMatrixChart(result.migration, options)) }];
    default:
      return [];
  }
}

async function chartCellCharts(cell: Extract<Cell, { kind: 'chart' }>, db: Database, document: Document): Promise<ReportChart[]> {
  if (!cell.x || !cell.input) return [];
  try {
    const rows = await readChartRows(db, cell.input, cell, await describeTable(db, cell.input));
    const chart = chartCellPlot(cell, rows.data, { document });
    const what = cell.y ? `${cell.y} against ${cell.x}` : `rows by ${cell.x}`;
    const title = cell.title || `${cell.mark} chart of ${cell.input}`;
    return [{ title, caption: `${cell.mark} chart of ${what}, from ${rows.data.length.toLocaleString('en')} rows of ${cell.input}.`, svg: markup(chart) }];
  } catch {
    return [];
  }
}
