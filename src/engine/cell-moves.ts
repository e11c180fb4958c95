import { uniqueIdentifier } from './identifiers.ts';
import { tableNames, type Cell, type Workbook } from './workbook.ts';

/**
 * A new cells array with cell `id` at position `to` (counted in the array without it), or the same
 * array when `id` is unknown or already there. Runs and results are kept by cell id, so they follow.
 */
export function moveCell(cells: readonly Cell[], id: string, to: number): readonly Cell[] {
  const from = cells.findIndex((c) => c.id === id);
  if (from < 0) return cells;
  const rest = cells.filter((c) => c.id !== id);
  const at = Math.max(0, Math.min(Math.trunc(to), rest.length));
  if (at === from) return cells;
  return [...rest.slice(0, at), cells[from], ...rest.slice(at)];
}

/** Cell `id` moved `delta` places up (negative) or down; the same array at either end. */
export function moveCellBy(cells: readonly Cell[], id: string, delta: number): readonly Cell[] {
  const from = cells.findIndex((c) => c.id === id);
  return from < 0 ? cells : moveCell(cells, id, from + delta);
}

/**
 * The drop position for a cell dragged onto cell `target`, before or after it: the index `moveCell`
 * wants, which counts the cells without the dragged one.
 */
export function dropIndex(cells: readonly Cell[], id: string, target: string, after: boolean): number {
  const rest = cells.filter((c) => c.id !== id);
  const at = rest.findIndex((c) => c.id === target);
  return at < 0 ? cells.findIndex((c) => c.id === id) : at + (after ? 1 : 0);
}

/**
 * Cell `id` turned into a note or a SQL cell, keeping its text, as Jupyter's `m` and `y` do; null
 * when it is already that kind or is another kind of cell, whose settings are not text.
 */
export function convertedCell(wb: Workbook, id: string, kind: 'sql' | 'markdown'): Cell | null {
  const cell = wb.cells.find((c) => c.id === id);
  if (!cell || cell.kind === kind) return null;
  if (cell.kind === 'sql' && kind === 'markdown') return { id, kind: 'markdown', text: cell.sql };
  if (cell.kind === 'markdown' && kind === 'sql') {
    const sqlCells = wb.cells.filter((c) => c.kind === 'sql').length;
    return { id, kind: 'sql', name: uniqueIdentifier(`query_${sqlCells + 1}`, tableNames(wb)), sql: cell.text };
  }
  return null;
}
