import { QueryCancelled, type Database } from '../db/database.ts';
import { toIdentifier, uniqueIdentifier } from '../engine/identifiers.ts';
import { tableNames, type SourceSpec, type Workbook } from '../engine/workbook.ts';
import { formatFromName } from '../ingest/detect.ts';
import { loadSource } from '../ingest/load-source.ts';
import { profileTable, type ColumnProfile } from '../ingest/profile.ts';
import type { WorkerParsers } from '../ingest/worker-parsers.ts';

export type SourceStatus = 'loading' | 'ready' | 'error' | 'missing';

/** What the page knows about a data source beyond the workbook: is it loaded, and what is in it. */
export interface SourceRuntime {
  status: SourceStatus;
  /** 0..1 while loading, when the reader reports progress. */
  progress: number | null;
  error: string | null;
  notes: string[];
  rowCount: number | null;
  profile: ColumnProfile[] | null;
}

/** A file that failed to load as a new source; shown until dismissed, never saved. */
export interface FailedFile {
  id: number;
  fileName: string;
  message: string;
}

export interface SourceHost {
  workbook(): Workbook;
  db: Database;
  parsers: WorkerParsers;
  /** Called after a source's table was (re)created. */
  sourceLoaded(table: string, firstLoad: boolean): void;
  persist(): void;
  rememberHandle(table: string, handle: FileSystemFileHandle | null): void;
}

export class SourceStore {
  runtime: Record<string, SourceRuntime> = $state({});
  failed: FailedFile[] = $state([]);
  readonly #files = new Map<string, File>();
  readonly #controllers = new Map<string, AbortController>();
  #failures = 0;

  constructor(private readonly host: SourceHost) {}

  get(table: string): SourceRuntime | undefined {
    return this.runtime[table];
  }

  /** Adds each file as a new source table named after it; resolves to whether each one loaded. */
  addFiles(files: File[], handles: Array<FileSystemFileHandle | null> = [], origin: SourceSpec['origin'] = 'file'): Promise<boolean[]> {
    return Promise.all(
      files.map((file, i) => {
        const wb = this.host.workbook();
        const name = uniqueIdentifier(toIdentifier(file.name), tableNames(wb));
        const spec: SourceSpec = {
          name, file: file.name, origin, format: formatFromName(file.name)?.format ?? 'csv', columnTypes: {}, schema: [],
        };
        wb.sources.push(spec);
        return this.#load(name, file, handles[i] ?? null, true);
      }),
    );
  }

  /** Loads the file again for a source whose data is missing (after a reload or opening a workbook). */
  reattach(table: string, file: File, handle: FileSystemFileHandle | null = null): Promise<boolean> {
    return this.#load(table, file, handle, false);
  }

  /** Marks a source as waiting for its file. */
  markMissing(table: string): void {
    this.runtime[table] = { ...blank(), status: 'missing' };
  }

  async setColumnType(table: string, column: string, type: string): Promise<void> {
    const spec = this.#spec(table);
    const file = this.#files.get(table);
    if (!spec || !file) return;
    const before = { ...spec.columnTypes };
    const detected = this.runtime[table]?.profile?.find((c) => c.name === column);
    spec.columnTypes = { ...spec.columnTypes, [column]: type };
    if (detected && !before[column] && detected.type === type) delete spec.columnTypes[column];
    const ok = await this.#load(table, file, null, false);
    if (!ok) {
      spec.columnTypes = before;
      this.host.persist();
    }
  }

  cancel(table: string): void {
    this.#controllers.get(table)?.abort();
  }

  async remove(table: string): Promise<void> {
    this.cancel(table);
    const wb = this.host.workbook();
    wb.sources = wb.sources.filter((s) => s.name !== table);
    delete this.runtime[table];
    this.#files.delete(table);
    this.host.rememberHandle(table, null);
    this.host.persist();
    await this.host.db.exec(`DROP TABLE IF EXISTS "${table}"`).catch(() => undefined);
  }

  dismissFailure(id: number): void {
    this.failed = this.failed.filter((f) => f.id !== id);
  }

  /** Forgets everything loaded, e.g. before another workbook is opened. */
  clear(): void {
    for (const c of this.#controllers.values()) c.abort();
    this.runtime = {};
    this.#files.clear();
  }

  // Looks the spec up by name each time: the workbook is reactive state, and only its proxy sees writes.
  async #load(name: string, file: File, handle: FileSystemFileHandle | null, isNew: boolean): Promise<boolean> {
    const spec = this.#spec(name);
    if (!spec) return false;
    this.#controllers.get(spec.name)?.abort();
    const controller = new AbortController();
    this.#controllers.set(spec.name, controller);
    const previous = this.runtime[spec.name];
    this.runtime[spec.name] = { ...(previous ?? blank()), status: 'loading', progress: null, error: null };
    const update = (patch: Partial<SourceRuntime>) => {
      if (this.#controllers.get(spec.name) === controller) this.runtime[spec.name] = { ...this.runtime[spec.name], ...patch };
    };
    try {
      const loaded = await loadSource(this.host.db, this.host.parsers.forLoad(controller.signal), {
        file, fileName: file.name, table: spec.name, columnTypes: { ...spec.columnTypes }, signal: controller.signal,
        onProgress: (p) => update({ progress: p }),
      });
      spec.format = loaded.format;
      spec.schema = loaded.schema;
      spec.file = file.name;
      this.#files.set(spec.name, file);
      if (handle) this.host.rememberHandle(spec.name, handle);
      this.host.persist();
      update({ status: 'ready', progress: null, notes: loaded.notes, rowCount: loaded.rowCount, error: null });
      update({ profile: await profileTable(this.host.db, spec.name) });
      this.host.sourceLoaded(spec.name, isNew);
      return true;
    } catch (e) {
      const message = e instanceof QueryCancelled ? `Loading ${file.name} was cancelled.` : e instanceof Error ? e.message : String(e);
      if (isNew) {
        const wb = this.host.workbook();
        wb.sources = wb.sources.filter((s) => s !== spec && s.name !== spec.name);
        delete this.runtime[spec.name];
        this.failed = [...this.failed, { id: ++this.#failures, fileName: file.name, message }];
      } else {
        // The table that was there before is intact: show the error beside it.
        update({ ...(previous ?? blank()), status: previous?.status === 'ready' ? 'ready' : 'error', progress: null, error: message });
      }
      return false;
    } finally {
      if (this.#controllers.get(spec.name) === controller) this.#controllers.delete(spec.name);
    }
  }

  #spec(table: string): SourceSpec | undefined {
    return this.host.workbook().sources.find((s) => s.name === table);
  }
}

function blank(): SourceRuntime {
  return { status: 'loading', progress: null, error: null, notes: [], rowCount: null, profile: null };
}
