import type { FeatureSpec, Preparation } from '../../../ml/preprocess.ts';
import type { ClusterSettings } from '../../../ml/cluster-job.ts';
import { readFeatures } from '../feature-format.ts';
import { isObject, num, required, tableName, type FieldReader, type Raw } from '../fields.ts';

/** A saved segmentation: what a score cell needs to give new rows a segment without re-clustering. */
export interface FittedModel {
  preparation: Preparation;
  /** k rows of centroids in the prepared (scaled) space, row-major. */
  centroids: number[];
  k: number;
  /** 99th percentile of the training rows' distances to their centre: farther rows fit no segment. */
  distanceP99: number;
}

export interface ClusterCell extends ClusterSettings {
  id: string;
  kind: 'cluster';
  /** Output table; the centroids go to `${name}_centroids`. */
  name: string;
  input: string;
  features: FeatureSpec;
  sweep: { min: number; max: number; references: number };
  /** Every restart, sweep fit and gap reference set on every row, however many: no sampling. */
  exact?: boolean;
  model: FittedModel | null;
}

export function centroidTable(name: string): string {
  return `${name}_centroids`;
}

export function readClusterCell(c: Raw, id: string, r: FieldReader): ClusterCell {
  const name = tableName(c, r);
  const { where, text, number } = required(name, r);
  const sweep = isObject(c.sweep) ? c.sweep : {};
  return {
    id, kind: 'cluster', name,
    input: text(c.input, 'input'),
    features: readFeatures(c.features, where, r),
    algorithm: c.algorithm === 'ward' ? 'ward' : 'kmeans',
    k: number(c.k, 'k'),
    nInit: number(c.nInit, 'number of restarts'),
    maxIter: number(c.maxIter, 'iteration limit'),
    tol: number(c.tol, 'tolerance'),
    seed: number(c.seed, 'seed'),
    sweep: { min: num(sweep.min) ?? 2, max: num(sweep.max) ?? 10, references: num(sweep.references) ?? 5 },
    ...(c.exact === true ? { exact: true } : {}),
    model: c.model == null ? null : readModel(c.model, where, r),
  };
}

function readModel(v: unknown, where: string, r: FieldReader): FittedModel {
  const bad = () => r.fail(`${where} has a damaged fitted model; run the cell again`);
  if (!isObject(v) || !isObject(v.preparation) || !Array.isArray(v.centroids)) return bad();
  const k = num(v.k);
  const p99 = num(v.distanceP99);
  if (k === undefined || p99 === undefined || !v.centroids.every((x) => typeof x === 'number')) return bad();
  const prep = v.preparation;
  if (!Array.isArray(prep.numeric) || !Array.isArray(prep.categorical) || !Array.isArray(prep.columns) || !Array.isArray(prep.kept)) return bad();
  const preparation: Preparation = {
    numeric: prep.numeric.map((t) => {
      if (!isObject(t) || typeof t.column !== 'string') return bad();
      const n = (x: unknown) => (x === null ? null : num(x) ?? bad());
      return {
        column: t.column, log1p: t.log1p === true, clipLow: n(t.clipLow), clipHigh: n(t.clipHigh), fill: n(t.fill),
        center: num(t.center) ?? bad(), scale: num(t.scale) ?? bad(),
      };
    }),
    categorical: prep.categorical.map((t) => {
      if (!isObject(t) || typeof t.column !== 'string' || !Array.isArray(t.categories)) return bad();
      return { column: t.column, categories: t.categories.map((x) => (typeof x === 'string' ? x : bad())), other: t.other === true };
    }),
    columns: prep.columns.map((x) => (typeof x === 'string' ? x : bad())),
    kept: prep.kept.map((x) => num(x) ?? bad()),
  };
  if (v.centroids.length !== k * preparation.columns.length) return bad();
  return { preparation, centroids: v.centroids.map(Number), k, distanceP99: p99 };
}
