import type { CategoricalFeature, FeatureSpec, NumericFeature, Preparation } from '../../../ml/preprocess.ts';
import type { Cell, ClusterCell, FittedModel, ScoreCell, ValidateCell } from '../../workbook.ts';

/** Reads one field or reports what is wrong with it; throws through `fail`. */
export interface FieldReader {
  fail(what: string): never;
}

type Raw = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the cells that segment: cluster, score and validate. Everything in a workbook may come
 * from a hostile link, so every field is checked for its type; names are quoted wherever SQL
 * uses them.
 */
export function readSegmentationCell(c: Raw, id: string, name: string, r: FieldReader): Cell {
  const where = `cell ${name}`;
  const field = <T>(value: T | undefined, what: string): T => (value === undefined ? r.fail(`${where} has no valid ${what}`) : value);
  switch (c.kind) {
    case 'cluster': {
      const sweep = isObject(c.sweep) ? c.sweep : {};
      const cell: ClusterCell = {
        id, kind: 'cluster', name,
        input: field(str(c.input), 'input'),
        features: readFeatures(c.features, where, r),
        algorithm: c.algorithm === 'ward' ? 'ward' : 'kmeans',
        k: field(num(c.k), 'k'),
        nInit: field(num(c.nInit), 'number of restarts'),
        maxIter: field(num(c.maxIter), 'iteration limit'),
        tol: field(num(c.tol), 'tolerance'),
        seed: field(num(c.seed), 'seed'),
        sweep: { min: num(sweep.min) ?? 2, max: num(sweep.max) ?? 10, references: num(sweep.references) ?? 5 },
        model: c.model == null ? null : readModel(c.model, where, r),
      };
      return cell;
    }
    case 'score': {
      const cell: ScoreCell = { id, kind: 'score', name, input: field(str(c.input), 'input'), model: field(str(c.model), 'model') };
      return cell;
    }
    case 'validate': {
      const cell: ValidateCell = {
        id, kind: 'validate', name,
        input: field(str(c.input), 'input'),
        segmentColumn: field(str(c.segmentColumn), 'segment column'),
        features: readFeatures(c.features, where, r),
        minShare: field(num(c.minShare), 'smallest share'),
        bootstrap: field(num(c.bootstrap), 'number of bootstrap samples'),
        seed: field(num(c.seed), 'seed'),
        valueColumn: c.valueColumn == null ? null : field(str(c.valueColumn), 'value column'),
      };
      return cell;
    }
    default:
      return r.fail(`${where} has an unknown kind ${JSON.stringify(c.kind)}`);
  }
}

function readFeatures(v: unknown, where: string, r: FieldReader): FeatureSpec {
  if (!isObject(v) || !Array.isArray(v.numeric) || !Array.isArray(v.categorical)) return r.fail(`${where} has no valid features`);
  const scales = ['standard', 'minmax', 'robust', 'none'] as const;
  const numeric = v.numeric.map((f): NumericFeature => {
    if (!isObject(f) || typeof f.column !== 'string') return r.fail(`${where} has a numeric feature without a column`);
    const scale = scales.find((s) => s === f.scale) ?? 'standard';
    const clip = Array.isArray(f.clip) && f.clip.length === 2 && f.clip.every((p) => typeof p === 'number' && p >= 0 && p <= 100)
      ? ([f.clip[0], f.clip[1]] as [number, number])
      : null;
    return { column: f.column, scale, log1p: f.log1p === true, clip };
  });
  const categorical = v.categorical.map((f): CategoricalFeature => {
    if (!isObject(f) || typeof f.column !== 'string') return r.fail(`${where} has a categorical feature without a column`);
    return { column: f.column, topN: Math.max(1, Math.min(50, num(f.topN) ?? 10)) };
  });
  const missing = v.missing === 'mean' || v.missing === 'median' ? v.missing : 'drop';
  return { numeric, categorical, missing };
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
