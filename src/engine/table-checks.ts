import type { Database } from '../db/database.ts';
import { describeTable } from '../ingest/profile.ts';
import { FeatureError } from '../ml/preprocess.ts';
import { quoteIdentifier } from './identifiers.ts';
import type { ColumnSpec } from './workbook.ts';

/** The columns of `table`, which the cell reads as its `role` (e.g. "transactions table"). */
export async function tableColumns(db: Database, table: string, role: string): Promise<ColumnSpec[]> {
  if (!table) throw new FeatureError(`choose the ${role}`);
  return describeTable(db, table).catch(() => {
    throw new FeatureError(`the ${role} "${table}" does not exist: run the cell that makes it, or pick another table`);
  });
}

/** The column `column` of `table`, or an error that names what is there instead. */
export function requireColumn(columns: ColumnSpec[], table: string, column: string, role: string): ColumnSpec {
  if (!column) throw new FeatureError(`choose the ${role} of "${table}"`);
  const found = columns.find((c) => c.name === column);
  if (!found) {
    throw new FeatureError(`the table "${table}" has no ${role} "${column}"; its columns are ${columns.map((c) => c.name).join(', ')}`);
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
    throw new FeatureError(`column "${column}" of "${table}" has ${Number(n).toLocaleString('en')} distinct values, more than ${max} for a segment column: pick the column of segment labels`);
  }
}
