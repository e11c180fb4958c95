import { quoteIdentifier } from '../db/sql-quote.ts';
import type { Database } from '../db/database.ts';
import type { FeatureSpec } from '../ml/preprocess.ts';
import { SAMPLE_ROWS, sweepSeconds, validationSeconds } from '../ml/sampling.ts';
import type { ClusterCell } from './cells/cluster/model.ts';
import type { ValidateCell } from './cells/validate/model.ts';

/** Columns the prepared features will have; a one-hot column counted at its most. */
function width(features: FeatureSpec): number {
  return features.numeric.length + features.categorical.reduce((n, c) => n + (c.topN ?? 10) + 1, 0);
}

async function countRows(db: Database, table: string): Promise<number | null> {
  if (!table) return null;
  const rows = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`).catch(() => null);
  return rows ? Number(rows[0].n) : null;
}

/**
 * What "exact" costs on the cell's input, in one sentence for the checkbox beside it, from the
 * measured per-point costs in ml/sampling.ts; null when the input cannot be counted yet.
 */
export async function exactEstimate(db: Database, cell: ClusterCell | ValidateCell): Promise<string | null> {
  const n = await countRows(db, cell.input);
  if (n === null) return null;
  const d = Math.max(1, width(cell.features));
  const rows = `${n.toLocaleString('en')} rows`;
  if (n <= SAMPLE_ROWS) return `All ${rows} are used either way.`;
  if (cell.kind === 'cluster') {
    const cost = { n, d, ks: Array.from({ length: Math.max(0, cell.sweep.max - cell.sweep.min + 1) }, (_, i) => cell.sweep.min + i), nInit: cell.nInit, references: cell.sweep.references };
    return `Exact on all ${rows}: the k sweep takes ${aboutDuration(sweepSeconds(cost, null))}, sampled ${aboutDuration(sweepSeconds(cost, SAMPLE_ROWS))}.`;
  }
  const distinct = await db.query(`SELECT count(DISTINCT ${quoteIdentifier(cell.segmentColumn)}) AS k FROM ${quoteIdentifier(cell.input)}`).catch(() => null);
  const cost = { n, d, k: Math.max(2, distinct ? Number(distinct[0].k) : 2), bootstrap: cell.bootstrap };
  return `Exact on all ${rows}: validation takes ${aboutDuration(validationSeconds(cost, null))}, sampled ${aboutDuration(validationSeconds(cost, SAMPLE_ROWS))}.`;
}

/** "about 3 s", "about 4 minutes", "about 2 hours": a duration as a user reads it. */
function aboutDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${(seconds / 3600).toFixed(seconds < 36_000 ? 1 : 0)} hours`;
}
