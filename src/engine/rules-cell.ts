import type { CellContext, CellOutcome } from './run-cell.ts';
import type { RulesCell } from './marketing-cells.ts';

/** What a finished rules cell found, for its view. */
export interface RulesSummary {
  placeholder: true;
}

export async function runRulesCell(cell: RulesCell, ctx: CellContext): Promise<CellOutcome> {
  void ctx;
  throw new Error(`the ${cell.kind} cell is being built`);
}
