import { isValidIdentifier } from './identifiers.ts';
import { entryOf, type Cell } from './cells/registry.ts';

export type { Cell, CellKind } from './cells/registry.ts';
export type { ColumnSpec } from './column-types.ts';
export type { SourceFormat, SourceSpec } from './source-spec.ts';
export type * from './cells/chart/kind.ts';
export type * from './cells/cluster/model.ts';
export type * from './cells/clv/model.ts';
export type * from './cells/kpi/model.ts';
export type * from './cells/markdown/kind.ts';
export type * from './cells/migration/model.ts';
export type * from './cells/profile/model.ts';
export type * from './cells/rfm/model.ts';
export type * from './cells/rules/model.ts';
export type * from './cells/sample/model.ts';
export type * from './cells/score/model.ts';
export type * from './cells/sql/model.ts';
export type * from './cells/validate/model.ts';
export { centroidTable } from './cells/cluster/model.ts';

import type { FittedModel } from './cells/cluster/model.ts';
import type { SourceSpec } from './source-spec.ts';

/** The current workbook format. Bump it and add a migration in workbook-format.ts when the shape changes. */
export const WORKBOOK_VERSION = 1;

/** Cells whose result is stored as a table. */
export type TableCell = Extract<Cell, { name: string }>;

export interface Workbook {
  format: 'segbook-workbook';
  version: typeof WORKBOOK_VERSION;
  title: string;
  sources: SourceSpec[];
  cells: Cell[];
}

export function emptyWorkbook(title = 'Untitled workbook'): Workbook {
  return { format: 'segbook-workbook', version: WORKBOOK_VERSION, title, sources: [], cells: [] };
}

/** Tables a cell writes. */
export function cellOutputs(cell: Cell): string[] {
  return entryOf(cell).writes(cell);
}

export function isTableCell(cell: Cell): cell is TableCell {
  return 'name' in cell && entryOf(cell).run !== undefined;
}

/** Names of every table the workbook defines: sources and cell outputs. */
export function tableNames(wb: Workbook): string[] {
  return [...wb.sources.map((s) => s.name), ...wb.cells.flatMap(cellOutputs)];
}

export function newCellId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return 'c' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function findCell(wb: Workbook, id: string): Cell | undefined {
  return wb.cells.find((c) => c.id === id);
}

/** Problems with a proposed table name, or null when it is fine. */
export function tableNameProblem(wb: Workbook, name: string, ownId?: string): string | null {
  if (!isValidIdentifier(name)) {
    return `not a valid table name: "${name}". Use lower-case letters, digits and _, starting with a letter`;
  }
  const lower = name.toLowerCase();
  if (wb.sources.some((s) => s.name.toLowerCase() === lower)) return `a data source is already called "${name}"`;
  const others = wb.cells.filter((c) => c.id !== ownId).flatMap(cellOutputs);
  if (others.some((t) => t.toLowerCase() === lower)) return `another cell already writes a table called "${name}"`;
  const own = wb.cells.find((c) => c.id === ownId);
  // Tables the cell writes besides its own, such as a cluster cell's centroids.
  const extra = own && isTableCell(own) ? cellOutputs({ ...own, name }).filter((t) => t !== name) : [];
  const taken = extra.find((t) => tableNames(wb).some((other) => other.toLowerCase() === t.toLowerCase()));
  if (taken) return `a table called "${taken}" already exists, and this cell needs that name for its ${own?.kind === 'cluster' ? 'centroids' : 'results'}`;
  return null;
}

/** `wb` with cell `id` replaced by `replace(cell)`; the workbook is never changed in place. */
export function withCell(wb: Workbook, id: string, replace: (cell: Cell) => Cell): Workbook {
  return { ...wb, cells: wb.cells.map((c) => (c.id === id ? replace(c) : c)) };
}

/** `wb` with the model a run of cluster cell `id` fitted. */
export function withFittedModel(wb: Workbook, id: string, model: FittedModel): Workbook {
  return withCell(wb, id, (c) => (c.kind === 'cluster' ? { ...c, model } : c));
}

/** A new cells array with `cell` at position `at`. */
export function cellsWithInserted(cells: readonly Cell[], at: number, cell: Cell): Cell[] {
  return [...cells.slice(0, at), cell, ...cells.slice(at)];
}
