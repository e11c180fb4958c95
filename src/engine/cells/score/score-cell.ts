import type { CellContext, CellOutcome } from '../context.ts';
import { fetchFeatures } from '../../feature-query.ts';
import { writeSegmentTable } from '../../segment-tables.ts';
import type { ScoreCell } from './model.ts';
import { SettingsError } from '../settings-error.ts';
import { progressText } from '../../ml-words.ts';

/** How many rows a score cell gave a segment, and how many it could not. */
export interface ScoreResult {
  kind: 'score';
  scored: number;
  unfit: number;
  dropped: number;
}

/** Gives every row of the input the segment of a fitted cluster cell, without clustering again. */
export async function runScoreCell(cell: ScoreCell, ctx: CellContext): Promise<CellOutcome<ScoreResult>> {
  const model = ctx.lineage.fittedModel(cell.model);
  if (model === undefined) throw new SettingsError(`no cluster cell writes "${cell.model}": choose the cluster cell whose segments to apply`);
  if (!model) throw new SettingsError(`cluster cell "${cell.model}" has no fitted model yet: run it first`);
  if (!cell.input) throw new SettingsError('choose an input table to score');
  const fetched = await fetchFeatures(ctx.db, {
    table: cell.input,
    numeric: model.preparation.numeric.map((t) => t.column),
    categorical: model.preparation.categorical.map((t) => ({ column: t.column, categories: t.categories })),
    signal: ctx.signal,
  });
  const result = await ctx.ml.score({ raw: fetched.raw, rowids: fetched.rowids, model }, { onProgress: (p) => ctx.report(progressText(p)), signal: ctx.signal });
  const rowCount = await writeSegmentTable(ctx.db, cell.input, cell.name, result.segmentsIpc, true, ctx.signal);
  const notes: string[] = [];
  const pct = (n: number) => `${((100 * n) / Math.max(1, fetched.raw.n)).toFixed(1)}%`;
  if (result.unfit) {
    notes.push(
      `${result.unfit.toLocaleString('en')} of ${fetched.raw.n.toLocaleString('en')} rows (${pct(result.unfit)}) fit no segment: ` +
        `each is farther from every centre than 99% of the training rows were from theirs. Their segment is NULL.`,
    );
  }
  if (result.dropped) {
    notes.push(`${result.dropped.toLocaleString('en')} rows have a missing feature value and were not scored (the model drops such rows).`);
  }
  return { rowCount, notes, result: { kind: 'score', scored: result.scored, unfit: result.unfit, dropped: result.dropped } };
}
