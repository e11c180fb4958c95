import { Cancelled } from '../cancelled.ts';
import type { Database } from '../db/database.ts';
import { IDLE, type CellError, type CellState } from './cell-state.ts';
import { buildGraph, cellReads, downstreamOf, upstreamOf, type CellGraph } from './graph.ts';
import type { MlBackend } from '../ml/backend.ts';
import { entryOf } from './cells/registry.ts';
import { runCell } from './run-cell.ts';
import { findCell, isTableCell, type Cell, type FittedModel, type Workbook } from './workbook.ts';

export type StateListener = (cellId: string, state: CellState) => void;

/** How far the current batch of runs is: `done` of `total` cells finished (run, failed or skipped). */
export interface RunProgress {
  done: number;
  total: number;
}

interface Running {
  id: string;
  version: number;
  controller: AbortController;
}

/**
 * Runs cells in dependency order. Running a cell also runs every cell downstream of it, and any
 * upstream cell that has not run yet, and nothing else. Work goes through one queue; when a
 * queued or running cell is asked to run again, the newer request wins and an older result is
 * dropped.
 */
export class Scheduler {
  readonly #states = new Map<string, CellState>();
  readonly #pending = new Set<string>();
  #running: Running | null = null;
  #loop: Promise<void> | null = null;
  /** Cells queued since the queue was last empty; the progress counts them down. */
  #batchTotal = 0;
  readonly #progressListeners = new Set<(progress: RunProgress | null) => void>();

  private readonly ml: MlBackend;
  private readonly now: () => number;
  private readonly keepModel: (id: string, model: FittedModel) => void;

  constructor(
    private readonly db: Database,
    /** The workbook as it is now. Each step reads it once, and a run keeps what it read: give plain data that edits replace. */
    private readonly workbook: () => Workbook,
    private readonly listener: StateListener = () => {},
    options: {
      ml?: MlBackend;
      now?: () => number;
      /** Stores a model a run fitted into the workbook, by replacing the cell; called only for the latest run of the cell. */
      keepModel?: (id: string, model: FittedModel) => void;
    } = {},
  ) {
    this.ml = options.ml ?? noClustering;
    this.now = options.now ?? Date.now;
    this.keepModel = options.keepModel ?? (() => {});
  }

  state(id: string): CellState {
    return this.#states.get(id) ?? IDLE;
  }

  /**
   * Runs `ids`, their downstream cells and their not-yet-run upstream cells; resolves when the
   * queue is empty. Run above asks for no downstream cells: they are the cells below.
   */
  run(ids: Iterable<string>, { downstream = true }: { downstream?: boolean } = {}): Promise<void> {
    const wb = this.workbook();
    const graph = this.#graphWithCycles(wb);
    const blocked = new Set(graph.cycles.flat());
    const plan = new Set<string>();
    if (!this.#loop) this.#batchTotal = 0;
    for (const id of ids) {
      if (!graph.upstream.has(id) || blocked.has(id)) continue;
      plan.add(id);
      if (downstream) for (const d of downstreamOf(graph, [id])) plan.add(d);
      for (const u of upstreamOf(graph, id)) if (this.state(u).status !== 'done' && !blocked.has(u)) plan.add(u);
    }
    for (const id of plan) {
      const cell = findCell(wb, id);
      if (!cell || !isTableCell(cell)) continue;
      if (this.#dependsOnCycle(graph, id, blocked)) {
        this.#set(id, { status: 'stale', error: { message: 'an upstream cell is part of a dependency cycle' } });
        continue;
      }
      if (!this.#pending.has(id)) this.#batchTotal++;
      this.#set(id, { status: 'queued', version: this.state(id).version + 1, error: undefined });
      this.#pending.add(id);
    }
    if (this.#running && plan.has(this.#running.id)) this.#running.controller.abort();
    this.#loop ??= this.#work().finally(() => {
      this.#loop = null;
      this.#batchTotal = 0;
      for (const listener of this.#progressListeners) listener(null);
    });
    this.#emitProgress();
    return this.#loop;
  }

  /** Calls `listener` as the cells of a batch finish, and with null when the queue is empty; returns an unsubscribe. */
  onProgress(listener: (progress: RunProgress | null) => void): () => void {
    this.#progressListeners.add(listener);
    return () => this.#progressListeners.delete(listener);
  }

  /** Progress of the runs under way, or null when nothing is queued or running. */
  progress(): RunProgress | null {
    if (this.#batchTotal === 0) return null;
    const running = this.#running && this.state(this.#running.id).status === 'running' ? 1 : 0;
    const left = this.#pending.size + running;
    return { done: Math.max(0, this.#batchTotal - left), total: this.#batchTotal };
  }

  /** Cancels every queued run and the running one, as the Cancel of Run all does. */
  cancelAll(): void {
    for (const id of this.#pending) this.#set(id, { status: 'cancelled', error: { message: 'cancelled before it started' } });
    this.#pending.clear();
    this.#running?.controller.abort();
    this.#emitProgress();
  }

  #emitProgress(): void {
    const progress = this.progress();
    if (progress) for (const listener of this.#progressListeners) listener(progress);
  }

  /** Runs every cell of the workbook in order. */
  runAll(): Promise<void> {
    return this.run(this.workbook().cells.map((c) => c.id));
  }

  /** Runs the cells above `id` (and what they read), not `id` itself and nothing below it. */
  runAbove(id: string): Promise<void> {
    const cells = this.workbook().cells;
    const at = cells.findIndex((c) => c.id === id);
    return this.run(cells.slice(0, Math.max(0, at)).map((c) => c.id), { downstream: false });
  }

  /** Runs cell `id` and every cell below it. */
  runBelow(id: string): Promise<void> {
    const cells = this.workbook().cells;
    const at = cells.findIndex((c) => c.id === id);
    return at < 0 ? Promise.resolve() : this.run(cells.slice(at).map((c) => c.id));
  }

  /** Runs the cells that read `table`, e.g. after a data source was reloaded. */
  runReadersOf(table: string): Promise<void> {
    const readers = this.workbook().cells.filter((c) => cellReads(c).has(table.toLowerCase()));
    return readers.length ? this.run(readers.map((c) => c.id)) : Promise.resolve();
  }

  /** Cancels a cell's run, and the queued runs downstream of it. */
  cancel(id: string): void {
    const graph = buildGraph(this.workbook());
    for (const d of downstreamOf(graph, [id])) {
      if (this.#pending.delete(d)) this.#set(d, { status: 'stale', error: { message: 'an upstream run was cancelled' } });
    }
    if (this.#pending.delete(id)) this.#set(id, { status: 'cancelled', error: { message: 'cancelled before it started' } });
    if (this.#running?.id === id) this.#running.controller.abort();
  }

  /** Forgets a deleted cell. */
  forget(id: string): void {
    this.#pending.delete(id);
    if (this.#running?.id === id) this.#running.controller.abort();
    this.#states.delete(id);
  }

  /** Marks a cell as never run, e.g. after its text or name changed on reload. */
  reset(id: string): void {
    if (!this.#pending.has(id) && this.#running?.id !== id) this.#set(id, { status: 'idle', error: undefined });
  }

  /**
   * Stops everything after the database lost its tables: drops queued runs, abandons the running
   * one, and marks every cell that had run or was about to as stale, with `message`. Returns how
   * many cells were marked.
   */
  interrupt(message: string): number {
    this.#pending.clear();
    this.#running?.controller.abort();
    let marked = 0;
    for (const [id, s] of this.#states) {
      if (s.status === 'idle' || s.status === 'error') continue;
      this.#set(id, { status: 'stale', version: s.version + 1, error: { message }, progress: undefined });
      marked++;
    }
    return marked;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    return this.#loop ?? Promise.resolve();
  }

  async #work(): Promise<void> {
    for (;;) {
      const wb = this.workbook();
      const graph = buildGraph(wb);
      const next = graph.order.find((id) => this.#pending.has(id));
      if (next === undefined) {
        this.#pending.clear();
        return;
      }
      this.#pending.delete(next);
      const failed = [...graph.upstream.get(next)!].find((u) => ['error', 'stale', 'cancelled'].includes(this.state(u).status));
      if (failed) {
        this.#set(next, { status: 'stale', error: { message: `upstream cell ${cellLabel(wb, failed)} did not finish` } });
        continue;
      }
      await this.#execute(wb, next, graph);
    }
  }

  /** Runs cell `id` of `workbook`, the snapshot taken when the step started: edits made while it runs do not reach it. */
  async #execute(workbook: Workbook, id: string, graph: CellGraph): Promise<void> {
    const cell = findCell(workbook, id);
    if (!cell || !isTableCell(cell)) return;
    const version = this.state(id).version;
    const controller = new AbortController();
    this.#running = { id, version, controller };
    const startedAt = this.now();
    this.#set(id, { status: 'running', startedAt, durationMs: undefined, rowCount: undefined, progress: entryOf(cell).startLine, notes: undefined, result: undefined });
    const report = (progress: string) => {
      if (this.state(id).version === version && this.state(id).status === 'running') this.#set(id, { progress });
    };
    try {
      const outcome = await runCell(cell, { db: this.db, ml: this.ml, workbook, signal: controller.signal, report });
      if (this.state(id).version !== version) return;
      if (outcome.model) this.keepModel(id, outcome.model);
      this.#set(id, {
        status: 'done', durationMs: this.now() - startedAt, rowCount: outcome.rowCount, error: undefined, progress: undefined,
        notes: outcome.notes, result: outcome.result,
      });
    } catch (e) {
      if (this.state(id).version !== version) return;
      const cancelled = e instanceof Cancelled;
      const error: CellError = cancelled
        ? { message: 'cancelled' }
        : (entryOf(cell).describeError?.(e, cell) ?? { message: e instanceof Error ? e.message : String(e) });
      this.#set(id, { status: cancelled ? 'cancelled' : 'error', durationMs: this.now() - startedAt, error, progress: undefined });
      for (const d of downstreamOf(graph, [id])) {
        this.#pending.delete(d);
        this.#set(d, { status: 'stale', error: { message: `upstream cell ${cellLabel(workbook, id)} ${cancelled ? 'was cancelled' : 'failed'}` } });
      }
    } finally {
      if (this.#running?.controller === controller) this.#running = null;
    }
  }

  #graphWithCycles(wb: Workbook): CellGraph {
    const graph = buildGraph(wb);
    const inCycle = new Set<string>();
    for (const cycle of graph.cycles) {
      const names = cycle.map((id) => cellLabel(wb, id));
      const path = [...names, names[0]].join(' → ');
      for (const id of cycle) {
        inCycle.add(id);
        this.#pending.delete(id);
        this.#set(id, { status: 'error', error: { message: `dependency cycle: ${path}. Change one of these cells so it no longer reads the other` } });
      }
    }
    // A cell that was in a cycle and no longer is can run again.
    for (const [id, s] of this.#states) {
      if (!inCycle.has(id) && s.status === 'error' && s.error?.message.startsWith('dependency cycle')) this.#set(id, { status: 'idle', error: undefined });
    }
    return graph;
  }

  #dependsOnCycle(graph: CellGraph, id: string, blocked: Set<string>): boolean {
    for (const u of upstreamOf(graph, id)) if (blocked.has(u)) return true;
    return false;
  }

  #set(id: string, patch: Partial<CellState>): void {
    const next = { ...this.state(id), ...patch };
    this.#states.set(id, next);
    this.listener(id, next);
    if (patch.status && patch.status !== 'queued') this.#emitProgress();
  }
}

function cellLabel(wb: Workbook, id: string): string {
  const cell: Cell | undefined = findCell(wb, id);
  return cell && isTableCell(cell) ? cell.name : id;
}

const unavailable = () => Promise.reject(new Error('this runner has no clustering engine'));
const noClustering: MlBackend = { cluster: unavailable, sweep: unavailable, score: unavailable, validate: unavailable, clv: unavailable, tree: unavailable };
