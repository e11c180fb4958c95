import type { Database, QueryOptions, Row } from './database.ts';
import { isNumericType } from './column-types.ts';
import { whereClause, type GridColumn } from './grid-filter.ts';
import { quoteIdentifier } from './sql-quote.ts';

export interface GridSort {
  column: string;
  direction: 'asc' | 'desc';
}

/** How a person has arranged a result grid: one sorted column and a filter text per column. */
export interface GridView {
  sort: GridSort | null;
  filters: Readonly<Record<string, string>>;
}

export const PLAIN_VIEW: GridView = { sort: null, filters: {} };

/** Bars in a numeric column's mini histogram. */
export const BINS = 12;
/** Values listed for a text column. */
export const TOP_VALUES = 3;
/**
 * Above this many rows, histograms and top values come from a sample of this many rows. Over the
 * whole of a 10M-row table they cost seconds per column on duckdb-wasm's one thread, and the
 * notebook's own cells waited behind them. Row and null counts stay exact. A bar of the twelve
 * holds its share within about half a percentage point at 20,000 rows; at 200,000 each 1M-row
 * table's sample took 0.65 s in the tab, and a cell's queries that came behind it waited that
 * long (20,000 rows: about a tenth of it, measured in native DuckDB on one thread).
 */
export const DISTRIBUTION_SAMPLE_ROWS = 20_000;

export interface ColumnStats {
  column: string;
  /** Rows the filters keep. */
  rows: number;
  nulls: number;
  /** nulls / rows; 0 for no rows. */
  nullShare: number;
  distribution:
    | { kind: 'histogram'; min: number; max: number; counts: number[] }
    | { kind: 'top'; values: Array<{ value: string; count: number }>; others: number }
    | { kind: 'none' };
  /** Rows the distribution was counted on when it comes from a sample; null when from every row. */
  sampledRows: number | null;
}

/**
 * The order: the sorted column first, nulls last either way, then every column in turn so that
 * ties fall the same way on every page and a row never shows twice or not at all.
 */
function orderBy(columns: readonly GridColumn[], sort: GridSort | null): string {
  if (!sort) return '';
  if (!columns.some((c) => c.name === sort.column)) throw new Error(`no column "${sort.column}" to sort by`);
  const ties = columns.filter((c) => c.name !== sort.column).map((c) => `${quoteIdentifier(c.name)} NULLS LAST`);
  return ` ORDER BY ${[`${quoteIdentifier(sort.column)} ${sort.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`, ...ties].join(', ')}`;
}

function checkPage(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`page offset must be a whole number ≥ 0: ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`page size must be a whole number ≥ 0: ${limit}`);
}

/** One page of the sorted, filtered rows. Without a sort, rows keep the table's own order. */
export function gridPageSql(table: string, columns: readonly GridColumn[], view: GridView, page: { offset: number; limit: number }): string {
  checkPage(page.offset, page.limit);
  const where = whereClause(columns, view.filters);
  return `SELECT * FROM ${quoteIdentifier(table)}${where ? ` ${where}` : ''}${orderBy(columns, view.sort)} LIMIT ${page.limit} OFFSET ${page.offset}`;
}

/** How many rows the filters keep. */
export function gridCountSql(table: string, columns: readonly GridColumn[], view: GridView): string {
  const where = whereClause(columns, view.filters);
  return `SELECT count(*) AS n FROM ${quoteIdentifier(table)}${where ? ` ${where}` : ''}`;
}

/** Rows, non-null counts and, for numbers, the range of each column, in one scan. */
export function columnSummarySql(table: string, columns: readonly GridColumn[], view: GridView): string {
  const where = whereClause(columns, view.filters);
  const parts = ['count(*) AS n'];
  columns.forEach((c, i) => {
    const col = quoteIdentifier(c.name);
    parts.push(`count(${col}) AS c${i}`);
    if (isNumericType(c.type)) parts.push(`CAST(min(${col}) AS DOUBLE) AS lo${i}`, `CAST(max(${col}) AS DOUBLE) AS hi${i}`);
  });
  return `SELECT ${parts.join(', ')} FROM ${quoteIdentifier(table)}${where ? ` ${where}` : ''}`;
}

/** A finite number for SQL text; the range came back from DuckDB as a double. */
function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

/**
 * Every column's distribution in one query, one row per bar or value: numbers in BINS equal bins
 * from min to max (the max in the last bin), other columns their TOP_VALUES commonest values.
 */
export function distributionSql(
  table: string, columns: readonly GridColumn[], view: GridView, ranges: ReadonlyMap<number, { min: number; max: number }>, sample: number | null = null,
): string | null {
  const where = whereClause(columns, view.filters);
  // Sampled: one seeded sample of the kept rows, read by every column's part.
  const from = sample === null ? quoteIdentifier(table) : 'kept';
  const filter = sample === null ? where : '';
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const col = quoteIdentifier(c.name);
    const keep = `${filter ? `${filter} AND` : 'WHERE'} ${col} IS NOT NULL`;
    if (isNumericType(c.type)) {
      const range = ranges.get(i);
      if (!range || !Number.isFinite(range.min) || !Number.isFinite(range.max)) return;
      const width = (range.max - range.min) / BINS;
      const bin = width > 0 ? `least(${BINS - 1}, greatest(0, CAST(floor((CAST(${col} AS DOUBLE) - ${num(range.min)}) / ${num(width)}) AS INTEGER)))` : '0';
      parts.push(`SELECT ${i} AS col, ${bin} AS bin, CAST(NULL AS VARCHAR) AS value, count(*) AS n FROM ${from} ${keep} GROUP BY 2`);
    } else {
      parts.push(`SELECT * FROM (SELECT ${i} AS col, CAST(NULL AS INTEGER) AS bin, CAST(${col} AS VARCHAR) AS value, count(*) AS n FROM ${from} ${keep} GROUP BY 3 ORDER BY n DESC, value LIMIT ${TOP_VALUES})`);
      // The sample's non-null count, to read each value's share of the sample.
      if (sample !== null) parts.push(`SELECT ${i} AS col, -1 AS bin, CAST(NULL AS VARCHAR) AS value, count(${col}) AS n FROM ${from}`);
    }
  });
  if (!parts.length) return null;
  const union = parts.join('\nUNION ALL\n');
  if (sample === null) return union;
  const rows = `SELECT * FROM ${quoteIdentifier(table)}${where ? ` ${where}` : ''}`;
  return `WITH kept AS MATERIALIZED (SELECT * FROM (${rows}) USING SAMPLE reservoir(${sample} ROWS) REPEATABLE (1))\n${union}`;
}

/** One page of rows as arranged in `view`; a filter that cannot be read rejects with a FilterError. */
export async function readGridPage(db: Database, table: string, columns: readonly GridColumn[], view: GridView, page: { offset: number; limit: number }, options?: QueryOptions): Promise<Row[]> {
  return db.query(gridPageSql(table, columns, view, page), options);
}

export async function countGridRows(db: Database, table: string, columns: readonly GridColumn[], view: GridView, options?: QueryOptions): Promise<number> {
  const [{ n }] = await db.query(gridCountSql(table, columns, view), options);
  return Number(n);
}

/** Type, null share and distribution of each column over the rows the filters keep: two queries. */
export async function readColumnStats(db: Database, table: string, columns: readonly GridColumn[], view: GridView, options?: QueryOptions): Promise<ColumnStats[]> {
  if (!columns.length) return [];
  const [summary] = await db.query(columnSummarySql(table, columns, view), options);
  const rows = Number(summary.n);
  const ranges = new Map<number, { min: number; max: number }>();
  columns.forEach((c, i) => {
    const [lo, hi] = [summary[`lo${i}`], summary[`hi${i}`]];
    if (typeof lo === 'number' && typeof hi === 'number') ranges.set(i, { min: lo, max: hi });
  });
  const sample = rows > DISTRIBUTION_SAMPLE_ROWS ? DISTRIBUTION_SAMPLE_ROWS : null;
  const sql = rows > 0 ? distributionSql(table, columns, view, ranges, sample) : null;
  const bars = sql ? await db.query(sql, options) : [];
  return columns.map((c, i): ColumnStats => {
    const all = bars.filter((b) => Number(b.col) === i);
    const sampleCount = all.find((b) => Number(b.bin) === -1);
    const mine = all.filter((b) => b !== sampleCount);
    // Sampled, a value's count is its count in the sample, out of the sample's non-null rows.
    const nonNull = sampleCount ? Number(sampleCount.n) : Number(summary[`c${i}`]);
    const range = ranges.get(i);
    let distribution: ColumnStats['distribution'] = { kind: 'none' };
    if (isNumericType(c.type) && range) {
      const counts = new Array<number>(BINS).fill(0);
      for (const b of mine) counts[Number(b.bin)] += Number(b.n);
      distribution = { kind: 'histogram', min: range.min, max: range.max, counts };
    } else if (!isNumericType(c.type) && mine.length) {
      const values = mine.map((b) => ({ value: String(b.value), count: Number(b.n) }));
      distribution = { kind: 'top', values, others: nonNull - values.reduce((s, v) => s + v.count, 0) };
    }
    const nulls = rows - Number(summary[`c${i}`]);
    return { column: c.name, rows, nulls, nullShare: rows ? nulls / rows : 0, distribution, sampledRows: sample };
  });
}
