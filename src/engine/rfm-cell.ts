import type { CellContext, CellOutcome } from './run-cell.ts';
import type { RfmCell } from './marketing-cells.ts';

/** What a finished rfm cell found, for its view. */
export interface RfmSummary {
  placeholder: true;
}

export async function runRfmCell(cell: RfmCell, ctx: CellContext): Promise<CellOutcome> {
  void ctx;
  throw new Error(`the ${cell.kind} cell is being built`);
}
