import { describeTable } from '../../../db/catalog.ts';
import type { ValidationResult } from '../../../ml/validate-job.ts';
import { distinctnessNote } from './distinctness-note.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { fetchFeatures } from '../../feature-query.ts';
import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';
import { writeValuesTable } from '../../segment-tables.ts';
import type { ValidateCell } from './model.ts';
import { SettingsError } from '../settings-error.ts';
import { notesText, progressText, rethrowWorded } from '../../ml-words.ts';

/** A segment column with more values than this is not a segmentation. */
const MAX_SEGMENTS = 100;

export interface ValidateResult {
  kind: 'validate';
  /** What the job found; its notes are the cell's notes, worded. */
  validation: Omit<ValidationResult, 'notes'>;
}

/** Checks a segmentation (any column of segment labels) and writes one verdict row per segment. */
export async function runValidateCell(cell: ValidateCell, ctx: CellContext): Promise<CellOutcome<ValidateResult>> {
  if (!cell.input) throw new SettingsError('choose an input table');
  // Before the first query: it can wait behind the grid's statistics of the cell above.
  ctx.report('checking the columns');
  const columns = await describeTable(ctx.db, cell.input).catch(() => {
    throw new SettingsError(`the input table "${cell.input}" does not exist: run the cell that makes it, or pick another input`);
  });
  for (const column of [cell.segmentColumn, cell.valueColumn]) {
    if (column && !columns.some((c) => c.name === column)) {
      throw new SettingsError(`the table "${cell.input}" has no column "${column}"; its columns are ${columns.map((c) => c.name).join(', ')}`);
    }
  }
  if (!(cell.minShare >= 0 && cell.minShare < 1)) throw new SettingsError(`the smallest share must be between 0 and 1: ${cell.minShare}`);
  if (!Number.isInteger(cell.bootstrap) || cell.bootstrap < 0) throw new SettingsError(`bootstrap samples must be a whole number, 0 or more: ${cell.bootstrap}`);
  const segment = quoteIdentifier(cell.segmentColumn);
  ctx.report('listing the segments');
  const distinct = await ctx.db.query(
    `SELECT ${segment} AS s FROM ${quoteIdentifier(cell.input)} WHERE ${segment} IS NOT NULL GROUP BY ALL ORDER BY 1 LIMIT ${MAX_SEGMENTS + 1}`,
    { signal: ctx.signal },
  );
  if (distinct.length > MAX_SEGMENTS) {
    throw new SettingsError(`column "${cell.segmentColumn}" has more than ${MAX_SEGMENTS} distinct values, too many for a segment column: pick the column of segment labels`);
  }
  const segments = distinct.map((r) => String(r.s));
  const list = segments.length ? `[${segments.map(quoteLiteral).join(', ')}]` : '[]::VARCHAR[]';
  const extra: Record<string, string> = { code: `list_position(${list}, CAST(${segment} AS VARCHAR))` };
  if (cell.valueColumn) extra.value = quoteIdentifier(cell.valueColumn);
  ctx.report('reading the features');
  const fetched = await fetchFeatures(ctx.db, {
    table: cell.input,
    numeric: cell.features.numeric.map((f) => f.column),
    categorical: cell.features.categorical.map((f) => ({ column: f.column, topN: f.topN })),
    extra,
    signal: ctx.signal,
  });
  if (fetched.raw.n === 0) throw new SettingsError(`the input table "${cell.input}" is empty: there is nothing to validate`);
  ctx.report('preparing the features');
  const v = await ctx.ml.validate(
    {
      raw: fetched.raw, spec: cell.features, codes: fetched.extra.code, segments, values: fetched.extra.value ?? null,
      minShare: cell.minShare, bootstrap: cell.bootstrap, seed: cell.seed, ...(cell.exact ? { sample: null } : {}),
    },
    { onProgress: (p) => ctx.report(progressText(p)), signal: ctx.signal },
  ).catch(rethrowWorded);
  ctx.report('writing the verdicts');
  await writeValuesTable(
    ctx.db,
    cell.name,
    [
      { name: 'segment', type: 'VARCHAR' }, { name: 'size', type: 'BIGINT' }, { name: 'share', type: 'DOUBLE' },
      { name: 'too_small', type: 'BOOLEAN' }, { name: 'silhouette', type: 'DOUBLE' }, { name: 'jaccard', type: 'DOUBLE' },
      { name: 'mean_value', type: 'DOUBLE' }, { name: 'total_value', type: 'DOUBLE' }, { name: 'verdict', type: 'VARCHAR' },
    ],
    v.segments.map((s) => [s.segment, s.size, s.share, s.tooSmall, s.silhouette, s.jaccard, s.meanValue, s.totalValue, s.verdict]),
  );
  const distinctness = distinctnessNote(v, cell, ctx.lineage.producerKind(cell.input));
  const { notes, ...validation } = v;
  return { rowCount: v.segments.length, notes: [...notesText(notes), ...(distinctness ? [distinctness] : [])], result: { kind: 'validate', validation } };
}
