import { SvelteMap } from 'svelte/reactivity';
import { Cancelled } from '../cancelled.ts';
import type { Database } from '../db/database.ts';
import { dropTable } from '../db/tables.ts';
import { toIdentifier, uniqueIdentifier } from '../engine/identifiers.ts';
import { compareSchemas, describeDifference, isCompatible } from '../engine/schema-fingerprint.ts';
import { tableNames, type ColumnSpec, type SourceSpec, type Workbook } from '../engine/workbook.ts';
import { formatFromName } from '../ingest/detect.ts';
import { loadSource } from '../ingest/load-source.ts';
import { countDistinctExactly, profileTable, type ColumnProfile } from '../ingest/profile.ts';
import type { WorkerParsers } from '../ingest/worker-parsers.ts';
import { pastedName } from './paste/pasted-table.ts';
import { keptColumnTypes } from './storage/source-store.ts';

/** 'choosing': an Excel file with several sheets, waiting for the user to say which to load. */
export type SourceStatus = 'choosing' | 'loading' | 'ready' | 'error' | 'missing';

/** What the page knows about a data source beyond the workbook: is it loaded, and what is in it. */
export interface SourceRuntime {
  status: SourceStatus;
  /** 0..1 while loading, when the reader reports progress. */
  progress: number | null;
  error: string | null;
  notes: string[];
  /** Columns of dates like 03/04/2024 whose order of day and month was a choice; the card offers the other. */
  ambiguousDates?: string[];
  rowCount: number | null;
  /** How long the last load took, from the file in hand to the table ready. */
  loadMs?: number;
  profile: ColumnProfile[] | null;
  /** Why the data is missing: lost on reload, or never here because the workbook came from someone else. */
  missing?: 'reload' | 'shared';
  /** The visible sheets of an Excel file with more than one, to choose from (before loading, and after). */
  sheets?: string[];
  /** A file the user chose whose columns differ from those the workbook expects; it waits for "Attach anyway". */
  mismatch?: { fileName: string; problems: string[] };
}

/** A file that failed to load as a new source; shown until dismissed, never saved. */
export interface FailedFile {
  id: number;
  fileName: string;
  message: string;
}

export interface SourceHost {
  workbook(): Workbook;
  /** Replaces the workbook's sources with `change(sources)`: the workbook is replaced, never changed in place. */
  changeSources(change: (sources: readonly SourceSpec[]) => SourceSpec[]): void;
  db: Database;
  parsers: WorkerParsers;
  /** Called after a source's table was (re)created; `fromKept` when from the copy kept in this browser. */
  sourceLoaded(table: string, firstLoad: boolean, fromKept: boolean): void;
  /** Called after a source was removed from the workbook. */
  sourceRemoved(table: string): void;
  persist(): void;
  rememberHandle(table: string, handle: FileSystemFileHandle | null): void;
}

export class SourceStore {
  /** By table name: a Map, so that tables called "constructor" or "__proto__" are tables like any other. */
  readonly runtime = new SvelteMap<string, SourceRuntime>();
  failed: FailedFile[] = $state([]);
  readonly #files = new Map<string, File>();
  /** Files refused for their columns, by table, kept until the user attaches them anyway or picks another. */
  readonly #refused = new Map<string, { file: File; handle: FileSystemFileHandle | null }>();
  readonly #controllers = new Map<string, AbortController>();
  /** New Excel sources waiting for a sheet to be chosen: their file, and the end of their addFiles. */
  readonly #choosing = new Map<string, { file: File; handle: FileSystemFileHandle | null; settle: (ok: boolean) => void }>();
  /** The handles of the files loaded in this tab, so that tables made from one file (its sheets) share it. */
  readonly #handles = new Map<string, FileSystemFileHandle>();
  /** Tables whose file in this tab is the Parquet copy kept in this browser, not the user's file. */
  readonly #copies = new Set<string>();
  #failures = 0;

  constructor(private readonly host: SourceHost) {}

  get(table: string): SourceRuntime | undefined {
    return this.runtime.get(table);
  }

  /**
   * Adds each file as a new source table named after it; resolves to whether each one loaded.
   * An Excel file with several visible sheets waits for the user to choose (chooseSheet or
   * loadEachSheet) before anything is read.
   */
  addFiles(
    files: File[], handles: Array<FileSystemFileHandle | null> = [], origin: SourceSpec['origin'] = 'file', extra: Pick<SourceSpec, 'pasted'> = {},
  ): Promise<boolean[]> {
    return Promise.all(
      files.map(async (file, i) => {
        const wb = this.host.workbook();
        const name = uniqueIdentifier(toIdentifier(file.name), tableNames(wb));
        const format = formatFromName(file.name)?.format ?? 'csv';
        const spec: SourceSpec = { name, file: file.name, origin, format, columnTypes: {}, schema: [], ...extra };
        this.host.changeSources((sources) => [...sources, spec]);
        const handle = handles[i] ?? null;
        if (format !== 'excel') return this.#load(name, file, handle, true);
        this.runtime.set(name, blank());
        const sheets = await this.host.parsers.forLoad().excelSheets(file).catch(() => []);
        if (sheets.length < 2 || !this.#spec(name)) return this.#load(name, file, handle, true);
        this.runtime.set(name, { ...blank(), status: 'choosing', sheets });
        return new Promise<boolean>((settle) => this.#choosing.set(name, { file, handle, settle }));
      }),
    );
  }

  /** Loads the sheet the user chose of a new Excel source waiting for that choice. */
  async chooseSheet(table: string, sheet: string): Promise<boolean> {
    const waiting = this.#choosing.get(table);
    if (!waiting) return false;
    this.#choosing.delete(table);
    this.#change(table, { sheet });
    const ok = await this.#load(table, waiting.file, waiting.handle, true);
    waiting.settle(ok);
    return ok;
  }

  /** Adds a table pasted from a spreadsheet or a web page, as tab-separated text, named pasted_1, pasted_2, … */
  async addPasted(tsv: string): Promise<boolean> {
    const name = pastedName(tableNames(this.host.workbook()));
    const [ok] = await this.addFiles([tsvFile(tsv, `${name}.tsv`)], [], 'file', { pasted: true });
    return ok;
  }

  /** Attaches a table pasted again to a pasted source whose data is gone; its columns are checked as a file's are. */
  attachPasted(table: string, tsv: string): Promise<boolean> {
    const spec = this.#spec(table);
    return spec ? this.attach(table, tsvFile(tsv, spec.file)) : Promise.resolve(false);
  }

  /**
   * Loads a source from the Parquet copy this browser kept of it. The workbook still names the
   * user's file, and the columns get back the types the copy wrote as text.
   */
  restoreKept(table: string, copy: File): Promise<boolean> {
    return this.#load(table, copy, null, false, [], undefined, 'kept');
  }

  /** Drops a source's table from this tab: it waits for its file again, as after a reload. */
  async unload(table: string): Promise<void> {
    this.cancel(table);
    this.#files.delete(table);
    await dropTable(this.host.db, table).catch(() => undefined);
    if (this.#spec(table)) this.markMissing(table);
  }

  /** Loads the file again for a source whose data is missing (after a reload or opening a workbook). */
  reattach(table: string, file: File, handle: FileSystemFileHandle | null = null): Promise<boolean> {
    return this.#load(table, file, handle, false);
  }

  /** Marks a source as waiting for its file. */
  markMissing(table: string, why: 'reload' | 'shared' = 'reload'): void {
    this.runtime.set(table, { ...blank(), status: 'missing', missing: why });
  }

  /**
   * Attaches a file the user chose for a waiting source. Its columns must match those recorded
   * in the workbook; if they do not, nothing is attached and the differences are shown.
   */
  attach(table: string, file: File, handle: FileSystemFileHandle | null = null): Promise<boolean> {
    this.#refused.delete(table);
    return this.#load(table, file, handle, false, this.#spec(table)?.schema ?? []);
  }

  /** Attaches the file refused for its columns, because the user says so. */
  attachAnyway(table: string): Promise<boolean> {
    const refused = this.#refused.get(table);
    if (!refused) return Promise.resolve(false);
    this.#refused.delete(table);
    return this.#load(table, refused.file, refused.handle, false);
  }

  /**
   * Loads a source from the text carried in a share link: the file itself for CSV and JSON; for
   * an Excel source, its sheet's data as CSV (see linkDataFor), read with the recorded column types.
   */
  loadText(table: string, text: string): Promise<boolean> {
    const spec = this.#spec(table);
    if (!spec) return Promise.resolve(false);
    if (spec.format !== 'excel') {
      return this.#load(table, new File([text], spec.file), null, false, [], `${spec.file} was loaded from the data included in the link.`);
    }
    const what = spec.sheet ? `the data of sheet "${spec.sheet}" of ${spec.file}` : `the data of ${spec.file}`;
    const note = `${spec.name} was loaded from ${what}, carried in the link as CSV text: the link holds no Excel file. Attach ${spec.file} to read the workbook itself.`;
    return this.#load(table, new File([text], `${spec.name}.csv`), null, false, [], note, 'link');
  }

  /** Replaces a column's estimated distinct count in the schema preview with the exact count. */
  async countExactly(table: string, column: string): Promise<void> {
    const before = this.runtime.get(table)?.profile;
    if (!before) return;
    const profile = await countDistinctExactly(this.host.db, table, before, column);
    const current = this.runtime.get(table);
    // A reload meanwhile brought a new preview of other data: this count is not about it.
    if (current?.profile === before) this.runtime.set(table, { ...current, profile });
  }

  /** The user's file a source was loaded from in this tab, if any: never the Parquet copy kept in this browser. */
  fileOf(table: string): File | undefined {
    return this.#copies.has(table) ? undefined : this.#files.get(table);
  }

  async setColumnType(table: string, column: string, type: string): Promise<void> {
    const spec = this.#spec(table);
    const file = this.#files.get(table);
    if (!spec || !file) return;
    const before = spec.columnTypes;
    const detected = this.runtime.get(table)?.profile?.find((c) => c.name === column);
    const columnTypes = { ...spec.columnTypes, [column]: type };
    if (detected && !Object.hasOwn(before, column) && detected.type === type) delete columnTypes[column];
    this.#change(table, { columnTypes });
    const ok = await this.#load(table, file, null, false);
    if (!ok) {
      this.#change(table, { columnTypes: before });
      this.host.persist();
    }
  }

  /** Re-reads a source with dates like 03/04/2024 taken as day/month or month/day. */
  async setDateOrder(table: string, order: 'day-first' | 'month-first'): Promise<void> {
    const spec = this.#spec(table);
    const file = this.#files.get(table);
    if (!spec || !file) return;
    const before = spec.dateOrder;
    this.#change(table, { dateOrder: order });
    if (!(await this.#load(table, file, null, false))) {
      this.#change(table, { dateOrder: before });
      this.host.persist();
    }
  }

  /** Reads another sheet of a source's Excel file in place of the one loaded; its column choices were for the old sheet. */
  async setSheet(table: string, sheet: string): Promise<void> {
    const spec = this.#spec(table);
    const file = this.#files.get(table);
    if (!spec || !file || spec.sheet === sheet) return;
    const before = { sheet: spec.sheet, columnTypes: spec.columnTypes, dateOrder: spec.dateOrder };
    this.#change(table, { sheet, columnTypes: {}, dateOrder: undefined });
    if (!(await this.#load(table, file, null, false))) {
      this.#change(table, before);
      this.host.persist();
    }
  }

  /**
   * Loads each visible sheet of a source's Excel file as a table of its own: the source keeps
   * the first sheet (or the one it has), the others are new sources named after file and sheet.
   * Each is a source like any other, with the file's handle so that it can be re-attached.
   */
  async loadEachSheet(table: string): Promise<boolean[]> {
    const spec = this.#spec(table);
    const sheets = this.runtime.get(table)?.sheets ?? [];
    const waiting = this.#choosing.get(table);
    const file = waiting?.file ?? this.#files.get(table);
    if (!spec || !file || !sheets.length) return [];
    const handle = waiting?.handle ?? this.#handles.get(table) ?? null;
    const own = spec.sheet ?? sheets[0];
    const others = this.sheetsNotLoaded(table).filter((s) => s !== own).map((sheet) => {
      const name = uniqueIdentifier(toIdentifier(`${toIdentifier(file.name)}_${sheet}`), tableNames(this.host.workbook()));
      this.host.changeSources((sources) => [...sources, { name, file: file.name, origin: spec.origin, format: 'excel', columnTypes: {}, schema: [], sheet }]);
      return this.#load(name, file, handle, true);
    });
    const first = waiting ? this.chooseSheet(table, own) : Promise.resolve(true);
    return Promise.all([first, ...others]);
  }

  /** The sheets of a source's Excel file that no source of the workbook reads yet. */
  sheetsNotLoaded(table: string): string[] {
    const spec = this.#spec(table);
    const sources = this.host.workbook().sources;
    const read = (sheet: string) => sources.some((s) => s.file === spec?.file && s.format === 'excel' && s.sheet === sheet && s.name !== table);
    return (this.runtime.get(table)?.sheets ?? []).filter((sheet) => !read(sheet));
  }

  /** Loads every source again from the file this tab already has, e.g. after DuckDB restarted. */
  async reloadAll(): Promise<void> {
    const loads = this.host.workbook().sources.flatMap((s) => {
      const file = this.#files.get(s.name);
      return file ? [this.#load(s.name, file, null, false)] : [];
    });
    await Promise.all(loads);
  }

  cancel(table: string): void {
    this.#controllers.get(table)?.abort();
  }

  async remove(table: string): Promise<void> {
    this.cancel(table);
    this.#choosing.get(table)?.settle(false);
    this.#choosing.delete(table);
    this.#handles.delete(table);
    this.host.changeSources((sources) => sources.filter((s) => s.name !== table));
    this.runtime.delete(table);
    this.#files.delete(table);
    this.host.rememberHandle(table, null);
    this.host.sourceRemoved(table);
    this.host.persist();
    await dropTable(this.host.db, table).catch(() => undefined);
  }

  dismissFailure(id: number): void {
    this.failed = this.failed.filter((f) => f.id !== id);
  }

  /** Forgets everything loaded, e.g. before another workbook is opened. */
  clear(): void {
    for (const c of this.#controllers.values()) c.abort();
    for (const waiting of this.#choosing.values()) waiting.settle(false);
    this.#choosing.clear();
    this.#handles.clear();
    this.runtime.clear();
    this.#files.clear();
  }

  async #load(
    name: string, file: File, handle: FileSystemFileHandle | null, isNew: boolean, expected: ColumnSpec[] = [], note?: string,
    standIn: 'kept' | 'link' | null = null,
  ): Promise<boolean> {
    const spec = this.#spec(name);
    if (!spec) return false;
    this.#controllers.get(spec.name)?.abort();
    const controller = new AbortController();
    this.#controllers.set(spec.name, controller);
    const previous = this.runtime.get(spec.name);
    this.runtime.set(spec.name, { ...(previous ?? blank()), status: 'loading', progress: null, error: null });
    const update = (patch: Partial<SourceRuntime>) => {
      const current = this.runtime.get(spec.name);
      if (this.#controllers.get(spec.name) === controller && current) this.runtime.set(spec.name, { ...current, ...patch });
    };
    const started = performance.now();
    // A stand-in for the user's file (the copy kept in this browser, or a sheet's data carried in a
    // link as CSV) leaves the source's file, format and sheet as they were. Read again (for a new
    // column type, say) it is still the stand-in.
    const isCopy = standIn !== null || (this.#copies.has(spec.name) && this.#files.get(spec.name) === file);
    try {
      const loaded = await loadSource(this.host.db, this.host.parsers.forLoad(controller.signal), {
        file, fileName: file.name, table: spec.name,
        columnTypes: isCopy ? { ...keptColumnTypes(spec.schema), ...spec.columnTypes } : { ...spec.columnTypes }, dateOrder: spec.dateOrder,
        sheet: isCopy ? undefined : spec.sheet, signal: controller.signal, onProgress: (p) => update({ progress: p }),
      });
      const diff = compareSchemas(expected, loaded.schema);
      // A pasted table has no file of its own: its made-up file name would name nothing the user knows.
      const differences = () => (spec.pasted ? describeDifference('the pasted table', spec.name, diff).map(capitalized) : describeDifference(file.name, spec.file, diff));
      if (expected.length && !isCompatible(diff)) {
        await dropTable(this.host.db, spec.name);
        this.#refused.set(spec.name, { file, handle });
        update({
          ...(previous ?? blank()), status: 'missing', progress: null,
          mismatch: { fileName: file.name, problems: differences() },
        });
        return false;
      }
      if (expected.length) loaded.notes.push(...differences());
      if (note) loaded.notes.push(note);
      this.#change(spec.name, isCopy ? { schema: loaded.schema } : { format: loaded.format, schema: loaded.schema, file: file.name, sheet: loaded.sheet });
      this.#files.set(spec.name, file);
      if (isCopy) this.#copies.add(spec.name);
      else this.#copies.delete(spec.name);
      if (handle) {
        this.#handles.set(spec.name, handle);
        this.host.rememberHandle(spec.name, handle);
      }
      this.host.persist();
      update({
        status: 'ready', progress: null, notes: loaded.notes, ambiguousDates: loaded.ambiguousDates, rowCount: loaded.rowCount, sheets: loaded.sheets,
        error: null, missing: undefined, mismatch: undefined, loadMs: performance.now() - started,
      });
      performance.measure(`load ${spec.name}`, { start: started });
      this.host.sourceLoaded(spec.name, isNew, standIn === 'kept');
      // The preview's statistics wait for any cell the load set off; a newer load's come later still.
      void profileTable(this.host.db, spec.name).then(
        (profile) => {
          const current = this.runtime.get(spec.name);
          if (current?.status === 'ready') this.runtime.set(spec.name, { ...current, profile });
        },
        () => undefined,
      );
      return true;
    } catch (e) {
      const message = e instanceof Cancelled ? `Loading ${file.name} was cancelled.` : e instanceof Error ? e.message : String(e);
      if (isNew) {
        this.host.changeSources((sources) => sources.filter((s) => s.name !== spec.name));
        this.runtime.delete(spec.name);
        this.failed = [...this.failed, { id: ++this.#failures, fileName: file.name, message }];
      } else {
        // The table that was there before is intact: show the error beside it.
        // A source still waiting for its file keeps its Attach button beside the error.
        const status = previous?.status === 'ready' || previous?.status === 'missing' ? previous.status : 'error';
        update({ ...(previous ?? blank()), status, progress: null, error: message, mismatch: undefined });
      }
      return false;
    } finally {
      if (this.#controllers.get(spec.name) === controller) this.#controllers.delete(spec.name);
    }
  }

  /** Puts a copy of source `table` with `patch` in its place. */
  #change(table: string, patch: Partial<SourceSpec>): void {
    this.host.changeSources((sources) => sources.map((s) => (s.name === table ? { ...s, ...patch } : s)));
  }

  #spec(table: string): SourceSpec | undefined {
    return this.host.workbook().sources.find((s) => s.name === table);
  }
}

function capitalized(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function tsvFile(tsv: string, name: string): File {
  return new File([tsv], name, { type: 'text/tab-separated-values' });
}

function blank(): SourceRuntime {
  return { status: 'loading', progress: null, error: null, notes: [], rowCount: null, profile: null };
}
