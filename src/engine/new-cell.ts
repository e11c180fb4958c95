import { featuresForInput } from './cells/feature-guess.ts';
import type { NewCellContext } from './cells/kind.ts';
import { kindEntry } from './cells/registry.ts';
import { uniqueIdentifier } from './identifiers.ts';
import { customerNeed, nearestCustomerTable, nearestCustomerTableChecked, type TableLookup } from './input-fit.ts';
import { isTableCell, newCellId, tableNames, type Cell, type CellKind, type ColumnSpec, type Workbook } from './workbook.ts';

export { featuresForInput };

/**
 * createCell after reading the shape of the tables above: cluster, validate and profile cells
 * pass over summaries (one row per segment, a handful of rows) and transactions to the nearest
 * table of one row per customer.
 */
export async function createFittingCell(kind: CellKind, wb: Workbook, index: number, lookup: TableLookup): Promise<Cell> {
  const need = customerNeed(kind);
  const input = need ? await nearestCustomerTableChecked(need, wb, index, lookup) : undefined;
  return createCell(kind, wb, index, (table) => [...lookup.columns(table)], input);
}

/**
 * A new cell of `kind` with defaults that fit where it is inserted: it reads the nearest table
 * above it that suits its job (`input` when given), cells that read transactions start with the
 * columns guessed from their names, and cells that read customers with their features and value
 * column guessed the same way.
 */
export function createCell(kind: CellKind, wb: Workbook, index: number, columnsOf: (table: string) => ColumnSpec[] = () => [], input?: string): Cell {
  const entry = kindEntry(kind);
  if (!entry) throw new Error(`unknown cell kind: ${JSON.stringify(kind)}`);
  const above = wb.cells.slice(0, index).reverse();
  const need = customerNeed(kind);
  if (input === undefined) input = need ? nearestCustomerTable(need, wb, index, columnsOf) : above.find(isTableCell)?.name ?? wb.sources[0]?.name ?? '';
  const lastCluster = above.find((c) => c.kind === 'cluster');
  const ctx: NewCellContext = {
    id: newCellId(),
    input,
    name: (base) => uniqueIdentifier(base, tableNames(wb)),
    columnsOf,
    sources: wb.sources,
    sqlCells: wb.cells.filter((c) => c.kind === 'sql').length,
    lastCluster: lastCluster?.kind === 'cluster' ? { name: lastCluster.name, features: lastCluster.features } : null,
  };
  return entry.create(ctx);
}
