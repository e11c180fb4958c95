import { isValidIdentifier } from './identifiers.ts';

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

export type Cell = SqlCell | NoteCell;
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

/** Names of every table the workbook defines: sources and cell outputs. */
export function tableNames(wb: Workbook): string[] {
  return [...wb.sources.map((s) => s.name), ...wb.cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : []))];
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
  if (wb.cells.some((c) => c.kind === 'sql' && c.id !== ownId && c.name.toLowerCase() === lower)) {
    return `another cell is already called "${name}"`;
  }
  return null;
}
