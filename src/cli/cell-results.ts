import type { CellResult } from '../engine/cell-state.ts';
import { entryOf, type ReportedResult } from '../engine/cells/registry.ts';
import type { Workbook } from '../engine/workbook.ts';

export type { ReportedResult } from '../engine/cells/registry.ts';

/**
 * A cell's result as run.json reports it, by its kind's own report (src/engine/cells/<kind>/kind.ts).
 * The fields are listed in the README.
 */
export function reportedResult(result: CellResult | undefined, wb: Workbook, cellId: string): ReportedResult | null {
  if (!result) return null;
  const cell = wb.cells.find((c) => c.id === cellId);
  if (!cell) throw new Error(`no cell with id ${JSON.stringify(cellId)} for a ${result.kind} result`);
  const entry = entryOf(cell);
  if (!entry.report) throw new Error(`cell kind ${JSON.stringify(cell.kind)} has a result but no report of it`);
  return entry.report(result, cell);
}

/** JSON.stringify replacer: bigints as numbers, NaN and infinities as null, typed arrays as arrays. */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.prototype.slice.call(value);
  return value;
}
