import { quoteIdentifier } from './sql-quote.ts';
import { describeTable, type TableColumn } from './catalog.ts';
import type { Database } from './database.ts';

export type ExportFormat = 'csv' | 'parquet' | 'xlsx';

/** A DECIMAL column that travels as its exact text and is written back as a decimal. */
export interface DecimalColumn {
  name: string;
  precision: number;
  scale: number;
}

/** What the encoder needs besides the Arrow stream. */
export interface ExportPlan {
  sql: string;
  decimals: DecimalColumn[];
}

/** Turns the plan's Arrow stream into a file: bytes inline in Node, a Blob made in a worker in the browser. */
export type TableEncoder<T> = (streams: Uint8Array[], decimals: DecimalColumn[], format: ExportFormat) => Promise<T>;

// Types Arrow, CSV and Parquet all carry exactly as they are.
const NATIVE = new Set([
  'BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE',
  'VARCHAR', 'DATE', 'TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMP WITH TIME ZONE',
]);

/**
 * The query that reads `columns` of `table` for export. Decimals go as text because the browser's
 * DuckDB hands them over as doubles, which would round them; the encoder restores them. Types the
 * writers do not know (lists, structs, intervals, times) go as text.
 */
export function exportPlan(table: string, columns: TableColumn[]): ExportPlan {
  const { select, decimals } = exportColumns(columns);
  return { sql: `SELECT ${select} FROM ${quoteIdentifier(table)}`, decimals };
}

/** The select list of exportPlan, for queries that filter or order what they export. */
export function exportColumns(columns: TableColumn[]): { select: string; decimals: DecimalColumn[] } {
  const decimals: DecimalColumn[] = [];
  const select = columns.map(({ name, type }) => {
    const column = quoteIdentifier(name);
    const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
    if (decimal) decimals.push({ name, precision: Number(decimal[1]), scale: Number(decimal[2]) });
    else if (type === 'HUGEINT') decimals.push({ name, precision: 38, scale: 0 });
    else if (NATIVE.has(type)) return column;
    return `CAST(${column} AS VARCHAR) AS ${column}`;
  });
  return { select: select.join(', ') || '*', decimals };
}

/**
 * Reads a whole table and encodes it as a CSV, Parquet or .xlsx file. `background` for a copy
 * nobody waits on (a source kept in this browser): its read then waits for the cells' statements.
 */
export async function exportTable<T>(db: Database, table: string, format: ExportFormat, encode: TableEncoder<T>, signal?: AbortSignal, background = false): Promise<T> {
  const plan = exportPlan(table, await describeTable(db, table));
  const streams = await db.queryArrowIPC(plan.sql, { signal, background });
  return encode(streams, plan.decimals, format);
}

/** A file name for a table's export: the table's name with the format's extension. */
export function exportFileName(table: string, format: ExportFormat): string {
  return `${table.replace(/[^\p{L}\p{N}_.-]+/gu, '_') || 'table'}.${format}`;
}
