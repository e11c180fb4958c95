import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FeatureMatrix } from '../../../src/ml/matrix.ts';
import type { FeatureSpec, MissingPolicy, RawFeatures, Scaling } from '../../../src/ml/preprocess.ts';

/** scikit-learn's fitted numbers for one numeric column: z = (clip(fill(log1p?(x))) - center) / scale. */
export interface NumericParams {
  column: string;
  clipLow: number | null;
  clipHigh: number | null;
  fill: number | null;
  center: number;
  scale: number;
}

/** One option combination, as make_preprocess_oracle.py prepared and clustered it. */
export interface PreprocessCombo {
  id: string;
  log1p: boolean;
  clip: [number, number] | null;
  scale: Scaling;
  missing: MissingPolicy;
  onehot: boolean;
  /** Input rows kept, in order. */
  rows: number[];
  columns: string[];
  numericParams: NumericParams[];
  /** Row-major prepared matrix; null when it is the numeric columns of `matrixFrom`'s. */
  matrix: number[][] | null;
  matrixFrom: string | null;
  labels: number[];
  distances: number[];
  iterations: number;
  inertia: number;
  /** k rows of the numeric columns' centre values, back through the scaler's inverse and expm1. */
  centresInOriginalUnits: number[][];
}

export interface PreprocessFixture {
  sklearn: string;
  n: number;
  k: number;
  numeric: string[];
  categorical: Array<{ column: string; topN: number; categories: string[] }>;
  data: Record<string, Array<number | string | null>>;
  /** Input rows whose prepared values are the initial centres. */
  initRows: number[];
  combos: PreprocessCombo[];
}

export const FIXTURE_PATH = resolve(import.meta.dirname, 'preprocess.expected.json');

let cached: PreprocessFixture | null = null;

export function loadPreprocessFixture(): PreprocessFixture {
  cached ??= JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as PreprocessFixture;
  return cached;
}

export function specOf(f: PreprocessFixture, c: PreprocessCombo): FeatureSpec {
  return {
    numeric: f.numeric.map((column) => ({ column, scale: c.scale, log1p: c.log1p, clip: c.clip })),
    categorical: c.onehot ? f.categorical.map(({ column, topN }) => ({ column, topN })) : [],
    missing: c.missing,
  };
}

/**
 * The input as fetchFeatures hands it over: NULL numbers as NaN, and each text value as its
 * 1-based position in the top-N list (`list_position`), 0 for any other value and for NULL.
 */
export function rawFeaturesOf(f: PreprocessFixture, onehot: boolean): RawFeatures {
  const categorical = onehot ? f.categorical : [];
  return {
    numeric: f.numeric.map((c) => Float64Array.from(f.data[c], (v) => (v === null ? NaN : Number(v)))),
    categorical: categorical.map(({ column, categories }) =>
      Int32Array.from(f.data[column], (v) => (v === null ? 0 : categories.indexOf(String(v)) + 1)),
    ),
    categories: categorical.map((c) => c.categories),
    n: f.n,
  };
}

/** scikit-learn's prepared matrix for `c`, its one-hot twin's numeric columns when it has none of its own. */
export function expectedMatrix(f: PreprocessFixture, c: PreprocessCombo): FeatureMatrix {
  const source = c.matrix ? c : f.combos.find((o) => o.id === c.matrixFrom);
  if (!source?.matrix) throw new Error(`${c.id}: no matrix, and no combination ${c.matrixFrom} to take it from`);
  const at = c.columns.map((name) => source.columns.indexOf(name));
  if (at.includes(-1)) throw new Error(`${c.id}: columns ${c.columns.join(', ')} are not all in ${source.id}`);
  const d = c.columns.length;
  const data = new Float64Array(source.matrix.length * d);
  source.matrix.forEach((row, i) => at.forEach((j, t) => (data[i * d + t] = row[j])));
  return { data, n: source.matrix.length, d };
}

/** |actual - expected| measured relative to the expected value where that is above 1 in size. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}
