import { describeTable } from '../../../db/catalog.ts';
import type { Database } from '../../../db/database.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import type { KSweep } from '../../choose-k.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { buildScoreSql } from '../score/score-sql.ts';
import { runClusterCell, sweepClusterCell, type ClusterResult } from './cluster-cell.ts';
import { centroidTable, type ClusterCell, type FittedModel } from './model.ts';

/**
 * Feature-matrix bytes (rows x columns x 8) a cluster cell may fit on in one piece. Fitting holds
 * several copies of the matrix in JavaScript (DuckDB's rows, the raw and prepared columns, labels,
 * distances, the Arrow result), so this keeps a fit near a gigabyte. A fixed number, not a share of
 * this machine's memory, so that the same workbook gives the same segments on every machine.
 */
export const FIT_BUDGET_BYTES = 64 * 2 ** 20;

/** A fit on `sampleRows` of the input's `inputRows` rows. */
export interface SamplePlan {
  sampleRows: number;
  inputRows: number;
}

/** Columns a segmentation adds to its input; an input that has them gets them replaced. */
const ADDED = ['segment', 'distance', 'fits_segment'];

/** The rows the cell's features may take within `budgetBytes`; one-hot columns counted at their most. */
export function defaultFitSample(cell: ClusterCell, budgetBytes = FIT_BUDGET_BYTES): number {
  const width = cell.features.numeric.length + cell.features.categorical.reduce((n, c) => n + (c.topN ?? 10) + 1, 0);
  return Math.max(2, Math.floor(budgetBytes / (8 * Math.max(1, width))));
}

/**
 * The sample a cluster cell is fitted on when its input has more than `limit` rows (the default
 * from its features' width; 'all' never samples); null when it fits on every row, or when its
 * input cannot be counted, so that the ordinary run gives its own message.
 */
export async function planFitSample(db: Database, cell: ClusterCell, limit: number | 'all' | null): Promise<SamplePlan | null> {
  if (limit === 'all' || !cell.input) return null;
  const sampleRows = limit ?? defaultFitSample(cell);
  const rows = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(cell.input)}`).catch(() => null);
  const inputRows = rows ? Number(rows[0].n) : 0;
  return inputRows > sampleRows ? { sampleRows, inputRows } : null;
}

/**
 * Fits the cell on a seeded sample of its input, then writes its segment table by scoring every
 * row in DuckDB with the fitted model's SQL, so the whole matrix is never in JavaScript's memory.
 * Each row gets its nearest centre, as a fit on every row gives it; the table, the centroid sizes
 * and the inertia count every row.
 */
export async function runClusterCellOnSample(cell: ClusterCell, ctx: CellContext, plan: SamplePlan): Promise<CellOutcome<ClusterResult>> {
  const sampled = await withSample(ctx.db, cell, plan, (sample) => runClusterCell(sample, ctx));
  const model = sampled.outcome.model!;
  ctx.report(`scoring ${plan.inputRows.toLocaleString('en')} rows in SQL`);
  const view = `__scoring_${cell.name}`;
  const input = (await describeTable(ctx.db, cell.input)).map((c) => c.name);
  const replaced = input.filter((c) => ADDED.includes(c));
  const exclude = replaced.length ? ` EXCLUDE (${replaced.map(quoteIdentifier).join(', ')})` : '';
  await ctx.db.exec(`CREATE OR REPLACE VIEW ${quoteIdentifier(view)} AS SELECT *${exclude}, rowid AS "__segbook_rowid" FROM ${quoteIdentifier(cell.input)}`);
  try {
    // No distance cut-off: like a fit on every row, the cluster cell gives each row its nearest
    // centre. A row is left out only when it has a missing value the model cannot fill.
    const nearest = buildScoreSql(view, { ...model, distanceP99: Number.MAX_VALUE }, 'duckdb');
    await ctx.db.exec(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(cell.name)} AS SELECT * EXCLUDE ("__segbook_rowid", fits_segment) ` +
        `FROM (${nearest}) AS scored WHERE segment IS NOT NULL ORDER BY "__segbook_rowid"`,
      { signal: ctx.signal },
    );
  } finally {
    await ctx.db.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(view)}`);
  }
  const sizes = await segmentSizes(ctx.db, cell, model);
  const rowCount = sizes.counts.reduce((a, b) => a + b, 0);
  const notes = [
    `Fitted on a seeded sample of ${plan.sampleRows.toLocaleString('en')} of ${plan.inputRows.toLocaleString('en')} rows; ` +
      `every row scored in SQL against the fitted centres. Sizes and inertia count every row.`,
    ...(sampled.outcome.notes ?? []).map((n) => `In the sample: ${n}`),
  ];
  const dropped = plan.inputRows - rowCount;
  if (dropped > 0) notes.push(`${dropped.toLocaleString('en')} rows have a missing feature value the model cannot fill and have no segment.`);
  const result = sampled.outcome.result && { ...sampled.outcome.result, sizes: sizes.counts, inertia: sizes.inertia };
  return { rowCount, notes, result, model };
}

/** The cell's k sweep, on the same seeded sample its fit uses. */
export function sweepClusterCellOnSample(cell: ClusterCell, ctx: CellContext, plan: SamplePlan): Promise<KSweep> {
  return withSample(ctx.db, cell, plan, (sample) => sweepClusterCell(sample, ctx)).then((r) => r.outcome);
}

/**
 * Runs `fit` on a copy of the cell that reads a seeded sample of its input. The sample is the rows
 * with the smallest hash of their values and the cell's seed: it depends on neither the storage
 * order of the input nor the number of threads, as DuckDB's reservoir sample does.
 */
async function withSample<T>(db: Database, cell: ClusterCell, plan: SamplePlan, fit: (sample: ClusterCell) => Promise<T>): Promise<{ cell: ClusterCell; outcome: T }> {
  const table = `__fit_sample_${cell.name}`;
  const columns = (await describeTable(db, cell.input)).map((c) => quoteIdentifier(c.name));
  await db.exec(
    `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS SELECT * FROM ${quoteIdentifier(cell.input)} ` +
      `ORDER BY hash(${columns.join(', ')}, ${Math.trunc(cell.seed)}), ${columns.join(', ')} LIMIT ${plan.sampleRows}`,
  );
  const sample: ClusterCell = { ...cell, input: table };
  try {
    return { cell: sample, outcome: await fit(sample) };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
  }
}

/** Each segment's rows over the whole input, and the centroid table's sizes and shares made to match. */
async function segmentSizes(db: Database, cell: ClusterCell, model: FittedModel): Promise<{ counts: number[]; inertia: number }> {
  const k = model.k;
  const rows = await db.query(
    `SELECT segment, count(*) AS n, sum(distance * distance) AS ss FROM ${quoteIdentifier(cell.name)} GROUP BY segment ORDER BY segment`,
  );
  const counts = Array.from({ length: k }, () => 0);
  let inertia = 0;
  for (const r of rows) {
    counts[Number(r.segment) - 1] = Number(r.n);
    inertia += Number(r.ss);
  }
  const total = Math.max(1, counts.reduce((a, b) => a + b, 0));
  const centroids = quoteIdentifier(centroidTable(cell.name));
  const values = counts.map((n, c) => `(${c + 1}, ${n})`).join(', ');
  await db.exec(
    `CREATE OR REPLACE TABLE ${centroids} AS SELECT c.* REPLACE (CAST(s.n AS BIGINT) AS size, s.n / ${total}::DOUBLE AS share) ` +
      `FROM ${centroids} c JOIN (VALUES ${values}) AS s(segment, n) USING (segment) ORDER BY segment`,
  );
  return { counts, inertia };
}
