import type { Database } from '../db/database.ts';
import { sweepClusterCell } from '../engine/cells/cluster/cluster-cell.ts';
import { buildGraph, cellReads } from '../engine/graph.ts';
import type { CellContext, CellOutcome } from '../engine/cells/context.ts';
import { planFitSample, runClusterCellOnSample, sweepClusterCellOnSample, type SamplePlan } from '../engine/cells/cluster/sampled-fit.ts';
import { entryOf, type CellResult } from '../engine/cells/registry.ts';
import { workbookLineage } from '../engine/lineage.ts';
import { runCell, type RunContext } from '../engine/run-cell.ts';
import { cellOutputs, isTableCell, withFittedModel, type Cell, type TableCell, type Workbook } from '../engine/workbook.ts';
import type { MlBackend } from '../ml/backend.ts';
import type { KSweep } from '../engine/choose-k.ts';

/**
 * done: it ran; error: it failed; skipped: it did not run because something it reads failed or
 * did not run; kept: a cluster cell that kept its saved model (--keep-models).
 */
export type CellRunStatus = 'done' | 'error' | 'skipped' | 'kept';

export interface CellRun {
  cell: TableCell;
  status: CellRunStatus;
  durationMs: number | null;
  outcome: CellOutcome<CellResult> | null;
  error: string | null;
  sweep: { result: KSweep | null; error: string | null } | null;
  /** A cluster cell fitted on a sample of its input (--fit-sample), or null. */
  fittedOn: SamplePlan | null;
}

export interface CellRunOptions {
  db: Database;
  ml: MlBackend;
  /** Sources whose file did not load: cells reading them are skipped. */
  failedSources: Set<string>;
  sweep: boolean;
  keepModels: boolean;
  /** Cluster cells with more input rows than this fit on a seeded sample of this many; null: the default from their width. */
  fitSample: number | 'all' | null;
  /** Called when a cell or its sweep starts (`step`), and with the progress of its long steps (`update`). */
  onProgress: (cell: TableCell, message: string, kind: 'step' | 'update') => void;
}

/**
 * Runs every cell once, in dependency order, with the engine's runCell: the same outcome the
 * browser's scheduler stores. Unlike the scheduler, which serves an editor, this runs the whole
 * workbook once and says for each cell that did not run which source or cell stopped it.
 * Returns the workbook with the models the cluster cells fitted, as the app keeps them.
 */
export async function runCells(wb: Workbook, options: CellRunOptions): Promise<{ runs: CellRun[]; workbook: Workbook }> {
  const start = wb;
  const graph = buildGraph(wb);
  const runs = new Map<string, CellRun>();
  const label = (id: string) => nameOf(wb.cells.find((c) => c.id === id));
  for (const cycle of graph.cycles) {
    const path = [...cycle, cycle[0]].map(label).join(' → ');
    for (const id of cycle) {
      const cell = wb.cells.find((c) => c.id === id);
      if (cell && isTableCell(cell)) runs.set(id, failed(cell, `dependency cycle: ${path}. Change one of these cells so it no longer reads the other`));
    }
  }
  for (const id of graph.order) {
    const cell = wb.cells.find((c) => c.id === id);
    if (!cell || !isTableCell(cell)) continue;
    const blocker = blockedBy(cell, [...graph.upstream.get(id)!].map((u) => runs.get(u)).filter((r) => r !== undefined), options);
    if (blocker) {
      runs.set(id, { ...failed(cell, blocker), status: 'skipped' });
      continue;
    }
    const run = cell.kind === 'cluster' && cell.model && options.keepModels
      ? { cell, status: 'kept' as const, durationMs: null, outcome: null, error: null, sweep: null, fittedOn: null }
      : await runOne(cell, wb, options);
    if (run.outcome?.model) wb = withFittedModel(wb, id, run.outcome.model);
    if (options.sweep && cell.kind === 'cluster' && run.status !== 'error') {
      options.onProgress(cell, `k sweep from ${cell.sweep.min} to ${cell.sweep.max}`, 'step');
      const ctx = cellContext(wb, cell, options);
      const plan = run.fittedOn ?? (await planFitSample(options.db, cell, options.fitSample));
      run.sweep = await (plan ? sweepClusterCellOnSample(cell, ctx, plan) : sweepClusterCell(cell, ctx)).then(
        (result) => ({ result, error: null }),
        (e: unknown) => ({ result: null, error: message(e) }),
      );
    }
    runs.set(id, run);
  }
  // Cells downstream of a cycle never become ready, so they are not in graph.order.
  return {
    runs: start.cells.filter(isTableCell).map((cell) => runs.get(cell.id) ?? { ...failed(cell, 'an upstream cell is part of a dependency cycle'), status: 'skipped' }),
    workbook: wb,
  };
}

async function runOne(cell: TableCell, wb: Workbook, options: CellRunOptions): Promise<CellRun> {
  options.onProgress(cell, 'running', 'step');
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let fittedOn: SamplePlan | null = null;
  try {
    fittedOn = cell.kind === 'cluster' ? await planFitSample(options.db, cell, options.fitSample) : null;
    if (fittedOn) options.onProgress(cell, `fitting on a seeded sample of ${fittedOn.sampleRows.toLocaleString('en')} of ${fittedOn.inputRows.toLocaleString('en')} rows`, 'step');
    const outcome: CellOutcome<CellResult> = cell.kind === 'cluster' && fittedOn
      ? await runClusterCellOnSample(cell, cellContext(wb, cell, options), fittedOn)
      : await runCell(cell, context(wb, cell, options));
    return { cell, status: 'done', durationMs: elapsed(), outcome, error: null, sweep: null, fittedOn };
  } catch (e) {
    const error = entryOf(cell).describeError?.(e, cell) ?? { message: message(e) };
    const where = error.line ? ` (line ${error.line}, column ${error.column})` : '';
    return { ...failed(cell, error.message + where), durationMs: elapsed(), fittedOn };
  }
}

function context(wb: Workbook, cell: TableCell, options: CellRunOptions): RunContext {
  return { db: options.db, ml: options.ml, workbook: wb, signal: new AbortController().signal, report: (p) => options.onProgress(cell, p, 'update') };
}

/** The context a kind's own runner takes: what the workbook says about its inputs, not the workbook. */
function cellContext(wb: Workbook, cell: TableCell, options: CellRunOptions): CellContext {
  const { workbook, ...rest } = context(wb, cell, options);
  return { ...rest, lineage: workbookLineage(workbook) };
}

/** Why `cell` cannot run, or null when everything it reads is there. */
function blockedBy(cell: TableCell, upstream: CellRun[], options: CellRunOptions): string | null {
  const source = [...cellReads(cell)].find((t) => options.failedSources.has(t));
  if (source) return `source ${source} did not load`;
  for (const u of upstream) {
    if (u.status === 'error') return `upstream cell ${u.cell.name} failed`;
    if (u.status === 'skipped') return `upstream cell ${u.cell.name} did not run (${u.error})`;
    // A score cell needs only the kept model, not the table the cluster cell would have written.
    const onlyModel = cell.kind === 'score' && !cellOutputs(u.cell).some((t) => t.toLowerCase() === cell.input.toLowerCase());
    if (u.status === 'kept' && !onlyModel) return `upstream cell ${u.cell.name} kept its saved model (--keep-models) and wrote no table`;
  }
  return null;
}

function failed(cell: TableCell, error: string): CellRun {
  return { cell, status: 'error', durationMs: null, outcome: null, error, sweep: null, fittedOn: null };
}

function nameOf(cell: Cell | undefined): string {
  return cell && isTableCell(cell) ? cell.name : (cell?.id ?? '?');
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
