import type { Database } from '../../db/database.ts';
import type { MlBackend } from '../../ml/backend.ts';
import type { CellResult } from '../cell-state.ts';
import { runClusterCell } from './cluster/cluster-cell.ts';
import { runClvCell } from './clv/clv-cell.ts';
import { runKpiCell } from './kpi/kpi-cell.ts';
import { runMigrationCell } from './migration/migration-cell.ts';
import { runProfileCell } from './profile/profile-cell.ts';
import { runRfmCell } from './rfm/rfm-cell.ts';
import { runRulesCell } from './rules/rules-cell.ts';
import { runScoreCell } from './score/score-cell.ts';
import { runSqlCell } from './sql/sql-cell.ts';
import { runValidateCell } from './validate/validate-cell.ts';
import type { TableCell, Workbook } from '../workbook.ts';

export interface CellContext {
  db: Database;
  ml: MlBackend;
  workbook: Workbook;
  signal: AbortSignal;
  /** Tells the user what a long run is doing now. */
  report: (progress: string) => void;
}

export interface CellOutcome {
  rowCount: number;
  notes?: string[];
  result?: CellResult;
}

export function runCell(cell: TableCell, ctx: CellContext): Promise<CellOutcome> {
  switch (cell.kind) {
    case 'sql':
      return runSqlCell(ctx.db, cell, ctx.signal);
    case 'cluster':
      return runClusterCell(cell, ctx);
    case 'score':
      return runScoreCell(cell, ctx);
    case 'validate':
      return runValidateCell(cell, ctx);
    case 'rfm':
      return runRfmCell(cell, ctx);
    case 'clv':
      return runClvCell(cell, ctx);
    case 'rules':
      return runRulesCell(cell, ctx);
    case 'profile':
      return runProfileCell(cell, ctx);
    case 'kpi':
      return runKpiCell(cell, ctx);
    case 'migration':
      return runMigrationCell(cell, ctx);
  }
}
