import type { FeatureSpec, Preparation } from '../ml/preprocess.ts';
import { isValidIdentifier } from './identifiers.ts';
import type { ChartCell, ClvCell, KpiCell, MigrationCell, ProfileCell, RfmCell, RulesCell } from './cells/profile/model.ts';

export type * from './cells/profile/model.ts';

/** The current workbook format. Bump it and add a migration in workbook-format.ts when the shape changes. */
export const WORKBOOK_VERSION = 1;

export type SourceFormat = 'csv' | 'parquet' | 'json';

/** A data file the workbook reads. The data itself is never part of the workbook. */
export interface SourceSpec {
  /** Table name the file is loaded into. */
  name: string;
  /** The file's own name, shown when asking the user to re-attach it. */
  file: string;
  origin: 'file' | 'sample';
  format: SourceFormat;
  /** Column types the user chose over the detected ones, by column name. */
  columnTypes: Record<string, string>;
  /** Columns and types seen when the file was last loaded: its schema fingerprint. */
  schema: ColumnSpec[];
  /** How to read dates like 03/04/2024 that fit both orders; day first when absent. */
  dateOrder?: 'day-first' | 'month-first';
}

export interface ColumnSpec {
  name: string;
  type: string;
}

export interface SqlCell {
  id: string;
  kind: 'sql';
  /** Name of the table the cell's result is stored in. */
  name: string;
  sql: string;
}

export interface NoteCell {
  id: string;
  kind: 'markdown';
  text: string;
}

/** A saved segmentation: what a score cell needs to give new rows a segment without re-clustering. */
export interface FittedModel {
  preparation: Preparation;
  /** k rows of centroids in the prepared (scaled) space, row-major. */
  centroids: number[];
  k: number;
  /** 99th percentile of the training rows' distances to their centre: farther rows fit no segment. */
  distanceP99: number;
}

export interface ClusterCell {
  id: string;
  kind: 'cluster';
  /** Output table; the centroids go to `${name}_centroids`. */
  name: string;
  input: string;
  features: FeatureSpec;
  algorithm: 'kmeans' | 'ward';
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  sweep: { min: number; max: number; references: number };
  model: FittedModel | null;
}

export interface ScoreCell {
  id: string;
  kind: 'score';
  name: string;
  input: string;
  /** The cluster cell (by its table name) whose model gives the segments. */
  model: string;
}

export interface ValidateCell {
  id: string;
  kind: 'validate';
  name: string;
  input: string;
  segmentColumn: string;
  features: FeatureSpec;
  /** Segments below this share of rows (0..1) are too small to act on. */
  minShare: number;
  bootstrap: number;
  seed: number;
  valueColumn: string | null;
}

export type Cell =
  | SqlCell | NoteCell | ClusterCell | ScoreCell | ValidateCell
  | RfmCell | ClvCell | RulesCell | ProfileCell | KpiCell | MigrationCell | ChartCell;
/** Cells whose result is stored as a table. */
export type TableCell = Exclude<Cell, NoteCell | ChartCell>;
export type CellKind = Cell['kind'];

export interface Workbook {
  format: 'segbook-workbook';
  version: typeof WORKBOOK_VERSION;
  title: string;
  sources: SourceSpec[];
  cells: Cell[];
}

export function emptyWorkbook(title = 'Untitled workbook'): Workbook {
  return { format: 'segbook-workbook', version: WORKBOOK_VERSION, title, sources: [], cells: [] };
}

/** Tables a cell writes. */
export function cellOutputs(cell: Cell): string[] {
  switch (cell.kind) {
    case 'markdown':
    case 'chart':
      return [];
    case 'cluster':
      return [cell.name, centroidTable(cell.name)];
    default:
      return [cell.name];
  }
}

export function centroidTable(name: string): string {
  return `${name}_centroids`;
}

export function isTableCell(cell: Cell): cell is TableCell {
  return cell.kind !== 'markdown' && cell.kind !== 'chart';
}

/** Names of every table the workbook defines: sources and cell outputs. */
export function tableNames(wb: Workbook): string[] {
  return [...wb.sources.map((s) => s.name), ...wb.cells.flatMap(cellOutputs)];
}

export function newCellId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return 'c' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function findCell(wb: Workbook, id: string): Cell | undefined {
  return wb.cells.find((c) => c.id === id);
}

/** Problems with a proposed table name, or null when it is fine. */
export function tableNameProblem(wb: Workbook, name: string, ownId?: string): string | null {
  if (!isValidIdentifier(name)) {
    return `not a valid table name: "${name}". Use lower-case letters, digits and _, starting with a letter`;
  }
  const lower = name.toLowerCase();
  if (wb.sources.some((s) => s.name.toLowerCase() === lower)) return `a data source is already called "${name}"`;
  const others = wb.cells.filter((c) => c.id !== ownId).flatMap(cellOutputs);
  if (others.some((t) => t.toLowerCase() === lower)) return `another cell already writes a table called "${name}"`;
  const own = wb.cells.find((c) => c.id === ownId);
  if (own?.kind === 'cluster' && tableNames(wb).some((t) => t.toLowerCase() === centroidTable(lower))) {
    return `a table called "${centroidTable(name)}" already exists, and this cell needs that name for its centroids`;
  }
  return null;
}
