import { convertedCell, moveCell } from '../engine/cell-moves.ts';
import { dropTable } from '../db/tables.ts';
import { cellOutputs, type Cell } from '../engine/workbook.ts';
import type { Notebook } from './notebook.svelte.ts';

/** Moves the selection up or down; returns the newly selected id. */
export function moveSelection(notebook: Notebook, delta: number): string | null {
  const cells = notebook.workbook.cells;
  if (!cells.length) return null;
  const at = cells.findIndex((c) => c.id === notebook.selectedId);
  const next = cells[Math.max(0, Math.min(cells.length - 1, (at < 0 ? 0 : at) + delta))];
  notebook.selectedId = next.id;
  return next.id;
}

/** Puts cell `id` at position `to`; its run and result go with it, being kept by id. */
export function moveCellTo(notebook: Notebook, id: string, to: number): boolean {
  const cells = moveCell(notebook.workbook.cells, id, to);
  if (cells === notebook.workbook.cells) return false;
  notebook.workbook = { ...notebook.workbook, cells: [...cells] };
  notebook.selectedId = id;
  notebook.persist();
  return true;
}

export function moveCellByOne(notebook: Notebook, id: string, delta: -1 | 1): boolean {
  const from = notebook.workbook.cells.findIndex((c) => c.id === id);
  return from >= 0 && moveCellTo(notebook, id, from + delta);
}

/** Turns a SQL cell into a note or back (`m` / `y`); the old result table goes, as on delete. */
export function convertCell(notebook: Notebook, id: string, kind: 'sql' | 'markdown'): boolean {
  const old: Cell | undefined = notebook.workbook.cells.find((c) => c.id === id);
  const cell = old && convertedCell(notebook.workbook, id, kind);
  if (!old || !cell) return false;
  notebook.workbook = { ...notebook.workbook, cells: notebook.workbook.cells.map((c) => (c.id === id ? cell : c)) };
  notebook.scheduler.forget(id);
  const states = new Map(notebook.cellStates);
  states.delete(id);
  notebook.cellStates = states;
  notebook.cellColumns.delete(id);
  for (const table of cellOutputs(old)) void dropTable(notebook.db, table).catch(() => undefined);
  notebook.persist();
  return true;
}
