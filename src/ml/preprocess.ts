import type { FeatureMatrix } from './matrix.ts';
import { FeatureError, type MlNote } from './notes.ts';

export type Scaling = 'standard' | 'minmax' | 'robust' | 'none';
export type MissingPolicy = 'drop' | 'mean' | 'median';

export interface NumericFeature {
  column: string;
  scale: Scaling;
  log1p: boolean;
  /** Percentiles to clip at before scaling, e.g. [1, 99]; null for none. */
  clip: [number, number] | null;
}

export interface CategoricalFeature {
  column: string;
  /** Categories kept; the rest are grouped as "other". */
  topN: number;
}

export interface FeatureSpec {
  numeric: NumericFeature[];
  categorical: CategoricalFeature[];
  missing: MissingPolicy;
}

/** How one numeric column was turned into a matrix column, so new data can be treated alike. */
export interface NumericTransform {
  column: string;
  log1p: boolean;
  clipLow: number | null;
  clipHigh: number | null;
  /**
   * Value that replaces a missing one, or null when rows were dropped: the mean or median of the
   * observed values after log1p, before clipping (then clipped like any value, as SimpleImputer
   * followed by a clip does).
   */
  fill: number | null;
  center: number;
  scale: number;
}

export interface CategoricalTransform {
  column: string;
  /** Category names by code: code c (1-based in the raw column) is categories[c - 1]; 0 is "other". */
  categories: string[];
  /** Whether an "other" column exists. */
  other: boolean;
}

/** Everything needed to prepare new rows the way the training rows were prepared. */
export interface Preparation {
  numeric: NumericTransform[];
  categorical: CategoricalTransform[];
  /** Names of the matrix columns, in order; zero-variance columns are already left out. */
  columns: string[];
  /** Which of the candidate columns were kept (the others had zero variance). */
  kept: number[];
}

export interface RawFeatures {
  /** One array per numeric feature, NaN where the value is missing. */
  numeric: Float64Array[];
  /** One array per categorical feature: 1-based code of a kept category, 0 for "other". */
  categorical: Int32Array[];
  /** Category names by code, per categorical feature (from the database's top-N query). */
  categories: string[][];
  n: number;
}

export interface PreparedMatrix {
  matrix: FeatureMatrix;
  preparation: Preparation;
  /** Input row index of each matrix row (rows with missing values may have been dropped). */
  rows: Int32Array;
  /** What the user should know: dropped rows, imputed values, dropped constant columns. */
  notes: MlNote[];
}

/** Fits the preparation on `raw` and applies it: log1p, clipping, missing values, scaling, one-hot. */
export function prepareFeatures(raw: RawFeatures, spec: FeatureSpec): PreparedMatrix {
  if (spec.numeric.length + spec.categorical.length === 0) throw new FeatureError({ code: 'no-features' });
  if (raw.n === 0) throw new FeatureError({ code: 'no-rows' });
  const notes: MlNote[] = [];
  // Read only: a column without log1p is not copied. Plain indexed loops in small functions
  // throughout: on a million rows, for...of and loops inside callbacks made the preparation take
  // 0.3-0.4 s, and it runs before every fit, sweep and validation.
  const transformed = spec.numeric.map((f, j) => (f.log1p ? log1pColumn(raw.numeric[j], f.column) : raw.numeric[j]));

  const missing = new Uint8Array(raw.n);
  let missingRows = 0;
  for (const values of transformed) missingRows += markMissing(values, missing);
  // Loops, not Int32Array.from with a callback: that costs about a microsecond a row in V8.
  let rows = new Int32Array(raw.n);
  for (let i = 0; i < raw.n; i++) rows[i] = i;
  if (missingRows > 0 && spec.missing === 'drop') {
    rows = rows.filter((i) => !missing[i]);
    notes.push({ kind: 'rows-dropped', dropped: missingRows, rows: raw.n });
    if (rows.length === 0) throw new FeatureError({ code: 'all-rows-missing' });
  }

  const numeric: NumericTransform[] = spec.numeric.map((f, j) => {
    const values = transformed[j];
    const present = presentValues(values, rows);
    if (present.length === 0) throw new FeatureError({ code: 'column-empty', column: f.column });
    // Sorted only for a quantile: sorting a million values took longer than the rest of the preparation.
    const sorted = f.clip || spec.missing === 'median' ? present.slice().sort() : present;
    // Bounds from the observed values only (np.nanpercentile): imputed values would pull them inwards.
    const clipLow = f.clip ? quantile(sorted, f.clip[0] / 100) : null;
    const clipHigh = f.clip ? quantile(sorted, f.clip[1] / 100) : null;
    // Kept even when nothing was missing here, so that scoring new data can fill its gaps alike.
    const fill = spec.missing === 'drop' ? null : spec.missing === 'median' ? quantile(sorted, 0.5) : mean(present);
    const missingHere = rows.length - present.length;
    if (missingHere > 0 && fill !== null && spec.missing !== 'drop') {
      notes.push({ kind: 'values-filled', column: f.column, count: missingHere, policy: spec.missing, log1p: f.log1p, fill });
    }
    const t: NumericTransform = { column: f.column, log1p: f.log1p, clipLow, clipHigh, fill, center: 0, scale: 1 };
    // The scaler is fitted on exactly what it will scale: the raw value through log1p, fill and clip once.
    Object.assign(t, fitScale(unscaledColumn(t, raw.numeric[j], rows), f.scale));
    return t;
  });

  const categorical: CategoricalTransform[] = spec.categorical.map((f, j) => {
    const codes = raw.categorical[j];
    let other = false;
    for (const i of rows) if (codes[i] === 0) other = true;
    return { column: f.column, categories: raw.categories[j], other };
  });

  const candidates = candidateColumns(numeric, categorical);
  const full = fillMatrix(raw, rows, numeric, categorical, candidates.length);
  const kept = keepVarying(full, candidates.length);
  const dropped = candidates.filter((_, c) => !kept.includes(c));
  if (kept.length === 0) throw new FeatureError({ code: 'all-constant', columns: candidates });
  if (dropped.length) notes.push({ kind: 'zero-variance', columns: dropped });
  const preparation: Preparation = { numeric, categorical, columns: kept.map((c) => candidates[c]), kept };
  return { matrix: selectColumns(full, kept), preparation, rows, notes };
}

/** Applies a fitted preparation to new rows (for scoring); rows with missing values the model cannot fill are dropped. */
export function applyPreparation(raw: RawFeatures, prep: Preparation): { matrix: FeatureMatrix; rows: Int32Array } {
  const keep: number[] = [];
  for (let i = 0; i < raw.n; i++) {
    let ok = true;
    prep.numeric.forEach((t, j) => {
      if (Number.isNaN(raw.numeric[j][i]) && t.fill === null) ok = false;
    });
    if (ok) keep.push(i);
  }
  const rows = Int32Array.from(keep);
  const candidates = candidateColumns(prep.numeric, prep.categorical);
  const full = fillMatrix(raw, rows, prep.numeric, prep.categorical, candidates.length);
  return { matrix: selectColumns(full, prep.kept), rows };
}

/** Centroids (in matrix space) back in the units of the original columns. */
export function centroidsInOriginalUnits(centroids: Float64Array, k: number, prep: Preparation): Array<Record<string, number>> {
  const d = prep.columns.length;
  const candidates = candidateColumns(prep.numeric, prep.categorical);
  return Array.from({ length: k }, (_, c) => {
    const full = new Map<string, number>();
    prep.kept.forEach((col, j) => full.set(candidates[col], centroids[c * d + j]));
    const out: Record<string, number> = {};
    for (const t of prep.numeric) {
      const z = full.get(t.column) ?? 0;
      const x = t.center + z * t.scale;
      out[t.column] = t.log1p ? Math.expm1(x) : x;
    }
    for (const t of prep.categorical) {
      for (const name of categoryColumnNames(t)) out[name] = full.get(name) ?? 0;
    }
    return out;
  });
}

export function categoryColumnNames(t: CategoricalTransform): string[] {
  return [...t.categories.map((c) => `${t.column}=${c}`), ...(t.other ? [`${t.column}=other`] : [])];
}

function candidateColumns(numeric: NumericTransform[], categorical: CategoricalTransform[]): string[] {
  return [...numeric.map((t) => t.column), ...categorical.flatMap(categoryColumnNames)];
}

function applyNumeric(t: NumericTransform, raw: number, scale: boolean): number {
  let v = t.log1p ? Math.log1p(raw) : raw;
  if (Number.isNaN(v)) v = t.fill ?? NaN;
  if (t.clipLow !== null && v < t.clipLow) v = t.clipLow;
  if (t.clipHigh !== null && v > t.clipHigh) v = t.clipHigh;
  return scale ? (v - t.center) / t.scale : v;
}

function log1pColumn(values: Float64Array, column: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v <= -1) throw new FeatureError({ code: 'log1p-domain', column, value: v });
    out[i] = Math.log1p(v);
  }
  return out;
}

/** Marks the rows where `values` is NaN and were not marked yet; returns how many it marked. */
function markMissing(values: Float64Array, missing: Uint8Array): number {
  let marked = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i] && missing[i] === 0) {
      missing[i] = 1;
      marked++;
    }
  }
  return marked;
}

/** The raw values of `rows` through log1p, fill and clip, before scaling. */
function unscaledColumn(t: NumericTransform, values: Float64Array, rows: Int32Array): Float64Array {
  const column = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) column[r] = applyNumeric(t, values[rows[r]], false);
  return column;
}

function fillNumeric(t: NumericTransform, values: Float64Array, rows: Int32Array, data: Float64Array, width: number, j: number): void {
  for (let r = 0, o = j; r < rows.length; r++, o += width) data[o] = applyNumeric(t, values[rows[r]], true);
}

function fillMatrix(raw: RawFeatures, rows: Int32Array, numeric: NumericTransform[], categorical: CategoricalTransform[], width: number): FeatureMatrix {
  const n = rows.length;
  const data = new Float64Array(n * width);
  for (let j = 0; j < numeric.length; j++) fillNumeric(numeric[j], raw.numeric[j], rows, data, width, j);
  let offset = numeric.length;
  categorical.forEach((t, j) => {
    const codes = raw.categorical[j];
    const count = t.categories.length;
    for (let r = 0; r < n; r++) {
      const code = codes[rows[r]];
      if (code > 0 && code <= count) data[r * width + offset + code - 1] = 1;
      else if (t.other) data[r * width + offset + count] = 1;
    }
    offset += count + (t.other ? 1 : 0);
  });
  return { data, n, d: width };
}

function keepVarying(m: FeatureMatrix, width: number): number[] {
  const kept: number[] = [];
  for (let c = 0; c < width; c++) {
    const first = m.data[c];
    let varies = false;
    for (let r = 1; r < m.n && !varies; r++) varies = m.data[r * width + c] !== first;
    if (varies) kept.push(c);
  }
  return kept;
}

function selectColumns(m: FeatureMatrix, kept: number[]): FeatureMatrix {
  if (kept.length === m.d) return m;
  const d = kept.length;
  const data = new Float64Array(m.n * d);
  for (let r = 0; r < m.n; r++) for (let j = 0; j < d; j++) data[r * d + j] = m.data[r * m.d + kept[j]];
  return { data, n: m.n, d };
}

/** Centre and scale for a column, as scikit-learn's StandardScaler (population std), MinMaxScaler and RobustScaler. */
function fitScale(column: Float64Array, scaling: Scaling): { center: number; scale: number } {
  const safe = (s: number) => (s === 0 || !Number.isFinite(s) ? 1 : s);
  switch (scaling) {
    case 'standard': {
      const mu = mean(column);
      let ss = 0;
      for (let i = 0; i < column.length; i++) ss += (column[i] - mu) * (column[i] - mu);
      return { center: mu, scale: safe(Math.sqrt(ss / column.length)) };
    }
    case 'minmax': {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < column.length; i++) (lo = Math.min(lo, column[i])), (hi = Math.max(hi, column[i]));
      return { center: lo, scale: safe(hi - lo) };
    }
    case 'robust': {
      const sorted = column.slice().sort();
      return { center: quantile(sorted, 0.5), scale: safe(quantile(sorted, 0.75) - quantile(sorted, 0.25)) };
    }
    case 'none':
      return { center: 0, scale: 1 };
  }
}

function presentValues(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  let count = 0;
  for (let r = 0; r < rows.length; r++) {
    const v = values[rows[r]];
    if (v === v) out[count++] = v;
  }
  return out.subarray(0, count);
}

function mean(values: Float64Array): number {
  // Neumaier summation keeps the mean exact enough to match scikit-learn to 1e-12.
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + c) / values.length;
}

/** Linear-interpolated quantile of sorted values, as numpy's default. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

