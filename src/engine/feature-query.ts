import type { Database, QueryOptions } from '../db/database.ts';
import { type RawFeatures } from '../ml/preprocess.ts';
import { describeTable } from '../db/catalog.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import { isBooleanType, isFloatingType, isNumericType } from '../db/column-types.ts';
import { SettingsError } from './cells/settings-error.ts';
import { Random } from '../ml/random.ts';

export interface FeatureRequest {
  table: string;
  numeric: string[];
  /** Categorical columns; `categories` fixed by a fitted model, or the top `topN` by frequency. */
  categorical: Array<{ column: string; topN?: number; categories?: string[] }>;
  /** More columns to fetch alongside, as SQL expressions over the table (cast to DOUBLE, NULL → NaN). */
  extra?: Record<string, string>;
  /**
   * Only a seeded sample of `size` rows when the table has more: Random(seed).sample() of the
   * positions in the value order below, picked in SQL so that only they cross to the page.
   */
  sample?: { size: number; seed: number };
  /** Reads in the database's background lane, behind the cells' queries: for a chart. */
  background?: boolean;
  signal?: AbortSignal;
}

export interface FetchedFeatures {
  raw: RawFeatures;
  /** DuckDB rowid of each fetched row, to join results back to the table. */
  rowids: Float64Array;
  extra: Record<string, Float64Array>;
  /** Rows in the table: more than raw.n when a sample was read. */
  total: number;
}
/** More categories than this in a one-hot encoding would swamp the numeric features. */
const MAX_CATEGORIES = 50;

/**
 * Fetches feature columns as typed arrays, in an order that depends only on the table's values, checking them first so that each
 * problem gets a message naming the column: missing columns, text chosen as numeric, NaN or
 * Infinity. Categorical columns come back as codes of their top categories (0 for the rest).
 */
export async function fetchFeatures(db: Database, req: FeatureRequest): Promise<FetchedFeatures> {
  const table = quoteIdentifier(req.table);
  const options = { signal: req.signal, background: req.background };
  const columns = await describeTable(db, req.table, options).catch(() => {
    throw new SettingsError(`the input table "${req.table}" does not exist: run the cell that makes it, or pick another input`);
  });
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  for (const column of [...req.numeric, ...req.categorical.map((c) => c.column)]) {
    if (!typeOf.has(column)) {
      throw new SettingsError(`the table "${req.table}" has no column "${column}"; its columns are ${columns.map((c) => c.name).join(', ')}`);
    }
  }
  for (const column of req.numeric) {
    const type = typeOf.get(column)!;
    if (!(isNumericType(type) || isBooleanType(type))) {
      throw new SettingsError(`column "${column}" is ${type}, not a number: use it as a categorical feature, or convert it in a SQL cell`);
    }
  }
  await refuseNonFinite(db, req, typeOf, options);

  const categories = await Promise.all(
    req.categorical.map(async (c) => {
      if (c.categories) return c.categories;
      const topN = Math.max(1, Math.min(MAX_CATEGORIES, c.topN ?? 10));
      const col = quoteIdentifier(c.column);
      const rows = await db.query(
        `SELECT CAST(${col} AS VARCHAR) AS v FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, v LIMIT ${topN}`,
        options,
      );
      return rows.map((r) => String(r.v));
    }),
  );

  const selects = ['rowid::DOUBLE AS "__rowid"'];
  req.numeric.forEach((column, j) => selects.push(`coalesce(${quoteIdentifier(column)}::DOUBLE, 'NaN'::DOUBLE) AS "n${j}"`));
  req.categorical.forEach((c, j) => {
    const list = categories[j].length ? `[${categories[j].map(quoteLiteral).join(', ')}]` : '[]::VARCHAR[]';
    selects.push(`coalesce(list_position(${list}, CAST(${quoteIdentifier(c.column)} AS VARCHAR)), 0)::DOUBLE AS "c${j}"`);
  });
  for (const [alias, expression] of Object.entries(req.extra ?? {})) {
    selects.push(`coalesce((${expression})::DOUBLE, 'NaN'::DOUBLE) AS ${quoteIdentifier(`x_${alias}`)}`);
  }
  // Rows are taken in the order of their values, not their storage order: a SQL cell without
  // ORDER BY stores its rows in whatever order its threads finished, which differs between the
  // browser and native DuckDB, and k-means++ would then start from other rows.
  const order = [...columns.map((c) => quoteIdentifier(c.name)), 'rowid'].join(', ');
  let total: number | null = null;
  let picked: Int32Array | null = null;
  if (req.sample) {
    const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${table}`, options);
    total = Number(n);
    if (total > req.sample.size) picked = new Random(req.sample.seed).sample(total, req.sample.size);
  }
  const sql = picked
    ? `SELECT * EXCLUDE ("__pos") FROM (SELECT ${selects.join(', ')}, row_number() OVER (ORDER BY ${order}) - 1 AS "__pos" FROM ${table}) ` +
      `WHERE "__pos" IN (SELECT unnest([${picked.join(',')}])) ORDER BY "__pos"`
    : `SELECT ${selects.join(', ')} FROM ${table} ORDER BY ${order}`;
  const data = await db.queryColumns(sql, options);
  const rowids = data.__rowid;
  return {
    raw: {
      numeric: req.numeric.map((_, j) => data[`n${j}`]),
      categorical: req.categorical.map((_, j) => Int32Array.from(data[`c${j}`])),
      categories,
      n: rowids.length,
    },
    rowids,
    total: total ?? rowids.length,
    extra: Object.fromEntries(Object.keys(req.extra ?? {}).map((alias) => [alias, data[`x_${alias}`]])),
  };
}

async function refuseNonFinite(db: Database, req: FeatureRequest, typeOf: Map<string, string>, options: QueryOptions): Promise<void> {
  const floating = req.numeric.filter((c) => isFloatingType(typeOf.get(c)!));
  if (!floating.length) return;
  const counts = floating.map((c, j) => `count(*) FILTER (WHERE NOT isfinite(${quoteIdentifier(c)})) AS "b${j}"`).join(', ');
  const [row] = await db.query(`SELECT ${counts} FROM ${quoteIdentifier(req.table)}`, options);
  const bad = floating.map((c, j) => [c, Number(row[`b${j}`])] as const).filter(([, n]) => n > 0);
  if (bad.length) {
    const [column, n] = bad[0];
    throw new SettingsError(
      `column "${column}" holds ${n.toLocaleString('en')} NaN or Infinity values, which have no place in a distance: ` +
        `turn them into NULL in a SQL cell (CASE WHEN isfinite(${column}) THEN ${column} END) and choose how to treat missing values`,
    );
  }
}
