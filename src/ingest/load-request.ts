import type { DateOrder } from './date-order.ts';
import type { ExcelResult } from './excel/read-excel.ts';

/** Turns JSON and Parquet files into Arrow IPC; in the browser this runs in a worker. */
export interface FileParsers {
  json(file: Blob, fileName: string, gzip: boolean, onProgress?: (fraction: number) => void): Promise<{ ipc: Uint8Array; notes: string[] }>;
  parquet(file: Blob, fileName: string, onProgress?: (fraction: number) => void): Promise<{ ipc: Uint8Array }>;
  /** One sheet of an .xlsx or .xls file; the first visible one when `sheet` is not given. */
  excel(file: Blob, fileName: string, sheet: string | undefined, onProgress?: (fraction: number) => void): Promise<ExcelResult>;
  /** The visible sheets of an .xlsx or .xls file, without reading them; empty when they cannot be listed. */
  excelSheets(file: Blob): Promise<string[]>;
  /**
   * Unzips a gzipped file with the platform's own zlib, where that beats DuckDB's: in the browser
   * DuckDB's wasm zlib took as long as the rest of the read (Online Retail read in 878 ms gzipped
   * against 484 unzipped). Left out where DuckDB unzips natively (Node).
   */
  gunzip?(file: Blob, fileName: string): Promise<Blob>;
}

export interface LoadRequest {
  file: Blob;
  fileName: string;
  /** Table to create or replace. */
  table: string;
  /** Path of the file on disk, when it has one (Node). */
  path?: string;
  /** Column types chosen by the user, applied over the detected ones. */
  columnTypes?: Record<string, string>;
  /** How to read dates like 03/04/2024 when the values fit both orders; day first when not given. */
  dateOrder?: DateOrder;
  /** The sheet to read from an Excel file. */
  sheet?: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}
