import type { Database } from '../../db/database.ts';
import type { MlBackend } from '../../ml/backend.ts';
import type { FittedModel } from './cluster/model.ts';
import type { ColumnMeanings } from '../persona-traits.ts';

export interface CellError {
  message: string;
  /** Where in the cell's text the error is, 1-based, when the database says. */
  line?: number;
  column?: number;
}

/**
 * What the rest of the workbook says about the tables a cell reads. A runner asks these
 * questions instead of walking the workbook, so a kind never depends on the other kinds.
 */
export interface Lineage {
  /** The fitted model of the cluster cell that writes `table`: undefined when none does, null when it has not run. */
  fittedModel(table: string): FittedModel | null | undefined;
  /** The kind of the cell that writes `table`, or undefined for a data source or an unknown table. */
  producerKind(table: string): string | undefined;
  /** What the cells that made `table` say its columns mean. */
  meanings(table: string): ColumnMeanings;
  /** The names that rules or RFM cells upstream gave to the labels in `column` of `table`. */
  segmentNames(table: string, column: string): Set<string>;
}

export interface CellContext {
  db: Database;
  ml: MlBackend;
  lineage: Lineage;
  signal: AbortSignal;
  /** Tells the user what a long run is doing now. */
  report: (progress: string) => void;
}

/** What a run gives back. `R` is what the kind's view shows beyond the table. */
export interface CellOutcome<R = never> {
  rowCount: number;
  notes?: string[];
  result?: R;
  /** A model the run fitted, for the workbook to keep with the cell (cluster cells). */
  model?: FittedModel;
}
