import type { CellContext, CellOutcome } from './run-cell.ts';
import type { KpiCell } from './marketing-cells.ts';

/** What a finished kpi cell found, for its view. */
export interface KpiSummary {
  placeholder: true;
}

export async function runKpiCell(cell: KpiCell, ctx: CellContext): Promise<CellOutcome> {
  void ctx;
  throw new Error(`the ${cell.kind} cell is being built`);
}
