import type { Database } from '../db/database.ts';
import { describeTable } from '../db/catalog.ts';
import { entryOf, kindEntry } from './cells/registry.ts';
import { guessCustomerColumns } from './column-guess.ts';
import { notOneRowPerCustomer, tableShape, type TableShape } from './table-checks.ts';
import { centroidTable, isTableCell, type CellKind, type ColumnSpec, type Workbook } from './workbook.ts';

/** What a kind that reads one row per customer needs of it: features to cluster, or a segment column. */
export type CustomerNeed = 'features' | 'segment';

/** What a `kind` cell needs of the customers it reads, or null for a kind that reads no customers. */
export function customerNeed(kind: CellKind): CustomerNeed | null {
  return kindEntry(kind)?.readsCustomers ?? null;
}

/** What a new cell can learn about the tables above it. */
export interface TableLookup {
  /** Columns of a table as far as they are known; empty when not yet. */
  columns(table: string): readonly ColumnSpec[];
  /** Rows and key and segment counts of a table; null when it cannot be read (its cell has not run). */
  shape?(table: string, key: string | null, segment: string | null): Promise<TableShape | null>;
}

/**
 * Why `table` is not one row per customer, judged by the cell that makes it (a validation,
 * profile, KPI or migration table, or a cluster cell's centroids); null when its maker says nothing.
 */
export function producerProblem(wb: Workbook, table: string): string | null {
  for (const cell of wb.cells) {
    if (cell.kind === 'cluster' && centroidTable(cell.name) === table) {
      return `"${table}" holds the centres of "${cell.name}", one row per segment: pick a table with one row per customer, such as "${cell.name}".`;
    }
    const made = isTableCell(cell) && cell.name === table ? entryOf(cell).summarises : undefined;
    if (made) return `"${table}" is the result of ${made}, not a table of customers: pick the table with one row per customer.`;
  }
  return null;
}

/** Whether the columns (when known) give the cell what it needs: features to cluster, or segment labels. */
function columnsFit(need: CustomerNeed, columns: readonly ColumnSpec[]): boolean {
  if (columns.length === 0) return true;
  const guess = guessCustomerColumns(columns);
  return need === 'features' ? guess.features.length > 0 : guess.segment !== null;
}

/** Tables a cell inserted at `index` may read, nearest first: the outputs of the cells above it, then the data sources. */
function candidates(wb: Workbook, index: number): string[] {
  const above = wb.cells.slice(0, index).reverse().filter(isTableCell).map((c) => c.name);
  return [...above, ...wb.sources.map((s) => s.name)].filter((table) => producerProblem(wb, table) === null);
}

/**
 * The nearest table above `index` that fits a cell with that `need`, by its maker and its columns; without
 * one, the nearest table at all, or ''.
 */
export function nearestCustomerTable(need: CustomerNeed, wb: Workbook, index: number, columnsOf: (table: string) => readonly ColumnSpec[]): string {
  const tables = candidates(wb, index);
  return tables.find((t) => columnsFit(need, columnsOf(t))) ?? tables[0] ?? fallback(wb, index);
}

/** nearestCustomerTable that also reads each table's shape, passing over summaries and transactions. */
export async function nearestCustomerTableChecked(need: CustomerNeed, wb: Workbook, index: number, lookup: TableLookup): Promise<string> {
  for (const table of candidates(wb, index)) {
    const columns = lookup.columns(table);
    if (!columnsFit(need, columns)) continue;
    const guess = guessCustomerColumns(columns);
    const shape = columns.length && lookup.shape ? await lookup.shape(table, guess.key, guess.segment) : null;
    if (!shape || notOneRowPerCustomer(table, shape) === null) return table;
  }
  return nearestCustomerTable(need, wb, index, lookup.columns);
}

function fallback(wb: Workbook, index: number): string {
  const above = wb.cells.slice(0, index).reverse().find(isTableCell);
  return above?.name ?? wb.sources[0]?.name ?? '';
}

/**
 * A warning for a cell that reads customers from `table`, when the table looks like something
 * else: a summary, a validation or centroid table, or transactions. Null when it looks right or
 * does not exist yet.
 */
export async function inputWarning(db: Database, wb: Workbook, table: string): Promise<string | null> {
  if (!table) return null;
  const made = producerProblem(wb, table);
  if (made) return made;
  const columns = await describeTable(db, table).catch(() => null);
  if (!columns) return null;
  const guess = guessCustomerColumns(columns);
  // Nobody waits on it: it runs after the cells' own statements.
  return notOneRowPerCustomer(table, await tableShape(db, table, guess.key, guess.segment, { background: true }));
}

/** A TableLookup that reads shapes from `db`; a table that cannot be read has none. */
export function databaseLookup(db: Database, columns: (table: string) => readonly ColumnSpec[]): TableLookup {
  return { columns, shape: (table, key, segment) => tableShape(db, table, key, segment).catch(() => null) };
}
