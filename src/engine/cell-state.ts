import type { CellError } from './cells/context.ts';
import type { CellResult } from './cells/registry.ts';

export type { CellError } from './cells/context.ts';
export type { CellResult } from './cells/registry.ts';

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale' | 'cancelled';

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
