import type { CategoricalFeature, FeatureSpec, NumericFeature } from '../../ml/preprocess.ts';
import { isObject, num, type FieldReader } from './fields.ts';

/** Reads the features of a cell that clusters or checks segments; `where` names the cell. */
export function readFeatures(v: unknown, where: string, r: FieldReader): FeatureSpec {
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
