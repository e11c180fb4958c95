import type { Database } from '../db/database.ts';
import { describeTable } from '../db/catalog.ts';
import type { FeatureMatrix } from '../ml/matrix.ts';
import { quoteIdentifier } from '../db/sql-quote.ts';
import type { ProfileCell } from './cells/profile/model.ts';
import { isNumericType } from '../db/column-types.ts';
import { SettingsError } from './cells/settings-error.ts';
const MAX_SEGMENTS = 100;

export interface SegmentMeans {
  segments: string[];
  /** Customers per segment. */
  sizes: number[];
  attributes: string[];
  /** Segments x attributes: the mean z-score of each attribute in each segment. */
  means: FeatureMatrix;
  notes: string[];
}

/**
 * Each segment's mean of each attribute, after z-scoring the attribute over all customers with
 * a segment, so that ratings on different scales weigh the same. Missing and non-finite values
 * are left out of both the z-score and the mean.
 */
export async function segmentMeans(db: Database, cell: ProfileCell, signal?: AbortSignal): Promise<SegmentMeans> {
  if (!cell.input) throw new SettingsError(`choose an input table for "${cell.name}"`);
  const described = await describeTable(db, cell.input).catch(() => {
    throw new SettingsError(`the input table "${cell.input}" does not exist: run the cell that makes it, or pick another input`);
  });
  const typeOf = new Map(described.map((c) => [c.name, c.type]));
  for (const column of [cell.segmentColumn, ...cell.attributes]) {
    if (!typeOf.has(column)) {
      throw new SettingsError(`the table "${cell.input}" has no column "${column}"; its columns are ${described.map((c) => c.name).join(', ')}`);
    }
  }
  for (const column of cell.attributes) {
    if (!isNumericType(typeOf.get(column)!)) {
      throw new SettingsError(`attribute "${column}" is ${typeOf.get(column)}, not a number: a perceptual map needs ratings or other numbers`);
    }
  }
  const segment = quoteIdentifier(cell.segmentColumn);
  const values = cell.attributes.map((a, j) => `CASE WHEN isfinite(${quoteIdentifier(a)}::DOUBLE) THEN ${quoteIdentifier(a)}::DOUBLE END AS "a${j}"`);
  const z = cell.attributes.map((_, j) => `("a${j}" - avg("a${j}") OVER ()) / nullif(stddev_pop("a${j}") OVER (), 0) AS "z${j}"`);
  const means = cell.attributes.map((_, j) => `avg("z${j}") AS "m${j}"`);
  const rows = await db.query(
    `WITH base AS (SELECT ${segment} AS s, ${values.join(', ')} FROM ${quoteIdentifier(cell.input)} WHERE ${segment} IS NOT NULL),
      scored AS (SELECT s, ${z.join(', ')} FROM base)
    SELECT CAST(s AS VARCHAR) AS segment, count(*) AS n, ${means.join(', ')} FROM scored GROUP BY s ORDER BY s LIMIT ${MAX_SEGMENTS + 1}`,
    { signal },
  );
  if (rows.length > MAX_SEGMENTS) {
    throw new SettingsError(`column "${cell.segmentColumn}" has more than ${MAX_SEGMENTS} distinct values, too many for a segment column: pick the column of segment labels`);
  }
  if (rows.length < 2) throw new SettingsError(`column "${cell.segmentColumn}" holds fewer than 2 segments: a perceptual map compares segments`);
  const d = cell.attributes.length;
  const data = new Float64Array(rows.length * d);
  const blank = new Set<string>();
  rows.forEach((row, i) => {
    for (let j = 0; j < d; j++) {
      const v = row[`m${j}`];
      // A constant attribute has no z-score; at 0 it sits at the centre for every segment.
      if (v === null) blank.add(cell.attributes[j]);
      data[i * d + j] = v === null ? 0 : Number(v);
    }
  });
  const notes = blank.size
    ? [`${[...blank].join(', ')} had no spread (or no values) in some segment, so those means sit at the centre.`]
    : [];
  return {
    segments: rows.map((r) => String(r.segment)),
    sizes: rows.map((r) => Number(r.n)),
    attributes: [...cell.attributes],
    means: { data, n: rows.length, d },
    notes,
  };
}
