import type { Database } from '../db/database.ts';
import { quoteIdentifier } from '../db/sql-quote.ts';
import type { BoxData } from './box-plot.ts';
import type { SnakeData } from './snake-plot.ts';

/**
 * Each segment's mean of each feature, in standard deviations from the mean of all segmented
 * rows (population standard deviation). A feature that does not vary is 0 everywhere.
 */
export async function readSnakeData(db: Database, table: string, segmentColumn: string, features: string[], signal?: AbortSignal): Promise<SnakeData> {
  const t = quoteIdentifier(table);
  const s = quoteIdentifier(segmentColumn);
  const stats = features.map((f, i) => `avg(${quoteIdentifier(f)}::DOUBLE) AS m${i}, stddev_pop(${quoteIdentifier(f)}::DOUBLE) AS s${i}`);
  const means = features.map((f, i) => `coalesce(avg((${quoteIdentifier(f)}::DOUBLE - m${i}) / nullif(s${i}, 0)), 0) AS z${i}`);
  const rows = await db.query(
    `WITH segmented AS (SELECT * FROM ${t} WHERE ${s} IS NOT NULL), stats AS (SELECT ${stats.join(', ')} FROM segmented) ` +
      `SELECT CAST(${s} AS VARCHAR) AS segment, ${means.join(', ')} FROM segmented, stats GROUP BY ${s} ORDER BY ${s}`,
    // A chart: the notebook's cells, which may be running, go first.
    { signal, background: true },
  );
  const out = new Float64Array(rows.length * features.length);
  rows.forEach((row, r) => features.forEach((_, i) => (out[r * features.length + i] = Number(row[`z${i}`]))));
  return { features, segments: rows.map((r) => String(r.segment)), means: out };
}

/**
 * Rows a box plot is drawn from; above it, a fixed sample (the same rows every time). Plot's box
 * mark sorts every segment's values and draws each outlier: 50,000 rows held the page's main
 * thread for 117 ms, and the quartiles of 10,000 sampled rows are within a percent or two.
 */
export const BOX_ROW_LIMIT = 10_000;

/** One feature's values with each row's segment, and how many rows have both. */
export async function readBoxData(db: Database, table: string, segmentColumn: string, feature: string, signal?: AbortSignal): Promise<BoxData> {
  const s = quoteIdentifier(segmentColumn);
  const f = quoteIdentifier(feature);
  const columns = await db.queryColumns(
    `SELECT CAST(${s} AS DOUBLE) AS segment, CAST(${f} AS DOUBLE) AS value, CAST(count(*) OVER () AS DOUBLE) AS total FROM ${quoteIdentifier(table)} AS __row ` +
      `WHERE ${s} IS NOT NULL AND ${f} IS NOT NULL ORDER BY hash(__row) LIMIT ${BOX_ROW_LIMIT}`,
    // A chart: the notebook's cells, which may be running, go first.
    { signal, background: true },
  );
  const value = columns.value ?? new Float64Array();
  return { feature, segment: Array.from(columns.segment ?? [], String), value, total: columns.total?.[0] ?? value.length };
}
