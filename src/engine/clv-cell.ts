import type { CellContext, CellOutcome } from './run-cell.ts';
import type { ClvCell } from './marketing-cells.ts';

/** What a finished clv cell found, for its view. */
export interface ClvSummary {
  placeholder: true;
}

export async function runClvCell(cell: ClvCell, ctx: CellContext): Promise<CellOutcome> {
  void ctx;
  throw new Error(`the ${cell.kind} cell is being built`);
}
