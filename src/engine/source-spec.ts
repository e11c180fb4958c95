import type { ColumnSpec } from './column-types.ts';

/** 'excel' is an .xlsx or .xls workbook, one sheet of it per source. */
export type SourceFormat = 'csv' | 'parquet' | 'json' | 'excel';

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
  /** The sheet of an Excel workbook this source reads; asked for again when the file is attached. */
  sheet?: string;
  /**
   * A table pasted from a spreadsheet or a web page: `file` is a name made up for it, so its data,
   * once gone from this browser, comes back only by pasting the table again.
   */
  pasted?: true;
}
