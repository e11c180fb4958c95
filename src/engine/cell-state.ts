import type { ValidationResult } from '../ml/validate-job.ts';
import type { ClvSummary } from './cells/clv/clv-cell.ts';
import type { KpiSummary } from './cells/kpi/kpi-cell.ts';
import type { MigrationSummary } from './cells/migration/migration-cell.ts';
import type { ProfileSummary } from './cells/profile/profile-cell.ts';
import type { RfmSummary } from './cells/rfm/rfm-cell.ts';
import type { RulesSummary } from './cells/rules/rules-cell.ts';

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale' | 'cancelled';

export interface CellError {
  message: string;
  /** Where in the cell's text the error is, 1-based, when the database says. */
  line?: number;
  column?: number;
}

/** What a finished cell found, beyond its table, for the views to show. */
export type CellResult =
  | { kind: 'cluster'; sizes: number[]; inertia: number; iterations: number; columns: string[] }
  | { kind: 'score'; scored: number; unfit: number; dropped: number }
  | { kind: 'validate'; validation: ValidationResult }
  | { kind: 'rfm'; rfm: RfmSummary }
  | { kind: 'clv'; clv: ClvSummary }
  | { kind: 'rules'; rules: RulesSummary }
  | { kind: 'profile'; profile: ProfileSummary }
  | { kind: 'kpi'; kpi: KpiSummary }
  | { kind: 'migration'; migration: MigrationSummary };

export interface CellState {
  status: CellStatus;
  /** Increases with every run request; a result that arrives for an older version is dropped. */
  version: number;
  /** Epoch milliseconds when the current or last run started. */
  startedAt?: number;
  durationMs?: number;
  rowCount?: number;
  error?: CellError;
  /** While running: what the cell is doing now, e.g. "restart 2 of 10 · iteration 7". */
  progress?: string;
  /** What the user should know about the last run: dropped rows, sampling, and so on. */
  notes?: string[];
  result?: CellResult;
}

export const IDLE: CellState = Object.freeze({ status: 'idle', version: 0 });
