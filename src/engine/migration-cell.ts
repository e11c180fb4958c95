import type { CellContext, CellOutcome } from './run-cell.ts';
import type { MigrationCell } from './marketing-cells.ts';

/** What a finished migration cell found, for its view. */
export interface MigrationSummary {
  placeholder: true;
}

export async function runMigrationCell(cell: MigrationCell, ctx: CellContext): Promise<CellOutcome> {
  void ctx;
  throw new Error(`the ${cell.kind} cell is being built`);
}
