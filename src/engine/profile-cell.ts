import type { CellContext, CellOutcome } from './run-cell.ts';
import type { ProfileCell } from './marketing-cells.ts';

/** What a finished profile cell found, for its view. */
export interface ProfileSummary {
  placeholder: true;
}

export async function runProfileCell(cell: ProfileCell, ctx: CellContext): Promise<CellOutcome> {
  void ctx;
  throw new Error(`the ${cell.kind} cell is being built`);
}
