/** A value as the engine and the UI see it: exact where JavaScript allows, text otherwise. */
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export interface QueryOptions {
  /** Aborting cancels the query; the promise then rejects with a Cancelled error (src/cancelled.ts). */
  signal?: AbortSignal;
  /** Called with 0..1 while the query runs, where the database reports progress. */
  onProgress?: (fraction: number) => void;
  /** An upload the query reads: where the database can, progress is the share of it read so far. */
  progressFile?: { path: string; size: number };
  /** Runs only once no other statement is running or waiting: for work nobody waits on. */
  background?: boolean;
}

/** A user's file, handed to the database so SQL can read it from the upload folder. */
export interface UploadFile {
  /** File name inside the upload folder. */
  name: string;
  blob: Blob;
  /** Where the file already lives on disk, when it does (Node). */
  path?: string;
}

/**
 * The one small interface the engine uses to talk to DuckDB: duckdb-wasm in the browser and
 * native DuckDB in Node. Statements run one at a time, in the order they were sent.
 */
export interface Database {
  /** Runs one statement and returns its rows. */
  query(sql: string, options?: QueryOptions): Promise<Row[]>;
  /**
   * Runs one query whose columns are all numbers and returns each column as a Float64Array,
   * without building a row object per row. NULLs must be turned into NaN by the query.
   */
  queryColumns(sql: string, options?: QueryOptions): Promise<Record<string, Float64Array>>;
  /**
   * Runs one query and returns its result as the pieces of one Arrow IPC stream, in order
   * (tableFromStreams reads them), for exports and charts that want whole columns. Keep DECIMAL and HUGEINT out of it (cast them to VARCHAR): the browser's DuckDB
   * turns them into doubles.
   */
  queryArrowIPC(sql: string, options?: QueryOptions): Promise<Uint8Array[]>;
  /** Runs one statement and ignores any rows. */
  exec(sql: string, options?: QueryOptions): Promise<void>;
  /** Makes a file readable by SQL and returns the path SQL should use for it. */
  registerUpload(file: UploadFile): Promise<string>;
  dropUpload(name: string): Promise<void>;
  /** Creates (or replaces) `table` from an Arrow IPC stream. The buffer may be detached afterwards. */
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The folder user files live in; the only one DuckDB may read from once locked down. */
export const UPLOAD_DIR = '/uploads/';
