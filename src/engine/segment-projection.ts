import type { Database } from '../db/database.ts';
import { pca, project } from '../ml/pca.ts';
import { applyPreparation } from '../ml/preprocess.ts';
import { fetchFeatures } from './feature-query.ts';
import type { ClusterCell } from './workbook.ts';
import { SettingsError } from './cells/settings-error.ts';

/**
 * More points than this make a solid blot; above it a seeded sample is drawn. At 50,000 points,
 * preparing, projecting and drawing them held the page's main thread for 120 ms.
 */
export const SCATTER_MAX_POINTS = 10_000;

export interface SegmentProjection {
  /** Drawn rows in the first two principal components; y is 0 when there is one feature. */
  x: Float64Array;
  y: Float64Array;
  /** Segment number (1-based, as in the cell's table) of each drawn row. */
  segment: Int32Array;
  /** Rows in the cell's table. */
  total: number;
  drawn: number;
  /** Each segment's centre in the same two components. */
  centres: Array<{ segment: number; x: number; y: number }>;
  /** Share of the variance of the prepared features along each axis. */
  explained: [number, number];
}

/**
 * The rows of a cluster cell's table in the first two principal components of the features the
 * cell clustered on, prepared (scaled, one-hot) exactly as for clustering. Above
 * SCATTER_MAX_POINTS rows, a seeded sample is prepared, fitted and drawn. Only the sample is read,
 * in the database's background lane: reading a million rows for 10,000 points held up the next
 * cell's queries for 0.4 s and the page's memory by the rows' size.
 */
export async function projectSegments(db: Database, cell: ClusterCell, signal?: AbortSignal): Promise<SegmentProjection> {
  const model = cell.model;
  if (!model) throw new SettingsError(`run "${cell.name}" first: the chart shows its segments`);
  const prep = model.preparation;
  const fetched = await fetchFeatures(db, {
    table: cell.name,
    numeric: prep.numeric.map((t) => t.column),
    categorical: prep.categorical.map((t) => ({ column: t.column, categories: t.categories })),
    extra: { segment: '"segment"' },
    sample: { size: SCATTER_MAX_POINTS, seed: cell.seed },
    background: true,
    signal,
  });
  const { total } = fetched;
  const segments = fetched.extra.segment;
  const { matrix, rows } = applyPreparation(fetched.raw, prep);
  if (matrix.n < 2) throw new SettingsError(`"${cell.name}" has ${matrix.n} row with its features: too few to draw`);
  const d = matrix.d;
  const fit = pca(matrix);
  const axes = Math.min(2, d);
  const points = project(matrix, fit, axes);
  const centroids = project({ data: Float64Array.from(model.centroids), n: model.k, d }, fit, axes);
  const at = (m: { data: Float64Array }, i: number, axis: number) => (axis < axes ? m.data[i * axes + axis] : 0);
  return {
    x: Float64Array.from({ length: matrix.n }, (_, i) => at(points, i, 0)),
    y: Float64Array.from({ length: matrix.n }, (_, i) => at(points, i, 1)),
    segment: Int32Array.from(rows, (r) => segments[r]),
    total,
    drawn: matrix.n,
    centres: Array.from({ length: model.k }, (_, c) => ({ segment: c + 1, x: at(centroids, c, 0), y: at(centroids, c, 1) })),
    explained: [fit.explainedVarianceRatio[0], axes > 1 ? fit.explainedVarianceRatio[1] : 0],
  };
}
