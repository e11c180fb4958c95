import type { Database, QueryOptions } from '../db/database.ts';
import { describeTable } from '../db/catalog.ts';
import { quoteIdentifier } from '../db/sql-quote.ts';
import type { ColumnSpec } from './column-types.ts';
import { SettingsError } from './cells/settings-error.ts';

/** The columns of `table`, which the cell reads as its `role` (e.g. "transactions table"). */
export async function tableColumns(db: Database, table: string, role: string): Promise<ColumnSpec[]> {
  if (!table) throw new SettingsError(`choose the ${role}`);
  return describeTable(db, table).catch(() => {
    throw new SettingsError(`the ${role} "${table}" does not exist: run the cell that makes it, or pick another table`);
  });
}

/** The column `column` of `table`, or an error that names what is there instead. */
export function requireColumn(columns: ColumnSpec[], table: string, column: string, role: string): ColumnSpec {
  if (!column) throw new SettingsError(`choose the ${role} of "${table}"`);
  const found = columns.find((c) => c.name === column);
  if (!found) {
    throw new SettingsError(`the table "${table}" has no ${role} "${column}"; its columns are ${columns.map((c) => c.name).join(', ')}`);
  }
  return found;
}

/**
 * Fails when `column` of `table` holds more than `max` distinct values: then it is not a column
 * of segment labels, and its charts would be unreadable.
 */
export async function checkSegmentCount(db: Database, table: string, column: string, max: number, signal?: AbortSignal): Promise<void> {
  const [{ n }] = await db.query(`SELECT count(DISTINCT ${quoteIdentifier(column)}) AS n FROM ${quoteIdentifier(table)}`, { signal });
  if (Number(n) > max) {
    throw new SettingsError(`column "${column}" of "${table}" has ${Number(n).toLocaleString('en')} distinct values, more than ${max} for a segment column: pick the column of segment labels`);
  }
}

/** Rows of a table, and the distinct values of its key and segment columns when it has them. */
export interface TableShape {
  rows: number;
  /** `values` counts the rows whose key is not NULL. */
  key: { column: string; distinct: number; values: number } | null;
  segment: { column: string; distinct: number } | null;
}

/** At most this many rows is a summary (or a toy), not customers worth segmenting. */
export const SUMMARY_MAX_ROWS = 30;

/** Counts rows and the distinct values of `key` and `segment` (columns of `table`) in one scan. */
export async function tableShape(db: Database, table: string, key: string | null, segment: string | null, options: QueryOptions = {}): Promise<TableShape> {
  const distinct = (column: string | null, alias: string) => (column ? `, count(DISTINCT ${quoteIdentifier(column)}) AS ${alias}` : '');
  const values = key ? `, count(${quoteIdentifier(key)}) AS kv` : '';
  const [row] = await db.query(`SELECT count(*) AS n${distinct(key, 'k')}${values}${distinct(segment, 's')} FROM ${quoteIdentifier(table)}`, options);
  return {
    rows: Number(row.n),
    key: key ? { column: key, distinct: Number(row.k), values: Number(row.kv) } : null,
    segment: segment ? { column: segment, distinct: Number(row.s) } : null,
  };
}

/**
 * Why a table of this shape is not one row per customer, as a sentence for the cell; null when it
 * looks like one. A GROUP BY summary has a handful of rows, or one row per segment; transactions
 * repeat their customer key.
 */
export function notOneRowPerCustomer(table: string, shape: TableShape): string | null {
  const { rows, key, segment } = shape;
  const summary = `It looks like a summary, not a table of customers: pick the table with one row per customer.`;
  if (segment && rows > 1 && segment.distinct === rows) {
    return `"${table}" has one row per ${segment.column} (${count(rows)} rows). ${summary}`;
  }
  if (rows <= SUMMARY_MAX_ROWS) return `"${table}" has only ${count(rows)} ${rows === 1 ? 'row' : 'rows'}. ${summary}`;
  if (key && key.distinct < key.values) {
    return `"${table}" has ${count(key.values)} rows with a ${key.column} but ${count(key.distinct)} distinct ${key.column}: more than one row per customer. Make one row per customer first (an RFM cell, or SQL with GROUP BY ${key.column}).`;
  }
  return null;
}

function count(n: number): string {
  return n.toLocaleString('en');
}
