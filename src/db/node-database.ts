import { copyFile, link, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { Table as WasmTable, readParquet, writeParquet } from 'parquet-wasm/node';
import { Cancelled } from '../cancelled.ts';
import type { Database, QueryOptions, Row, UploadFile } from './database.ts';
import { explainLockdown, lockdownStatements } from './lockdown.ts';
import { SerialQueue, laneOf } from './serial-queue.ts';
import { measureStatement } from './statement-timing.ts';
import { formatDate, toValue } from './values.ts';
import { quoteIdentifier, quoteLiteral } from './sql-quote.ts';

export interface NodeDatabaseOptions {
  threads?: number;
  /** DuckDB's memory_limit, e.g. '8GB': beyond it, grouping, joins and sorts spill to `tempDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB spills; DuckDB's default for an in-memory database is .tmp in the working directory. */
  tempDirectory?: string;
  readablePaths?: string[];
  outputDir?: string;
}

// In the instance's configuration rather than SET statements: the lockdown locks the
// configuration, and the temporary directory cannot move once DuckDB has spilled to it.
function instanceConfig(options: NodeDatabaseOptions): Record<string, string> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory) config.temp_directory = resolve(options.tempDirectory);
  return config;
}

/** Native DuckDB through @duckdb/node-api, locked down to a private upload folder like the browser's. */
export class NodeDatabase implements Database {
  readonly #queue = new SerialQueue();
  #arrowFiles = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly uploadDir: string,
    private readonly readablePaths: Set<string>,
  ) {}

  /**
   * `readablePaths` are files SQL may read where they are (the runner's data files), so that
   * large files need not be copied into the upload folder. DuckDB refuses symbolic links there.
   */
  static async open(options: NodeDatabaseOptions = {}): Promise<NodeDatabase> {
    const uploadDir = (await mkdtemp(join(tmpdir(), 'segbook-uploads-'))) + '/';
    const instance = await DuckDBInstance.create(':memory:', instanceConfig(options));
    const conn = await instance.connect();
    const readable = (options.readablePaths ?? []).map((p) => resolve(p));
    const extra = ['SET enable_progress_bar=true', 'SET enable_progress_bar_print=false'];
    if (readable.length) extra.push(`SET allowed_paths=[${readable.map(quoteLiteral).join(', ')}]`);
    const dirs = options.outputDir ? [uploadDir, resolve(options.outputDir) + '/'] : [uploadDir];
    for (const sql of lockdownStatements(dirs, extra)) await conn.run(sql);
    return new NodeDatabase(instance, conn, uploadDir, new Set(readable));
  }

  query(sql: string, options: QueryOptions = {}): Promise<Row[]> {
    const queued = performance.now();
    return this.#queue.run(() => this.#run(sql, options, true, queued), laneOf(options));
  }

  queryColumns(sql: string, options: QueryOptions = {}): Promise<Record<string, Float64Array>> {
    return this.#queue.run(async () => {
      if (options.signal?.aborted) throw new Cancelled();
      const reader = await this.conn.runAndReadAll(sql);
      const names = reader.columnNames();
      const out: Record<string, Float64Array> = {};
      // With no rows there are no column arrays at all.
      const columns = reader.getColumnsJS();
      names.forEach((name, j) => {
        out[name] = Float64Array.from(columns[j] ?? [], (v) => (typeof v === 'number' ? v : v === null ? NaN : Number(v)));
      });
      return out;
    }, laneOf(options));
  }

  // No Arrow writer without an extension download here either: DuckDB writes the result as
  // Parquet, which parquet-wasm turns into an IPC stream.
  async queryArrowIPC(sql: string, options: QueryOptions = {}): Promise<Uint8Array[]> {
    const path = join(this.uploadDir, `.arrow-${++this.#arrowFiles}.parquet`);
    await this.exec(`COPY (${sql}) TO ${quoteLiteral(path)} (FORMAT parquet)`, options);
    try {
      return [readParquet(new Uint8Array(await readFile(path))).intoIPCStream()];
    } finally {
      await unlink(path);
    }
  }

  async exec(sql: string, options: QueryOptions = {}): Promise<void> {
    const queued = performance.now();
    await this.#queue.run(() => this.#run(sql, options, false, queued), laneOf(options));
  }

  async #run(sql: string, { signal, onProgress, background }: QueryOptions, wantRows: boolean, queued: number): Promise<Row[]> {
    if (signal?.aborted) throw new Cancelled();
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      this.conn.interrupt();
    };
    signal?.addEventListener('abort', onAbort);
    const timer = onProgress
      ? setInterval(() => {
          const p = this.conn.progress.percentage;
          if (p >= 0) onProgress(p / 100);
        }, 100)
      : undefined;
    const started = performance.now();
    try {
      if (!wantRows) {
        await this.conn.run(sql);
        return [];
      }
      const reader = await this.conn.runAndReadAll(sql);
      const names = reader.columnNames();
      const isDate = reader.columnTypes().map((t) => t.typeId === DuckDBTypeId.DATE);
      return reader.getRowsJS().map((values) => {
        const row: Row = {};
        names.forEach((n, i) => {
          const v = values[i];
          row[n] = isDate[i] && v instanceof Date ? formatDate(v) : toValue(v);
        });
        return row;
      });
    } catch (e) {
      if (cancelled) throw new Cancelled();
      throw explainLockdown(e);
    } finally {
      measureStatement(sql, started, { lane: background ? 'background' : 'foreground', queued });
      if (timer) clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async registerUpload(file: UploadFile): Promise<string> {
    if (file.path && this.readablePaths.has(resolve(file.path))) return resolve(file.path);
    const target = join(this.uploadDir, file.name);
    await rm(target, { force: true });
    if (file.path) await link(resolve(file.path), target).catch(() => copyFile(resolve(file.path!), target));
    else await writeFile(target, new Uint8Array(await file.blob.arrayBuffer()));
    return target;
  }

  async dropUpload(name: string): Promise<void> {
    await rm(join(this.uploadDir, name), { force: true });
  }

  // Native DuckDB has no Arrow IPC reader without an extension download, so the stream goes
  // through parquet-wasm (the same library the browser reads Parquet with) into a Parquet file.
  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    const path = join(this.uploadDir, `.arrow-${++this.#arrowFiles}.parquet`);
    await writeFile(path, writeParquet(WasmTable.fromIPCStream(ipc)));
    try {
      await this.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS SELECT * FROM read_parquet(${quoteLiteral(path)})`);
    } finally {
      await unlink(path);
    }
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    await rm(this.uploadDir, { recursive: true, force: true });
  }
}
