import type { Database } from '../db/database.ts';
import { takeRows } from '../ml/matrix.ts';
import { pca, project } from '../ml/pca.ts';
import { prepareFeatures, type FeatureSpec } from '../ml/preprocess.ts';
import { Random } from '../ml/random.ts';
import { fetchFeatures } from './feature-query.ts';
import { SettingsError } from './cells/settings-error.ts';
import { notesText, rethrowWorded } from './ml-words.ts';

/** More points than this make the step-through view slow to redraw, and no clearer. */
export const MAX_STEP_POINTS = 3000;

export interface StepPoints {
  x: Float64Array;
  y: Float64Array;
  xLabel: string;
  yLabel: string;
  /** Rows of the table that had both values; the points are a seeded sample when above the cap. */
  total: number;
  notes: string[];
}

/** Two columns of the table, or the first two principal components of the cluster's features. */
export type StepAxes = { kind: 'columns'; x: string; y: string; standardise: boolean } | { kind: 'pca'; features: FeatureSpec };

/** The 2-D points the step-through k-means teaches on. */
export async function fetchStepPoints(db: Database, table: string, axes: StepAxes, seed: number, signal?: AbortSignal): Promise<StepPoints> {
  const features: FeatureSpec =
    axes.kind === 'pca'
      ? axes.features
      : {
          numeric: [axes.x, axes.y].map((column) => ({ column, scale: axes.standardise ? 'standard' : 'none', log1p: false, clip: null })),
          categorical: [],
          missing: 'drop',
        };
  if (axes.kind === 'columns' && axes.x === axes.y) throw new SettingsError(`choose two different columns: both axes are "${axes.x}"`);
  if (axes.kind === 'pca' && features.numeric.length + features.categorical.length < 2) {
    throw new SettingsError('principal components need at least two features: choose them in the cluster settings first');
  }
  const fetched = await fetchFeatures(db, {
    table,
    numeric: features.numeric.map((f) => f.column),
    categorical: features.categorical.map((f) => ({ column: f.column, topN: f.topN })),
    signal,
  });
  const prepared = (() => {
    try {
      return prepareFeatures(fetched.raw, features);
    } catch (e) {
      return rethrowWorded(e);
    }
  })();
  if (prepared.matrix.n < 2) throw new SettingsError(`"${table}" has fewer than two rows with both values: there is nothing to cluster`);
  if (prepared.matrix.d < 2) throw new SettingsError('fewer than two features vary after preparation: choose others that do');
  const notes = notesText(prepared.notes);
  let m = prepared.matrix;
  if (m.n > MAX_STEP_POINTS) {
    m = takeRows(m, new Random(seed).sample(m.n, MAX_STEP_POINTS));
    notes.push(`Showing a seeded sample of ${MAX_STEP_POINTS.toLocaleString('en')} of ${prepared.matrix.n.toLocaleString('en')} rows.`);
  }
  let xLabel = axes.kind === 'columns' ? axes.x : 'first principal component';
  let yLabel = axes.kind === 'columns' ? axes.y : 'second principal component';
  if (axes.kind === 'pca') {
    const p = pca(m);
    const share = (c: number) => `${(100 * p.explainedVarianceRatio[c]).toFixed(0)}% of the variance`;
    xLabel += ` (${share(0)})`;
    yLabel += ` (${share(1)})`;
    m = project(m, p, 2);
  } else if (axes.standardise) {
    xLabel += ' (standardised)';
    yLabel += ' (standardised)';
  }
  const x = new Float64Array(m.n);
  const y = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) {
    x[i] = m.data[i * m.d];
    y[i] = m.data[i * m.d + 1];
  }
  return { x, y, xLabel, yLabel, total: prepared.matrix.n, notes };
}
