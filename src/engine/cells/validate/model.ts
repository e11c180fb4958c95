import type { FeatureSpec } from '../../../ml/preprocess.ts';
import { readFeatures } from '../feature-format.ts';
import { required, tableName, type FieldReader, type Raw } from '../fields.ts';

export interface ValidateCell {
  id: string;
  kind: 'validate';
  name: string;
  input: string;
  segmentColumn: string;
  features: FeatureSpec;
  /** Segments below this share of rows (0..1) are too small to act on. */
  minShare: number;
  bootstrap: number;
  seed: number;
  valueColumn: string | null;
  /** The silhouette on every row, and each bootstrap drawn from every row: no sampling. */
  exact?: boolean;
}

export function readValidateCell(c: Raw, id: string, r: FieldReader): ValidateCell {
  const name = tableName(c, r);
  const { where, text, number } = required(name, r);
  return {
    id, kind: 'validate', name,
    input: text(c.input, 'input'),
    segmentColumn: text(c.segmentColumn, 'segment column'),
    features: readFeatures(c.features, where, r),
    minShare: number(c.minShare, 'smallest share'),
    bootstrap: number(c.bootstrap, 'number of bootstrap samples'),
    seed: number(c.seed, 'seed'),
    valueColumn: c.valueColumn == null ? null : text(c.valueColumn, 'value column'),
    ...(c.exact === true ? { exact: true } : {}),
  };
}
