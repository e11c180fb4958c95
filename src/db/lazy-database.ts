import type { Database, QueryOptions, Row, UploadFile } from './database.ts';
import { dropAllTables } from './drop-all.ts';

/** A database that can tell when it has stopped for good, as duckdb-wasm's can. */
export type StoppableDatabase = Database & { readonly whenStopped?: Promise<string> };

/**
 * A Database that starts the real one on first use, so the page can render before DuckDB is up,
 * and starts a new one when it stops (its worker died, or was ended to cancel a query). The new
 * instance is locked down by `open` before anything else, then gets every registered upload
 * again; listeners then reload the tables, which did not survive.
 */
export class LazyDatabase implements Database {
  #current: Promise<Database> | null = null;
  readonly #uploads = new Map<string, UploadFile>();
  readonly #listeners = new Set<(reason: string) => void>();
  readonly #startListeners = new Set<(failure: string | null) => void>();
  #closed = false;
  /** Whether anything may have made a table or registered a file since DuckDB started or was last cleared. */
  #used = false;

  constructor(private readonly open: () => Promise<StoppableDatabase>) {}

  /** Calls `listener` with the reason each time DuckDB has been restarted; returns an unsubscribe. */
  onRestart(listener: (reason: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Calls `listener` with the reason each time DuckDB fails to start, and with null when a start
   * succeeds; the next query starts it again. Returns an unsubscribe.
   */
  onStartFailure(listener: (failure: string | null) => void): () => void {
    this.#startListeners.add(listener);
    return () => this.#startListeners.delete(listener);
  }

  /** Starts DuckDB now (again, after a failure); rejects with the reason it did not start. */
  async start(): Promise<void> {
    await this.#db();
  }

  #db(): Promise<Database> {
    this.#used = true;
    this.#current ??= this.#start();
    return this.#current;
  }

  async #start(): Promise<Database> {
    try {
      const db = await this.open();
      void db.whenStopped?.then((reason) => this.#restart(reason));
      for (const listener of this.#startListeners) listener(null);
      return db;
    } catch (e) {
      this.#current = null;
      for (const listener of this.#startListeners) listener(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  async #restart(reason: string): Promise<void> {
    if (this.#closed) return;
    const next = this.#start().then(async (db) => {
      for (const file of this.#uploads.values()) await db.registerUpload(file);
      return db;
    });
    this.#current = next;
    try {
      await next;
    } catch (e) {
      if (this.#current === next) this.#current = null;
      reason = `${reason}; starting it again failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    for (const listener of this.#listeners) listener(reason);
  }

  async query(sql: string, options?: QueryOptions): Promise<Row[]> {
    return (await this.#db()).query(sql, options);
  }

  async queryColumns(sql: string, options?: QueryOptions): Promise<Record<string, Float64Array>> {
    return (await this.#db()).queryColumns(sql, options);
  }

  async queryArrowIPC(sql: string, options?: QueryOptions): Promise<Uint8Array[]> {
    return (await this.#db()).queryArrowIPC(sql, options);
  }

  async exec(sql: string, options?: QueryOptions): Promise<void> {
    return (await this.#db()).exec(sql, options);
  }

  async registerUpload(file: UploadFile): Promise<string> {
    this.#uploads.set(file.name, file);
    return (await this.#db()).registerUpload(file);
  }

  /**
   * Unregisters every file and drops every table, before another workbook opens: what the last
   * workbook loaded must not be readable by the next one, which may come from a stranger's link.
   * A DuckDB that has not been used is left alone (and is not started for this).
   */
  async clear(): Promise<void> {
    const names = [...this.#uploads.keys()];
    this.#uploads.clear();
    const current = this.#current;
    if (!current || !this.#used) return;
    this.#used = false;
    const db = await current.catch(() => null);
    if (!db) return;
    for (const name of names) await db.dropUpload(name).catch(() => undefined);
    await dropAllTables(db).catch(() => undefined);
  }

  async dropUpload(name: string): Promise<void> {
    this.#uploads.delete(name);
    return (await this.#db()).dropUpload(name);
  }

  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    return (await this.#db()).insertArrowIPC(table, ipc);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    return (await this.#db()).close();
  }
}
