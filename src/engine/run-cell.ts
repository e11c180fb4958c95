import type { Database } from '../db/database.ts';
import type { MlBackend } from '../ml/backend.ts';
import type { CellOutcome } from './cells/context.ts';
import { entryOf, type CellResult } from './cells/registry.ts';
import { workbookLineage } from './lineage.ts';
import type { TableCell, Workbook } from './workbook.ts';

export interface RunContext {
  db: Database;
  ml: MlBackend;
  /** The workbook as it was when the run started; the run never changes it. */
  workbook: Workbook;
  signal: AbortSignal;
  report: (progress: string) => void;
}

/** Runs a cell by its kind's entry in the registry. */
export function runCell(cell: TableCell, ctx: RunContext): Promise<CellOutcome<CellResult>> {
  const run = entryOf(cell).run;
  if (!run) return Promise.reject(new Error(`a ${cell.kind} cell writes no table and does not run`));
  const { workbook, ...rest } = ctx;
  return run(cell, { ...rest, lineage: workbookLineage(workbook) });
}
