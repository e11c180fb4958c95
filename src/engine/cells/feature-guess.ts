import type { FeatureSpec } from '../../ml/preprocess.ts';
import { guessCustomerColumns } from '../column-guess.ts';
import type { ColumnSpec } from '../column-types.ts';

/** Standardised numeric features, with log1p on the skewed ones (counts and money). */
export function featureSpec(columns: string[], logged: string[]): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: logged.includes(column), clip: null })), categorical: [], missing: 'drop' };
}

/** The features guessed from a customer table's columns. */
export function guessedFeatures(columns: readonly ColumnSpec[]): FeatureSpec {
  const guess = guessCustomerColumns(columns);
  return featureSpec(guess.features, guess.logged);
}

/**
 * The features of a cell whose input changes to a table with `columns`: those the new table has,
 * or, when it has none of them, the ones guessed from its columns. Unknown columns (the table has
 * not been made yet) keep the features as they are.
 */
export function featuresForInput(features: FeatureSpec, columns: readonly ColumnSpec[]): FeatureSpec {
  if (columns.length === 0) return features;
  const has = (c: { column: string }) => columns.some((col) => col.name === c.column);
  const numeric = features.numeric.filter(has);
  const categorical = features.categorical.filter(has);
  if (numeric.length + categorical.length > 0) return { ...features, numeric, categorical };
  return { ...guessedFeatures(columns), missing: features.missing };
}
