import { SvelteMap } from 'svelte/reactivity';
import { openBrowserDatabase } from '../db/browser-database.ts';
import type { MlBackend } from '../ml/backend.ts';
import { WorkerBackend } from '../workers/ml-backend.ts';
import { LazyDatabase } from '../db/lazy-database.ts';
import { dropTable } from '../db/tables.ts';
import { IDLE, type CellState } from '../engine/cell-state.ts';
import { uniqueIdentifier } from '../engine/identifiers.ts';
import { Scheduler } from '../engine/scheduler.ts';
import { entryOf } from '../engine/cells/registry.ts';
import { createCell, createFittingCell } from '../engine/new-cell.ts';
import { databaseLookup } from '../engine/input-fit.ts';
import {
  cellOutputs, cellsWithInserted, emptyWorkbook, isTableCell, tableNameProblem, tableNames, withCell, type Cell, type CellKind, type ColumnSpec, type Workbook,
} from '../engine/workbook.ts';
import { parseWorkbook, serializeWorkbook } from '../engine/workbook-format.ts';
import { decodeShareHash, isShareHash, type SharedWorkbook } from '../engine/share-link.ts';
import { describeTable } from '../db/catalog.ts';
import { WorkerParsers } from '../ingest/worker-parsers.ts';
import { isWorkbookFile, type PickedFile } from './file-actions.ts';
import { openSample } from './samples.ts';
import type { Example } from '../examples/catalog.ts';
import { SourceStore } from './sources.svelte.ts';
import { Sweeps, type SweepState } from './sweeps.svelte.ts';
import { WorkbookKeeper } from './workbook-keeper.svelte.ts';
import { KeptData } from './storage/kept-data.svelte.ts';
import { OpfsShelf } from './storage/opfs-shelf.ts';
import { tableFile } from './download.ts';
import { loadWorkbookSources } from './workbook-sources.ts';

export interface DeletedCell {
  cell: Cell;
  index: number;
}

/** The page's state: the workbook, what has run, and the actions the views dispatch. */
export class Notebook {
  // Raw: the workbook is data that is replaced, never changed in place, so a run's snapshot is
  // simply the workbook of the moment, and views can hand it on without copying it.
  workbook: Workbook = $state.raw(emptyWorkbook());
  // Raw: a state is replaced, never changed in place, and its results hold arrays of up to
  // 10,000 values that charts sort and read in loops. Through a deep proxy every read was a getter
  // call, and drawing the validation of 1M customers held the page for 58 ms.
  // Maps, not objects: cell ids come from links, and an id like "constructor" or "__proto__" must
  // not find a member of Object.prototype.
  cellStates: ReadonlyMap<string, CellState> = $state.raw(new Map());
  /** Columns of each cell's result table, once it has run. */
  readonly cellColumns = new SvelteMap<string, ColumnSpec[]>();
  selectedId: string | null = $state(null);
  /** The last deleted cells, newest last, for undo. */
  deleted: DeletedCell[] = $state([]);
  /**
   * False for a workbook opened from a file, until the user presses Run: nothing it contains
   * runs by itself. The user's own workbook, restored in their own browser, is trusted.
   */
  trusted = $state(true);
  /** True while a workbook opened from a share link waits for review: the page shows a banner. */
  reviewingLink = $state(false);
  /** A short message for the whole page (errors opening a workbook, for example). */
  notice: { kind: 'error' | 'info'; text: string } | null = $state(null);
  readonly #sweeps = new Sweeps(() => ({ db: this.db, ml: this.#ml }));

  /** Keeps the workbook in this browser, for one tab at a time. */
  readonly keeper = new WorkbookKeeper();
  readonly db = new LazyDatabase(openBrowserDatabase);
  readonly #ml = new WorkerBackend();
  readonly sources: SourceStore;
  /** The sources' data kept in this browser's origin-private storage, as Parquet. */
  readonly kept: KeptData;
  readonly scheduler: Scheduler;
  /** True while another workbook's sources load; they must not each re-run its cells. */
  #replacing = false;
  /** Settles when the data files of the workbook last opened have loaded, or failed to. */
  #sourcesLoading: Promise<unknown> = Promise.resolve();

  constructor() {
    this.scheduler = new Scheduler(this.db, () => this.workbook, (id, state) => this.#onCellState(id, state), {
      ml: this.#ml,
      keepModel: (id, model) => this.#replace(id, (c) => (c.kind === 'cluster' ? { ...c, model } : c)),
    });
    this.sources = new SourceStore({
      workbook: () => this.workbook,
      changeSources: (change) => (this.workbook = { ...this.workbook, sources: change(this.workbook.sources) }),
      db: this.db,
      parsers: new WorkerParsers(),
      sourceLoaded: (table, firstLoad, fromKept) => {
        if (!firstLoad && this.trusted && !this.#replacing) void this.scheduler.runReadersOf(table);
        if (!fromKept) void this.kept.keep(table);
      },
      sourceRemoved: (table) => void this.kept.removed(table),
      persist: () => this.persist(),
      rememberHandle: (table, handle) => void this.keeper.storage.saveFileHandle(table, handle).catch(() => undefined),
    });
    this.kept = new KeptData({
      spec: (table) => this.workbook.sources.find((s) => s.name === table),
      allowed: () => this.trusted && !this.keeper.writeBlocked,
      loaded: (table) => this.sources.get(table)?.status === 'ready',
      rows: (table) => this.sources.get(table)?.rowCount ?? null,
      // Read in the background lane: at 1M rows the read took 0.8 s, and the first cell waited for it.
      encode: (table) => tableFile(this.db, table, 'parquet', undefined, true),
      unload: (table) => this.sources.unload(table),
    }, OpfsShelf.available() ? new OpfsShelf() : null);
    this.db.onRestart((reason) => void this.#recover(reason));
  }

  /** Makes this tab the one that keeps the workbook; the other tab is told and stops writing. */
  async takeOver(): Promise<void> {
    if (await this.keeper.takeOver()) this.persist();
  }

  /** After DuckDB was restarted its tables are gone: reload the data files and ask for Run all. */
  async #recover(reason: string): Promise<void> {
    this.scheduler.interrupt('DuckDB was restarted, so this result is gone: press Run all to compute it again');
    const cells = this.workbook.cells.filter(isTableCell).length;
    const what = `DuckDB stopped (${reason}) and was restarted. Your workbook is intact`;
    this.notice = { kind: 'error', text: `${what}; reloading your data files…` };
    this.#replacing = true;
    try {
      await this.sources.reloadAll();
    } finally {
      this.#replacing = false;
    }
    this.notice = {
      kind: 'error',
      text: `${what}; your data files were reloaded; press Run all to recompute the ${cells} ${cells === 1 ? 'cell' : 'cells'}.`,
    };
  }

  /** Where the views run their own ML work (explaining segments in rules), off the page's thread. */
  get ml(): MlBackend {
    return this.#ml;
  }

  get isEmpty(): boolean {
    return this.workbook.cells.length === 0 && this.workbook.sources.length === 0;
  }

  /** Table name → columns, for SQL completion; fromEntries makes a table called __proto__ an own key. */
  get schema(): Record<string, string[]> {
    return Object.fromEntries([
      ...this.workbook.sources.map((s) => [s.name, s.schema.map((c) => c.name)]),
      ...this.workbook.cells.flatMap((c) => (isTableCell(c) ? [[c.name, (this.cellColumns.get(c.id) ?? []).map((col) => col.name)]] : [])),
    ]);
  }

  cellState(id: string): CellState {
    return this.cellStates.get(id) ?? IDLE;
  }

  addCell(kind: CellKind, index = this.workbook.cells.length): string {
    const at = Math.max(0, Math.min(index, this.workbook.cells.length));
    return this.#insert(createCell(kind, this.workbook, at, (table) => this.columnsOf(table)), at);
  }

  /** addCell, with cluster, validate and profile cells reading the nearest table of one row per customer. */
  async addFittingCell(kind: CellKind, index = this.workbook.cells.length): Promise<string> {
    const at = Math.max(0, Math.min(index, this.workbook.cells.length));
    const cell = await createFittingCell(kind, this.workbook, at, databaseLookup(this.db, (table) => this.columnsOf(table)));
    return this.#insert(cell, Math.min(at, this.workbook.cells.length));
  }

  #insert(cell: Cell, at: number): string {
    const id = cell.id;
    this.#setCells(cellsWithInserted(this.workbook.cells, at, cell));
    this.selectedId = id;
    this.persist();
    return id;
  }

  deleteCell(id: string): void {
    const index = this.workbook.cells.findIndex((c) => c.id === id);
    if (index < 0) return;
    const cell = this.workbook.cells[index];
    this.#setCells(this.workbook.cells.filter((c) => c.id !== id));
    // Cells are replaced, never changed, so the removed one stays as it was for undo.
    this.deleted = [...this.deleted.slice(-19), { cell, index }];
    this.scheduler.forget(id);
    const rest = new Map(this.cellStates);
    rest.delete(id);
    this.cellStates = rest;
    const next = this.workbook.cells[Math.min(index, this.workbook.cells.length - 1)];
    this.selectedId = next?.id ?? null;
    for (const table of cellOutputs(cell)) void dropTable(this.db, table).catch(() => undefined);
    this.persist();
  }

  undoDelete(): void {
    const last = this.deleted.at(-1);
    if (!last) return;
    this.deleted = this.deleted.slice(0, -1);
    const cell = isTableCell(last.cell) ? { ...last.cell, name: uniqueIdentifier(last.cell.name, tableNames(this.workbook)) } : last.cell;
    this.#setCells(cellsWithInserted(this.workbook.cells, Math.min(last.index, this.workbook.cells.length), cell));
    this.selectedId = cell.id;
    this.persist();
  }

  updateText(id: string, text: string): void {
    this.#replace(id, (cell) => (cell.kind === 'sql' ? { ...cell, sql: text } : cell.kind === 'markdown' ? { ...cell, text } : cell));
    this.persist();
  }

  /** Renames a cell's result table; returns the problem, or null when renamed. */
  renameCell(id: string, name: string): string | null {
    const cell = this.workbook.cells.find((c) => c.id === id);
    if (!cell || !isTableCell(cell) || cell.name === name) return null;
    const problem = tableNameProblem(this.workbook, name, id);
    if (problem) return problem;
    const old = cellOutputs(cell);
    this.#replace(id, (c) => (isTableCell(c) ? { ...c, name } : c));
    this.cellColumns.delete(id);
    this.scheduler.reset(id);
    for (const table of old) void dropTable(this.db, table).catch(() => undefined);
    this.persist();
    return null;
  }

  // A run waits for the workbook's data files still loading, so that pressing Run straight after
  // opening a link or example does not fail on tables that are a moment away.
  async run(id: string): Promise<void> {
    this.#trust();
    await this.#sourcesLoading;
    return this.scheduler.run([id]);
  }

  /** Run all, run above or run below (`how`), with what a press of Run does first. */
  async runAll(how: (scheduler: Scheduler) => Promise<void> = (s) => s.runAll()): Promise<void> {
    this.#trust();
    await this.#sourcesLoading;
    return how(this.scheduler);
  }

  /**
   * Pressing Run makes an opened workbook the user's own: from then on it is saved in this
   * browser, and the link it came from leaves the address bar so that a reload restores it.
   */
  #trust(): void {
    if (this.trusted) return;
    this.trusted = true;
    this.reviewingLink = false;
    if (isShareHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
    this.persist();
    for (const s of this.workbook.sources) void this.kept.keep(s.name);
  }

  cancel(id: string): void {
    this.scheduler.cancel(id);
  }

  /** Changes settings of a cluster, score or validate cell; they take effect when it next runs. */
  updateCell<C extends Cell>(id: string, patch: Partial<Omit<C, 'id' | 'kind' | 'name'>>): void {
    const cell = this.workbook.cells.find((c) => c.id === id);
    if (!cell || cell.kind === 'sql' || cell.kind === 'markdown') return;
    // A new object: the patch over a copy of the cell, which itself is left as it was.
    this.#replace(id, (c) => Object.assign({}, c, patch));
    this.persist();
  }

  /**
   * Puts `replace(cell)` in place of cell `id`, in a new cells array: the workbook is replaced,
   * never changed, so a run keeps the snapshot it started with.
   */
  #replace(id: string, replace: (cell: Cell) => Cell): void {
    this.workbook = withCell(this.workbook, id, replace);
  }

  #setCells(cells: Cell[]): void {
    this.workbook = { ...this.workbook, cells };
  }

  setTitle(title: string): void {
    this.workbook = { ...this.workbook, title };
    this.persist();
  }

  /** Columns and types of a table the workbook defines, as far as they are known yet. */
  columnsOf(table: string): ColumnSpec[] {
    const source = this.workbook.sources.find((s) => s.name === table);
    if (source) return source.schema;
    const cell = this.workbook.cells.find((c) => isTableCell(c) && c.name === table);
    return (cell && this.cellColumns.get(cell.id)) ?? [];
  }

  /** k sweeps of cluster cells, by cell id; results are kept for this session only. */
  get sweeps(): ReadonlyMap<string, SweepState> {
    return this.#sweeps.states;
  }

  /** Runs the k sweep of a cluster cell in the worker. */
  sweep(id: string): Promise<void> {
    const cell = this.workbook.cells.find((c) => c.id === id);
    return cell?.kind === 'cluster' ? this.#sweeps.run(cell) : Promise.resolve();
  }

  cancelSweep(id: string): void {
    this.#sweeps.cancel(id);
  }

  /** Loads dropped or picked files as data sources; a .segbook.json file is opened as a workbook. */
  async openFiles(picked: PickedFile[]): Promise<void> {
    const workbook = picked.find((p) => isWorkbookFile(p.file));
    if (workbook) await this.openWorkbookFile(workbook.file);
    const data = picked.filter((p) => !isWorkbookFile(p.file));
    if (data.length) await this.sources.addFiles(data.map((p) => p.file), data.map((p) => p.handle));
  }

  async openSampleData(): Promise<void> {
    await openSample(this);
  }

  /** Opens a workbook file; its data files must be attached again, samples load by themselves. */
  async openWorkbookFile(file: File): Promise<void> {
    let wb: Workbook;
    try {
      wb = parseWorkbook(await file.text(), file.name);
    } catch (e) {
      this.notice = { kind: 'error', text: e instanceof Error ? e.message : String(e) };
      return;
    }
    await this.#replaceWorkbook(wb, false);
    this.notice = { kind: 'info', text: `Opened ${file.name}. Nothing has run yet: attach its data, then press Run all.` };
  }

  /**
   * Opens a workbook from a share link's #hash in review mode: nothing runs until the user
   * presses Run. A link that cannot be read leaves the page as it was, with a message.
   */
  async openLink(hash: string): Promise<boolean> {
    let shared: SharedWorkbook;
    try {
      shared = await decodeShareHash(hash);
    } catch (e) {
      this.notice = { kind: 'error', text: e instanceof Error ? e.message : String(e) };
      return false;
    }
    this.notice = null;
    this.reviewingLink = true;
    await this.#replaceWorkbook(shared.workbook, false, shared.data);
    return true;
  }

  /**
   * Opens an example from the gallery. It is our own workbook, not someone else's, so it runs as
   * soon as its sample data has loaded. The gallery is only offered on an empty notebook.
   */
  async openExample(example: Example): Promise<void> {
    await this.#replaceWorkbook(example.workbook(), true);
    this.notice = { kind: 'info', text: `Opened the example "${example.title}": its cells run once the sample data has loaded.` };
  }

  workbookJson(): string {
    return serializeWorkbook(this.workbook);
  }

  /** Restores the workbook saved in this browser, re-attaching files the browser still grants. */
  async restore(): Promise<void> {
    let saved: Workbook | null = null;
    await this.keeper.claimed;
    try {
      saved = await this.keeper.storage.load();
    } catch (e) {
      this.notice = { kind: 'error', text: `${e instanceof Error ? e.message : e} Starting a new workbook.` };
    }
    if (saved) await this.#replaceWorkbook(saved, true);
  }

  /** Saves the workbook in this browser soon. An opened workbook under review is not saved: it could replace the user's own. */
  persist(): void {
    this.keeper.schedule(
      () => this.workbook,
      () => this.trusted,
      (why) => (this.notice = { kind: 'error', text: `The workbook could not be kept in this browser (${why}). Use Save workbook to keep a copy.` }),
    );
  }

  async #replaceWorkbook(wb: Workbook, trusted: boolean, data: Record<string, string> = {}): Promise<void> {
    this.sources.clear();
    this.kept.clear();
    this.cellStates = new Map();
    this.cellColumns.clear();
    for (const c of this.workbook.cells) this.scheduler.forget(c.id);
    this.workbook = wb;
    this.trusted = trusted;
    if (trusted) this.reviewingLink = false;
    this.selectedId = wb.cells[0]?.id ?? null;
    this.persist();
    this.#replacing = true;
    // A run pressed from now on waits until the last workbook's files and tables are gone and this one's have loaded.
    let settled!: () => void;
    this.#sourcesLoading = new Promise<void>((resolve) => (settled = resolve));
    try {
      // The last workbook's files leave /uploads/ and its tables go, whatever they were called:
      // the next workbook may be a stranger's link, whose SQL would otherwise read them.
      await this.db.clear();
      const loaded = await loadWorkbookSources(wb, trusted, data, { sources: this.sources, keeper: this.keeper, kept: this.kept, sampleHost: this });
      // The user's own workbook, restored in their own browser, picks up where it left off,
      // unless its data came back from browser storage: then nothing runs until asked.
      if (loaded.fromKept) {
        this.notice = { kind: 'info', text: `Your data was restored from this browser.${wb.cells.length ? ' Nothing has run yet: press Run all.' : ''}` };
      } else if (trusted && loaded.all) void this.runAll();
    } finally {
      this.#replacing = false;
      settled();
    }
  }

  /** A loaded source table's data as CSV, for an Excel source's data in a share link. */
  async tableCsv(table: string): Promise<Blob | undefined> {
    return this.sources.get(table)?.status === 'ready' ? tableFile(this.db, table, 'csv') : undefined;
  }

  handleFor(table: string): Promise<FileSystemFileHandle | undefined> {
    return this.keeper.storage.fileHandle(table);
  }

  #onCellState(id: string, state: CellState): void {
    this.cellStates = new Map(this.cellStates).set(id, state);
    if (state.status === 'running' && this.workbook.cells.some((c) => entryOf(c).usesMlWorker)) this.#ml.warm();
    const cell = this.workbook.cells.find((c) => c.id === id);
    // The scheduler has just stored a cluster cell's fitted model in the workbook.
    if (state.status === 'done' && cell?.kind === 'cluster') this.persist();
    if (state.status === 'done' && cell && isTableCell(cell)) {
      void describeTable(this.db, cell.name).then((cols) => {
        if (this.cellStates.get(id)?.version === state.version) this.cellColumns.set(id, cols);
      });
    }
  }
}
