import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FeatureMatrix } from '../../src/ml/matrix.ts';

/** scikit-learn's answers beside the repository (see ../shared/oracles/README.md). */
export const ORACLES_DIR = resolve(import.meta.dirname, '../../../shared/oracles');
export const oraclesAvailable = existsSync(ORACLES_DIR);
export const ORACLE_NAMES = ['iris', 'wine', 'blobs', 'online_retail_rfm'] as const;
export type OracleName = (typeof ORACLE_NAMES)[number];

/** NAME.expected.json as make_oracles.py writes it; fields added later show up untyped. */
export interface OracleExpected {
  dataset: string;
  n: number;
  d: number;
  k: number;
  features: string[];
  standardize: { mean: number[]; std_population: number[] };
  init_rows: number[];
  kmeans_fixed_init: { labels: number[]; centroids: number[][]; inertia: number; n_iter: number };
  kmeans_plusplus_best_inertia: number;
  metrics_on_fixed_labels: {
    silhouette: number | null;
    silhouette_samples_first10: number[] | null;
    davies_bouldin: number;
    calinski_harabasz: number;
  };
  ari_fixed_vs_truth: number | null;
  ari_fixed_vs_ward: number | null;
  ward_labels: number[] | null;
  pca_explained_variance_ratio: number[];
  pca_abs_components_first2: number[][];
  kmeans_plusplus_sweep: { k: number; inertia: number; silhouette: number | null }[];
  truth_labels: number[] | null;
  [field: string]: unknown;
}

export interface Oracle {
  name: string;
  features: string[];
  raw: FeatureMatrix;
  /**
   * Standardised with the oracle's own means and population standard deviations, the way
   * StandardScaler transforms, so it is bit for bit the matrix scikit-learn clustered.
   */
  standardized: FeatureMatrix;
  expected: OracleExpected;
}

const cache = new Map<string, Oracle>();

/** Reads NAME.features.csv and NAME.expected.json (cached: callers must not modify the result). */
export function loadOracle(name: string): Oracle {
  const hit = cache.get(name);
  if (hit) return hit;
  const [header, ...lines] = readFileSync(resolve(ORACLES_DIR, `${name}.features.csv`), 'utf8').trim().split(/\r?\n/);
  const features = header.split(',');
  const d = features.length;
  const n = lines.length;
  const raw = new Float64Array(n * d);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== d) throw new Error(`${name}.features.csv: line ${i + 2} has ${cells.length} fields, not ${d}`);
    for (let t = 0; t < d; t++) raw[i * d + t] = Number(cells[t]);
  });
  const expected: OracleExpected = JSON.parse(readFileSync(resolve(ORACLES_DIR, `${name}.expected.json`), 'utf8'));
  const { mean, std_population: std } = expected.standardize;
  const standardized = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) standardized[i] = (raw[i] - mean[i % d]) / std[i % d];
  const oracle = { name, features, raw: { data: raw, n, d }, standardized: { data: standardized, n, d }, expected };
  cache.set(name, oracle);
  return oracle;
}

/** Column means and population standard deviations (ddof 0, as StandardScaler), computed here. */
export function columnStats(m: FeatureMatrix): { mean: Float64Array; std: Float64Array } {
  const { data, n, d } = m;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n;
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) std[t] += (data[i * d + t] - mean[t]) ** 2;
  for (let t = 0; t < d; t++) std[t] = Math.sqrt(std[t] / n);
  return { mean, std };
}

/** (x - mean) / population std per column, computed from `m` itself; constant columns become 0. */
export function standardize(m: FeatureMatrix): FeatureMatrix {
  const { mean, std } = columnStats(m);
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < out.length; i++) {
    const t = i % m.d;
    out[i] = std[t] > 0 ? (m.data[i] - mean[t]) / std[t] : 0;
  }
  return { data: out, n: m.n, d: m.d };
}
