import { DataType } from 'apache-arrow';
import { tableFromStreams } from '../db/arrow-streams.ts';
import type { Database } from '../db/database.ts';
import { quoteIdentifier } from '../db/sql-quote.ts';
import type { ColumnSpec } from '../engine/workbook.ts';
import type { ChartColumn, ChartData, ChartSpec } from './chart-cell-plot.ts';
import { isNumericType } from '../db/column-types.ts';

/** Rows a chart draws at most; bigger tables are sampled. */
export const CHART_ROW_LIMIT = 50_000;

export interface ChartRows {
  data: ChartData;
  /** Rows in the table; more than data.length when it was sampled. */
  total: number;
}

const TIME = /^(DATE|TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?)$/;

export type ColumnKind = 'number' | 'time' | 'text';

export function columnKind(type: string): ColumnKind {
  return isNumericType(type) ? 'number' : TIME.test(type) ? 'time' : 'text';
}

/**
 * The columns a chart uses, as whole columns rather than row objects. Numbers come as doubles
 * (NaN where missing), dates and timestamps as Dates, anything else as text. Above
 * CHART_ROW_LIMIT rows, a sample is drawn: the rows with the smallest hash of their contents, so
 * the same table always gives the same chart.
 */
export async function readChartRows(db: Database, table: string, spec: ChartSpec, columns: ColumnSpec[], signal?: AbortSignal): Promise<ChartRows> {
  const used = [...new Set([spec.x, spec.y, spec.color, spec.facet].filter((c): c is string => !!c))];
  const kinds = new Map(used.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`column "${name}" is not in table "${table}": choose another`);
    return [name, columnKind(column.type)] as const;
  }));
  const source = quoteIdentifier(table);
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${source}`, { signal });
  const total = Number(n);
  const from = total > CHART_ROW_LIMIT
    ? `(SELECT * FROM ${source} AS __row ORDER BY hash(__row) LIMIT ${CHART_ROW_LIMIT})`
    : source;
  const select = used.map((name, i) => {
    const c = quoteIdentifier(name);
    const kind = kinds.get(name);
    const value = kind === 'number' ? `CAST(${c} AS DOUBLE)` : kind === 'time' ? `CAST(epoch_ms(CAST(${c} AS TIMESTAMP)) AS DOUBLE)` : `CAST(${c} AS VARCHAR)`;
    return `${kind === 'text' ? value : `coalesce(${value}, 'NaN'::DOUBLE)`} AS c${i}`;
  });
  const table_ = tableFromStreams(await db.queryArrowIPC(`SELECT ${select.join(', ') || '1 AS c'} FROM ${from}`, { signal }));
  const out: Record<string, ChartColumn> = {};
  used.forEach((name, i) => {
    const vector = table_.getChild(`c${i}`);
    if (!vector) return;
    if (DataType.isFloat(vector.type)) {
      const values = Float64Array.from(vector.toArray());
      out[name] = kinds.get(name) === 'time' ? Array.from(values, (t) => (Number.isNaN(t) ? null : new Date(t))) : values;
    } else {
      out[name] = Array.from(vector, (v) => (v === null || v === undefined ? null : String(v)));
    }
  });
  return { data: { length: table_.numRows, columns: out }, total };
}
