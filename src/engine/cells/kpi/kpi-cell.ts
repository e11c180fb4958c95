import type { Database } from '../../../db/database.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import { comparableKey } from '../../join-keys.ts';
import { kpiRowsSql, kpiTableSql, type KpiPeriod } from './kpi-sql.ts';
import type { KpiCell } from './model.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { compareSegmentLabels, NO_SEGMENT, sortSegmentLabels } from '../../segment-labels.ts';
import { checkSegmentCount, requireColumn, tableColumns } from '../../table-checks.ts';
import { isNumericType } from '../../../db/column-types.ts';
import { SettingsError } from '../settings-error.ts';

/** More segments than this make the lines unreadable; such a column is not a segmentation. */
const MAX_SEGMENTS = 30;

const TEMPORAL = /^(DATE|TIMESTAMP)/i;

/** The KPI table as columns, one entry per segment and period, ordered by segment then period. */
export interface KpiSeries {
  segment: string[];
  /** YYYY-MM-DD, the first day of the period. */
  period: string[];
  active: number[];
  revenue: number[];
  /** NULL in the first period, and after a period in which the segment had nobody active. */
  retention: Array<number | null>;
}

/** One segment's figures for the caption and the summary table. */
export interface KpiSegmentFigures {
  segment: string;
  /** Active customers and revenue in the last period. */
  lastActive: number;
  lastRevenue: number;
  lastRetention: number | null;
  totalRevenue: number;
  /** The mean over the periods that have a retention. */
  meanRetention: number | null;
}

/** What a finished kpi cell found, for its view. */
export interface KpiSummary {
  period: KpiPeriod;
  segments: string[];
  periods: string[];
  series: KpiSeries;
  figures: KpiSegmentFigures[];
  /** Customers with transactions whom the segments table does not label. */
  unsegmented: number;
}

export interface KpiResult {
  kind: 'kpi';
  kpi: KpiSummary;
}

/** Writes active customers, revenue and retention per segment and period (see kpiTableSql). */
export async function runKpiCell(cell: KpiCell, ctx: CellContext): Promise<CellOutcome<KpiResult>> {
  const { db, signal } = ctx;
  const txColumns = await tableColumns(db, cell.input, 'transactions table');
  const customer = requireColumn(txColumns, cell.input, cell.customer, 'customer column');
  const date = requireColumn(txColumns, cell.input, cell.date, 'date column');
  if (!TEMPORAL.test(date.type)) {
    throw new SettingsError(`the date column "${cell.date}" of "${cell.input}" is ${date.type}, not a date: pick a DATE or TIMESTAMP column, or convert it in an SQL cell with CAST(... AS DATE)`);
  }
  await checkAmount(db, cell);
  const segColumns = await tableColumns(db, cell.segments, 'segments table');
  const key = requireColumn(segColumns, cell.segments, cell.segmentKey, 'customer key column');
  requireColumn(segColumns, cell.segments, cell.segmentColumn, 'segment column');
  if (cell.period !== 'month' && cell.period !== 'week') throw new SettingsError(`the period must be month or week: ${String(cell.period)}`);
  await checkSegmentCount(db, cell.segments, cell.segmentColumn, MAX_SEGMENTS, signal);

  const customerKey = comparableKey(cell.customer, customer.type, key.type);
  const segmentKey = comparableKey(cell.segmentKey, key.type, customer.type);
  const [match] = await db.query(
    `WITH c AS (SELECT DISTINCT ${customerKey} AS k FROM ${quoteIdentifier(cell.input)} WHERE ${customerKey} IS NOT NULL AND ${quoteIdentifier(cell.date)} IS NOT NULL)
     SELECT count(*) AS customers, count(*) FILTER (WHERE k NOT IN (SELECT ${segmentKey} FROM ${quoteIdentifier(cell.segments)} WHERE ${segmentKey} IS NOT NULL)) AS unsegmented FROM c`,
    { signal },
  );
  const customers = Number(match.customers);
  const unsegmented = Number(match.unsegmented);
  if (customers === 0) throw new SettingsError(`"${cell.input}" has no rows with both a customer ("${cell.customer}") and a date ("${cell.date}")`);
  if (unsegmented === customers) {
    throw new SettingsError(`none of the ${customers.toLocaleString('en')} customers in "${cell.input}" has a row in "${cell.segments}": check that "${cell.customer}" and "${cell.segmentKey}" hold the same ids`);
  }

  await db.exec(
    kpiTableSql({
      output: cell.name, input: cell.input, customerKey, date: cell.date, amount: cell.amount,
      segments: cell.segments, segmentKey, segmentColumn: cell.segmentColumn, period: cell.period,
    }),
    { signal },
  );
  const summary = summarise(await db.query(kpiRowsSql(cell.name), { signal }), cell.period, unsegmented);
  const notes: string[] = [];
  if (unsegmented > 0) {
    notes.push(`${unsegmented.toLocaleString('en')} of ${customers.toLocaleString('en')} customers have no row in "${cell.segments}"; they are counted as "${NO_SEGMENT}"`);
  }
  const [dup] = await db.query(
    `SELECT count(*) AS n FROM (SELECT ${segmentKey} FROM ${quoteIdentifier(cell.segments)} WHERE ${segmentKey} IS NOT NULL GROUP BY 1 HAVING count(DISTINCT ${quoteIdentifier(cell.segmentColumn)}) > 1)`,
    { signal },
  );
  if (Number(dup.n) > 0) {
    notes.push(`${Number(dup.n).toLocaleString('en')} customers have more than one segment in "${cell.segments}"; each keeps the first label in sort order`);
  }
  return { rowCount: summary.series.segment.length, notes, result: { kind: 'kpi', kpi: summary } };
}

async function checkAmount(db: Database, cell: KpiCell): Promise<void> {
  if (!cell.amount.trim()) throw new SettingsError(`choose the amount: a column of "${cell.input}" or an expression such as quantity * unit_price`);
  let rows;
  try {
    rows = await db.query(`DESCRIBE SELECT (${cell.amount}) AS amount FROM ${quoteIdentifier(cell.input)}`);
  } catch (e) {
    throw new SettingsError(`the amount ${cell.amount} is not an expression over "${cell.input}": ${e instanceof Error ? e.message : String(e)}`);
  }
  const type = String(rows[0]?.column_type ?? '');
  if (!isNumericType(type)) throw new SettingsError(`the amount ${cell.amount} is ${type}, not a number: pick a numeric column or expression`);
}

function summarise(rows: Array<Record<string, unknown>>, period: KpiPeriod, unsegmented: number): KpiSummary {
  const order = sortSegmentLabels(rows.map((r) => String(r.segment)));
  const sorted = [...rows].sort((a, b) => compareSegmentLabels(String(a.segment), String(b.segment)) || String(a.period).localeCompare(String(b.period)));
  const series: KpiSeries = { segment: [], period: [], active: [], revenue: [], retention: [] };
  for (const r of sorted) {
    series.segment.push(String(r.segment));
    series.period.push(String(r.period));
    series.active.push(Number(r.active_customers));
    series.revenue.push(Number(r.revenue));
    series.retention.push(r.retention === null ? null : Number(r.retention));
  }
  const periods = [...new Set(series.period)].sort();
  const figures = order.map((segment): KpiSegmentFigures => {
    const at = series.segment.flatMap((s, i) => (s === segment ? [i] : []));
    const last = at[at.length - 1];
    const retained = at.map((i) => series.retention[i]).filter((v): v is number => v !== null);
    return {
      segment,
      lastActive: series.active[last],
      lastRevenue: series.revenue[last],
      lastRetention: series.retention[last],
      totalRevenue: at.reduce((sum, i) => sum + series.revenue[i], 0),
      meanRetention: retained.length ? retained.reduce((a, b) => a + b, 0) / retained.length : null,
    };
  });
  return { period, segments: order, periods, series, figures, unsegmented };
}
