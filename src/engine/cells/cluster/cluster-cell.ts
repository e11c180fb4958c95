import { chooseK, type KSweep } from '../../choose-k.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { fetchFeatures, type FeatureRequest } from '../../feature-query.ts';
import { writeSegmentTable, writeValuesTable } from '../../segment-tables.ts';
import { centroidTable, type ClusterCell } from './model.ts';
import { SettingsError } from '../settings-error.ts';
import { notesText, progressText, rethrowWorded } from '../../ml-words.ts';

/** What a finished cluster cell found, for its view. */
export interface ClusterResult {
  kind: 'cluster';
  sizes: number[];
  inertia: number;
  iterations: number;
  columns: string[];
}

/** Clusters the cell's input and writes the segments and the centroids; returns the fitted model for the workbook to keep. */
export async function runClusterCell(cell: ClusterCell, ctx: CellContext): Promise<CellOutcome<ClusterResult>> {
  checkSettings(cell);
  ctx.report('reading the features');
  const fetched = await fetchFeatures(ctx.db, featureRequest(cell, ctx.signal));
  if (fetched.raw.n === 0) throw new SettingsError(`the input table "${cell.input}" is empty: there is nothing to cluster`);
  ctx.report('preparing the features');
  const result = await ctx.ml.cluster(
    {
      raw: fetched.raw, rowids: fetched.rowids, spec: cell.features, algorithm: cell.algorithm,
      k: cell.k, nInit: cell.nInit, maxIter: cell.maxIter, tol: cell.tol, seed: cell.seed, ...(cell.exact ? { sample: null } : {}),
    },
    { onProgress: (p) => ctx.report(progressText(p)), signal: ctx.signal },
  ).catch(rethrowWorded);
  ctx.report('writing the segments table');
  const rowCount = await writeSegmentTable(ctx.db, cell.input, cell.name, result.segmentsIpc, false, ctx.signal);
  const total = result.sizes.reduce((a, b) => a + b, 0);
  const names = Object.keys(result.centres[0] ?? {});
  await writeValuesTable(
    ctx.db,
    centroidTable(cell.name),
    [{ name: 'segment', type: 'INTEGER' }, { name: 'size', type: 'BIGINT' }, { name: 'share', type: 'DOUBLE' }, ...names.map((name) => ({ name, type: 'DOUBLE' }))],
    result.centres.map((centre, c) => [c + 1, result.sizes[c], result.sizes[c] / total, ...names.map((name) => centre[name])]),
  );
  return {
    rowCount,
    model: { preparation: result.preparation, centroids: result.centroids, k: cell.k, distanceP99: result.distanceP99 },
    notes: notesText(result.notes),
    result: { kind: 'cluster', sizes: result.sizes, inertia: result.inertia, iterations: result.iterations, columns: result.preparation.columns },
  };
}

/** Runs the k sweep of a cluster cell: every k from sweep.min to sweep.max, with the metrics and the k they point to. */
export async function sweepClusterCell(cell: ClusterCell, ctx: Pick<CellContext, 'db' | 'ml' | 'signal' | 'report'>): Promise<KSweep> {
  checkSettings(cell);
  const fetched = await fetchFeatures(ctx.db, featureRequest(cell, ctx.signal));
  if (fetched.raw.n === 0) throw new SettingsError(`the input table "${cell.input}" is empty: there is nothing to cluster`);
  const sweep = await ctx.ml.sweep(
    {
      raw: fetched.raw, spec: cell.features, min: cell.sweep.min, max: cell.sweep.max, references: cell.sweep.references,
      nInit: cell.nInit, maxIter: cell.maxIter, tol: cell.tol, seed: cell.seed, ...(cell.exact ? { sample: null } : {}),
    },
    { onProgress: (p) => ctx.report(progressText(p)), signal: ctx.signal },
  ).catch(rethrowWorded);
  return { ...sweep, notes: notesText(sweep.notes), ...chooseK(sweep) };
}

function featureRequest(cell: ClusterCell, signal: AbortSignal): FeatureRequest {
  return {
    table: cell.input,
    numeric: cell.features.numeric.map((f) => f.column),
    categorical: cell.features.categorical.map((f) => ({ column: f.column, topN: f.topN })),
    signal,
  };
}

function checkSettings(cell: ClusterCell): void {
  if (!cell.input) throw new SettingsError('choose an input table');
  if (!Number.isInteger(cell.nInit) || cell.nInit < 1) throw new SettingsError(`restarts must be a whole number of at least 1: ${cell.nInit}`);
  if (!Number.isInteger(cell.maxIter) || cell.maxIter < 1) throw new SettingsError(`max iterations must be a whole number of at least 1: ${cell.maxIter}`);
  if (!(cell.tol >= 0)) throw new SettingsError(`tolerance must be 0 or more: ${cell.tol}`);
}
