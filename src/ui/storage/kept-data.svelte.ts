import { SvelteMap } from 'svelte/reactivity';
import type { SourceSpec } from '../../engine/workbook.ts';
import { SourceKeep, type FileShelf } from './source-store.ts';

/** Where a source's data is, as the sources area says it. */
export type KeptState =
  | { kind: 'none' }
  | { kind: 'unavailable' }
  | { kind: 'saving' }
  | { kind: 'kept'; bytes: number }
  | { kind: 'off' }
  /** Over KEEP_AUTOMATICALLY_UP_TO rows: kept only when the user turns keeping on. */
  | { kind: 'large'; rows: number }
  | { kind: 'failed'; message: string; quota: boolean };

export interface KeepHost {
  spec(table: string): SourceSpec | undefined;
  /** Whether this tab may write this browser's copy: the user's own workbook, in the tab that keeps it. */
  allowed(): boolean;
  /** Whether the table is loaded in this tab. */
  loaded(table: string): boolean;
  /** The table's rows, once loaded. */
  rows(table: string): number | null;
  /** The table as a Parquet file. */
  encode(table: string): Promise<Blob>;
  /** Drops the table from this tab and marks its source as waiting for its file. */
  unload(table: string): Promise<void>;
}

/**
 * Tables up to this many rows are kept without asking. Writing the copy of a bigger one holds its
 * Parquet file in memory and takes a core while the user's first cells run: at 10M transactions
 * it added 1.4 GB to the tab's peak and made the RFM cell take 115 s instead of 31 s.
 */
export const KEEP_AUTOMATICALLY_UP_TO = 1_000_000;

/**
 * The sources' data kept in this browser, and what the page shows about it. Each table's saves
 * and removals run one after another; a save overtaken by a newer load or a "Forget" is dropped.
 */
export class KeptData {
  readonly states = new SvelteMap<string, KeptState>();
  readonly #store: SourceKeep | null;
  readonly #notKept: Promise<Set<string>>;
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #versions = new Map<string, number>();
  /** Tables over the limit the user chose to keep, in this page. */
  readonly #keepLarge = new Set<string>();

  constructor(private readonly host: KeepHost, shelf: FileShelf | null) {
    this.#store = shelf ? new SourceKeep(shelf) : null;
    this.#notKept = this.#store ? this.#store.notKept().catch(() => new Set<string>()) : Promise.resolve(new Set<string>());
  }

  get available(): boolean {
    return this.#store !== null;
  }

  state(table: string): KeptState {
    return this.states.get(table) ?? { kind: this.#store ? 'none' : 'unavailable' };
  }

  /** Bytes kept for all tables of the workbook. */
  get totalBytes(): number {
    let total = 0;
    for (const s of this.states.values()) if (s.kind === 'kept') total += s.bytes;
    return total;
  }

  /** Keeps a user's table after it loaded from a file or a paste. */
  keep(table: string): Promise<void> {
    const store = this.#store;
    if (!store) return Promise.resolve();
    const version = this.#bump(table);
    return this.#queue(table, async () => {
      const spec = this.host.spec(table);
      if (!this.#current(table, version) || spec?.origin !== 'file' || !this.host.allowed() || !this.host.loaded(table)) return;
      if ((await this.#notKept).has(table)) {
        this.states.set(table, { kind: 'off' });
        return;
      }
      const rows = this.host.rows(table) ?? 0;
      if (rows > KEEP_AUTOMATICALLY_UP_TO && !this.#keepLarge.has(table)) {
        this.states.set(table, { kind: 'large', rows });
        return;
      }
      this.states.set(table, { kind: 'saving' });
      let data: Blob;
      try {
        data = await this.host.encode(table);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        this.states.set(table, { kind: 'failed', quota: false, message: `The data of table ${table} could not be written for keeping (${reason}). The workbook itself is kept.` });
        return;
      }
      if (!this.#current(table, version)) return;
      const result = await store.save({ name: spec.name, file: spec.file, schema: spec.schema }, data);
      if (!this.#current(table, version)) return;
      this.states.set(table, result.ok ? { kind: 'kept', bytes: result.bytes } : { kind: 'failed', message: result.message, quota: result.quota });
    });
  }

  /** The kept copy of a source of the user's own workbook, when there is one and it was made from the same file. */
  async restore(spec: SourceSpec): Promise<File | null> {
    if (!this.#store || spec.origin !== 'file') return null;
    if ((await this.#notKept).has(spec.name)) {
      this.states.set(spec.name, { kind: 'off' });
      return null;
    }
    const file = await this.#store.open(spec).catch(() => null);
    if (file) this.states.set(spec.name, { kind: 'kept', bytes: file.size });
    return file;
  }

  /** "Forget this data": the kept copy goes, and so does the table in this tab, which waits for its file again. */
  forget(table: string): Promise<void> {
    const store = this.#store;
    if (!store) return Promise.resolve();
    this.#bump(table);
    return this.#queue(table, async () => {
      await store.forget(table);
      this.states.set(table, { kind: 'none' });
      await this.host.unload(table);
    });
  }

  /** "Forget all data": every kept copy goes, with those of tables no longer in the workbook. */
  async forgetAll(tables: string[]): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const unload = tables.filter((t) => ['kept', 'saving'].includes(this.state(t).kind));
    for (const t of tables) this.#bump(t);
    await Promise.all(tables.map((t) => this.#queues.get(t)));
    await store.forgetAll();
    for (const t of tables) if (!['off', 'large'].includes(this.state(t).kind)) this.states.set(t, { kind: 'none' });
    await Promise.all(unload.map((t) => this.host.unload(t)));
  }

  /** The "keep in this browser" switch: off forgets the copy but leaves the table loaded in this tab. */
  async setKeeping(table: string, on: boolean): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const notKept = await this.#notKept;
    if (on) notKept.delete(table);
    else notKept.add(table);
    if (on) this.#keepLarge.add(table);
    else this.#keepLarge.delete(table);
    await store.setNotKept(notKept).catch(() => undefined);
    if (on) {
      this.states.set(table, { kind: 'none' });
      return this.keep(table);
    }
    this.#bump(table);
    return this.#queue(table, async () => {
      await store.forget(table);
      this.states.set(table, { kind: 'off' });
    });
  }

  /** A source was removed from the workbook: its copy and its setting go too. */
  async removed(table: string): Promise<void> {
    const store = this.#store;
    if (!store) return;
    this.#bump(table);
    this.states.delete(table);
    const notKept = await this.#notKept;
    if (notKept.delete(table)) await store.setNotKept(notKept).catch(() => undefined);
    await this.#queue(table, () => store.forget(table));
  }

  /** Forgets what the page showed, e.g. before another workbook opens; the files stay. */
  clear(): void {
    for (const t of this.states.keys()) this.#bump(t);
    this.states.clear();
  }

  #bump(table: string): number {
    const next = (this.#versions.get(table) ?? 0) + 1;
    this.#versions.set(table, next);
    return next;
  }

  #current(table: string, version: number): boolean {
    return this.#versions.get(table) === version;
  }

  #queue(table: string, job: () => Promise<unknown>): Promise<void> {
    const next = (this.#queues.get(table) ?? Promise.resolve()).then(job, job).then(() => undefined);
    this.#queues.set(table, next.catch(() => undefined));
    return next;
  }
}
