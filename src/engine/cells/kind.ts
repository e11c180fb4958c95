import type { FeatureSpec } from '../../ml/preprocess.ts';
import type { ColumnMeanings } from '../persona-traits.ts';
import type { ColumnSpec } from '../column-types.ts';
import type { SourceSpec } from '../source-spec.ts';
import type { Dialect } from '../sql-dialect.ts';
import type { CellContext, CellError, CellOutcome } from './context.ts';
import type { FieldReader, Raw } from './fields.ts';

/** What every cell has. */
export interface CellBase {
  id: string;
  kind: string;
}

/** What a new cell can know about where it is inserted, worked out once for every kind. */
export interface NewCellContext {
  id: string;
  /** The nearest table above that suits the kind's job, or ''. */
  input: string;
  /** `base`, or `base_2` and so on: a table name no table of the workbook has. */
  name(base: string): string;
  /** Columns of a table as far as they are known; empty when not yet. */
  columnsOf(table: string): ColumnSpec[];
  sources: readonly SourceSpec[];
  /** How many SQL cells the workbook has. */
  sqlCells: number;
  /** The nearest cluster cell above the new one. */
  lastCluster: { name: string; features: FeatureSpec } | null;
}

/** What a kind's SQL form needs beyond the cell itself. */
export interface SqlFormContext {
  dialect: Dialect;
  /** The table to run it on instead of the cell's input; null for the input. */
  table: string | null;
  sources: readonly SourceSpec[];
  cells: readonly CellBase[];
}

/**
 * One kind of cell: everything the workbook reader, the graph, the scheduler, the new-cell menu
 * and the link codec need to know about it. Cell-taking members are methods, so an entry for one
 * kind is an entry for the union of kinds; the registry only hands a cell to its own kind's entry.
 */
export interface CellKindEntry<C extends CellBase, R = never, P extends { kind: string } = never> {
  readonly kind: C['kind'];
  /** What the user calls it, e.g. "Profile and personas". */
  readonly label: string;
  /** Reads one cell of a workbook file or link; `r.fail` refuses it with a reason. */
  read(c: Raw, id: string, r: FieldReader): C;
  create(ctx: NewCellContext): C;
  /** Tables the cell reads. */
  reads(cell: C): Iterable<string>;
  /** Tables the cell writes. */
  writes(cell: C): string[];
  /** Runs the cell; absent for cells that write no table (notes, charts). */
  run?(cell: C, ctx: CellContext): Promise<CellOutcome<R>>;
  /** Turns an error of a run into what the cell shows, e.g. with a position in its text. */
  describeError?(error: unknown, cell: C): CellError;
  /** The progress line a run shows from its start, for a kind whose runner reports nothing itself. */
  startLine?: string;
  /**
   * A long setting most cells keep as made: a share link leaves it out when unchanged and the
   * decoder puts it back. Links of format 1 depend on these values: if one ever changes, keep
   * the old one for format-1 links.
   */
  readonly leftOutWhenDefault?: { field: string; value: unknown };
  /** True when its runs use the ML worker, which the page starts early once such a cell runs. */
  readonly usesMlWorker?: boolean;
  /**
   * Set for a kind that reads one row per customer: a new one looks above it for a table with
   * `features` to cluster, or with a `segment` column to judge or profile.
   */
  readonly readsCustomers?: 'features' | 'segment';
  /** What its table holds, when that is not one row per customer, e.g. "one row per segment". */
  readonly summarises?: string;
  /** What the columns it writes measure, for the persona sentences of cells below. */
  readonly columnMeanings?: ColumnMeanings;
  /** True when its table is its input's rows with a segment added, so their columns keep their meaning. */
  readonly passesInputThrough?: boolean;
  /** The names it gives in its own segment column; absent for kinds that name no segments. */
  segmentNames?(cell: C): string[];
  /**
   * Its result as the command line's run.json reports it, flattened under its kind, leaving out
   * what only a chart draws row by row; every kind whose run has a result has one.
   */
  report?(result: R, cell: C): P;
  /** That report in one line, for the terminal. */
  brief?(report: P): string;
  /**
   * One query that does what the cell does, to run where the data lives (`segbook sql`); absent
   * for kinds without one. Throws SettingsError when the cell cannot have one yet.
   */
  sqlForm?(cell: C, ctx: SqlFormContext): string;
}
