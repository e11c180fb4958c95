export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale' | 'cancelled';

export interface CellError {
  message: string;
  /** Where in the cell's text the error is, 1-based, when the database says. */
  line?: number;
  column?: number;
}

export interface CellState {
  status: CellStatus;
  /** Increases with every run request; a result that arrives for an older version is dropped. */
  version: number;
  /** Epoch milliseconds when the current or last run started. */
  startedAt?: number;
  durationMs?: number;
  rowCount?: number;
  error?: CellError;
}

export const IDLE: CellState = Object.freeze({ status: 'idle', version: 0 });
