import * as duckdb from '@duckdb/duckdb-wasm';
import { DataType, RecordBatchReader, Table } from 'apache-arrow';
import { Cancelled } from '../cancelled.ts';
import { UPLOAD_DIR, type Database, type QueryOptions, type Row, type UploadFile, type Value } from './database.ts';
import { CANCEL_GRACE_MS, DatabaseStopped, isFatalError, watchWorker } from './crash-recovery.ts';
import { explainLockdown, lockdownStatements } from './lockdown.ts';
import { SerialQueue, laneOf } from './serial-queue.ts';
import { measureStatement } from './statement-timing.ts';
import { warmUp } from './warm-up.ts';
import { formatDate, formatTimestamp, toValue } from './values.ts';
import { quoteIdentifier } from './sql-quote.ts';


/** How long after starting DuckDB waits before warming up. */
const WARM_UP_DELAY_MS = 300;

export interface WasmBundle {
  /** Absolute URLs: a relative one fails inside the blob: worker. */
  wasmUrl: string;
  workerUrl: string;
}

/**
 * duckdb-wasm in its own worker, locked down to the upload folder before any user SQL. Once its
 * worker dies or the wasm fails fatally, every call rejects with DatabaseStopped and
 * `whenStopped` resolves with the reason, so that the owner can start a new one.
 */
export class WasmDatabase implements Database {
  readonly #queue = new SerialQueue();
  #stoppedReason: string | null = null;
  #announceStop: (reason: string) => void = () => {};
  /** Resolves with the reason once this instance can no longer be used. */
  readonly whenStopped: Promise<string>;

  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
    private readonly worker: Worker,
  ) {
    this.whenStopped = new Promise((resolve) => (this.#announceStop = resolve));
    worker.addEventListener('error', (e) => this.stop(`its worker failed: ${e.message || 'unknown error'}`));
  }

  get stopped(): string | null {
    return this.#stoppedReason;
  }

  /** Ends the worker; calls in flight and later ones reject with DatabaseStopped. */
  stop(reason: string): void {
    if (this.#stoppedReason !== null) return;
    this.#stoppedReason = reason;
    this.worker.terminate();
    this.#announceStop(reason);
  }

  /**
   * Settles with `work`, or rejects with DatabaseStopped as soon as the instance stops: a dead
   * worker's promises never settle. While the work runs, the worker is pinged to notice a silent death.
   */
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.#stoppedReason !== null) throw new DatabaseStopped(this.#stoppedReason);
    const unwatch = watchWorker(() => this.db.getVersion(), () => this.stop('its worker stopped responding'));
    try {
      return await Promise.race([
        work(),
        this.whenStopped.then((reason): never => {
          throw new DatabaseStopped(reason);
        }),
      ]);
    } catch (e) {
      if (!(e instanceof DatabaseStopped) && isFatalError(e)) {
        this.stop(`the wasm failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
        throw new DatabaseStopped(this.#stoppedReason ?? 'fatal error');
      }
      throw e;
    } finally {
      unwatch();
    }
  }

  static async open(bundle: WasmBundle, timeoutMs = 30_000): Promise<WasmDatabase> {
    // A blob: worker inherits the page's Content-Security-Policy; a URL worker would not.
    const shim = URL.createObjectURL(
      new Blob([`importScripts(${JSON.stringify(bundle.workerUrl)});`], { type: 'text/javascript' }),
    );
    const worker = new Worker(shim);
    URL.revokeObjectURL(shim);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    // instantiate() hangs rather than rejects when the worker dies, so race it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`DuckDB did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      worker.addEventListener('error', (e) => reject(new Error(`DuckDB's worker failed to start: ${e.message || 'unknown error'}`)));
    });
    try {
      await Promise.race([db.instantiate(bundle.wasmUrl), failure]);
    } finally {
      clearTimeout(timer);
    }
    await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
    const conn = await db.connect();
    for (const sql of lockdownStatements(UPLOAD_DIR)) await conn.query(sql);
    // For the performance panel and the benchmark, which times loads from a started DuckDB.
    performance.mark('duckdb ready');
    const instance = new WasmDatabase(db, conn, worker);
    void instance.#warmUp();
    return instance;
  }

  /** See warm-up.ts. Marked for the performance panel and the benchmark's profile. */
  async #warmUp(): Promise<void> {
    // A first query sent as the page opens (a restored workbook, a link) goes first.
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_DELAY_MS));
    const finished = await warmUp(this).then(() => true, () => false);
    performance.mark(finished ? 'duckdb warmed up' : 'duckdb warm-up failed');
  }

  query(sql: string, options: QueryOptions = {}): Promise<Row[]> {
    const queued = performance.now();
    return this.#queue.run(async () => tableRows(await this.#send(sql, options, queued)), laneOf(options));
  }

  queryColumns(sql: string, options: QueryOptions = {}): Promise<Record<string, Float64Array>> {
    const queued = performance.now();
    return this.#queue.run(async () => {
      const table = await this.#send(sql, options, queued);
      const out: Record<string, Float64Array> = {};
      for (const [j, field] of table.schema.fields.entries()) {
        if (!DataType.isFloat(field.type)) throw new Error(`column ${field.name} is ${field.type}, not DOUBLE`);
        // DuckDB sends batches of 2,048 rows; joining a million rows' worth in one go blocks the
        // page for over 100 ms, so the copy yields to it every few hundred thousand values.
        const column = new Float64Array(table.numRows);
        let offset = 0;
        for (const [b, batch] of table.batches.entries()) {
          const chunk = batch.getChildAt(j)?.data[0];
          if (chunk) column.set(chunk.values.subarray(0, batch.numRows), offset);
          offset += batch.numRows;
          if (b % 128 === 127) await yieldToPage();
        }
        out[field.name] = column;
      }
      return out;
    }, laneOf(options));
  }

  /**
   * The messages as DuckDB's worker sends them, untouched: the page neither parses nor re-encodes
   * them (a 1M-row export's re-encoding held the page for 150-300 ms and a copy of the result).
   */
  queryArrowIPC(sql: string, options: QueryOptions = {}): Promise<Uint8Array[]> {
    const queued = performance.now();
    return this.#queue.run(() => this.#send(sql, options, queued, collectPieces), laneOf(options));
  }

  async exec(sql: string, options: QueryOptions = {}): Promise<void> {
    const queued = performance.now();
    await this.#queue.run(() => this.#send(sql, options, queued), laneOf(options));
  }

  async #send(sql: string, options: QueryOptions, queued: number): Promise<Table>;
  async #send<T>(sql: string, options: QueryOptions, queued: number, read: (pieces: AsyncIterable<Uint8Array>) => Promise<T>): Promise<T>;
  async #send<T>(
    sql: string, { signal, onProgress, progressFile, background }: QueryOptions, queued: number,
    read: (pieces: AsyncIterable<Uint8Array>) => Promise<T | Table> = readTable,
  ): Promise<T | Table> {
    if (signal?.aborted) throw new Cancelled();
    let cancelled = false;
    let endTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      cancelled = true;
      void this.conn.cancelSent().catch(() => undefined);
      // DuckDB checks for cancellation only between steps; a query stuck in one step is ended
      // with its worker, and the owner restarts DuckDB.
      endTimer = setTimeout(() => this.stop('a cancelled query did not stop, so its worker was ended'), CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort);
    // DuckDB's own progress bar reaches JS through embind, which needs eval and breaks under the
    // page's CSP; the share of the input file read so far is measured from its block statistics.
    const stopProgress = onProgress && progressFile ? this.#watchReads(progressFile, onProgress) : undefined;
    const started = performance.now();
    try {
      return await this.#guard(async () => {
        // What AsyncDuckDBConnection.send() does, short of parsing: the result's IPC messages.
        const pieces = await this.conn.useUnsafe(async (bindings, connection) => {
          let header = await bindings.startPendingQuery(connection, sql, false);
          while (header === null) header = await bindings.pollPendingQuery(connection);
          return new duckdb.AsyncResultStreamIterator(bindings, connection, header);
        });
        if (cancelled) throw new Cancelled();
        const result = await read(pieces);
        if (cancelled) throw new Cancelled();
        return result;
      });
    } catch (e) {
      if (cancelled) throw new Cancelled();
      if (e instanceof DatabaseStopped) throw e;
      throw explainLockdown(readableError(e));
    } finally {
      measureStatement(sql, started, { lane: background ? 'background' : 'foreground', queued });
      clearTimeout(endTimer);
      stopProgress?.();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #watchReads(file: { path: string; size: number }, onProgress: (fraction: number) => void): () => void {
    let stopped = false;
    void this.db.collectFileStatistics(file.path, true);
    const poll = async () => {
      while (!stopped) {
        await new Promise((r) => setTimeout(r, 150));
        if (stopped) break;
        const stats = await this.db.exportFileStatistics(file.path).catch(() => null);
        if (!stats || stopped) continue;
        const blocks = stats.blockStats.length / 3;
        let last = -1;
        for (let i = 0; i < blocks; i++) if (stats.blockStats[i * 3] || stats.blockStats[i * 3 + 1] || stats.blockStats[i * 3 + 2]) last = i;
        if (last >= 0) onProgress(Math.min(1, ((last + 1) * stats.blockSize) / Math.max(1, file.size)));
      }
    };
    void poll();
    return () => {
      stopped = true;
      void this.db.collectFileStatistics(file.path, false).catch(() => undefined);
    };
  }

  async registerUpload(file: UploadFile): Promise<string> {
    const path = UPLOAD_DIR + file.name;
    await this.#guard(() => this.db.registerFileHandle(path, file.blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true));
    return path;
  }

  async dropUpload(name: string): Promise<void> {
    await this.#guard(() => this.db.dropFile(UPLOAD_DIR + name));
  }

  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    return this.#queue.run(() =>
      this.#guard(async () => {
        await this.conn.query(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
        await this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#stoppedReason === null) {
      await this.conn.close();
      await this.db.terminate();
    }
    this.stop('it was closed');
  }
}

async function readTable(pieces: AsyncIterable<Uint8Array>): Promise<Table> {
  const reader = await RecordBatchReader.from(pieces);
  const batches = [];
  for await (const batch of reader) batches.push(batch);
  return new Table(reader.schema, batches);
}

async function collectPieces(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of pieces) out.push(piece);
  return out;
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * duckdb-wasm reports some errors, parser errors among them, as JSON text. Give them DuckDB's
 * usual "Parser Error: …" form, which keeps the LINE marker the cell uses to place the error.
 */
function readableError(e: unknown): unknown {
  if (!(e instanceof Error) || !e.message.trimStart().startsWith('{')) return e;
  try {
    const parsed: unknown = JSON.parse(e.message);
    if (typeof parsed === 'object' && parsed !== null && 'exception_message' in parsed && typeof parsed.exception_message === 'string') {
      const type = 'exception_type' in parsed && typeof parsed.exception_type === 'string' ? `${parsed.exception_type} Error: ` : '';
      return new Error(type + parsed.exception_message, { cause: e });
    }
  } catch {
    // Not JSON after all: keep the message as it is.
  }
  return e;
}

/** Converts an Arrow result to plain rows. Only for small results: pages and summaries. */
function tableRows(table: Table): Row[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name));
  const convert = fields.map((f) => converterFor(f.type));
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    fields.forEach((f, j) => (row[f.name] = convert[j](columns[j]?.get(i))));
    rows.push(row);
  }
  return rows;
}

function hasToJSON(v: unknown): v is { toJSON(): unknown } {
  return typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function';
}

function converterFor(type: DataType): (v: unknown) => Value {
  if (DataType.isTimestamp(type)) return (v) => (v == null ? null : formatTimestamp(new Date(Number(v))));
  if (DataType.isDate(type)) return (v) => (v == null ? null : formatDate(v instanceof Date ? v : new Date(Number(v))));
  if (DataType.isStruct(type) || DataType.isList(type) || DataType.isMap(type)) {
    return (v) => (v == null ? null : toValue(hasToJSON(v) ? v.toJSON() : v));
  }
  return toValue;
}
