import { categoryColumnNames, type NumericTransform, type Preparation } from '../../../ml/preprocess.ts';
import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';
import { doubleLiteral, doubleType, textType, type Dialect } from '../../sql-dialect.ts';
import type { FittedModel } from '../cluster/model.ts';

/** A fitted model that cannot be written as SQL, named by what is wrong. */
export class ScoreSqlError extends Error {
  override name = 'ScoreSqlError';
}

/**
 * One SELECT that scores every row of `table` as a score cell does: each row keeps its columns and
 * gains `segment` (1-based, NULL when it fits no segment or has a missing value the model cannot
 * fill), `distance` (Euclidean, in the prepared space, to the nearest centre; NULL when not scored)
 * and `fits_segment`. The preparation follows applyPreparation step by step: log1p, fill, clip,
 * scale, one-hot with "other", then only the kept columns.
 */
export function buildScoreSql(table: string, model: FittedModel, dialect: Dialect): string {
  checkModel(model);
  const prep = model.preparation;
  const features = candidateExpressions(prep, dialect);
  const kept = prep.kept.map((c) => features[c]);
  const d = kept.length;
  const z = kept.map((_, j) => `z${j + 1}`);
  const centre = (k: number, j: number) => doubleLiteral(model.centroids[k * d + j], dialect);
  // The same sum, in the same column order, as the k-means kernel: same doubles, same ties.
  const squared = Array.from({ length: model.k }, (_, k) =>
    `${z.map((name, j) => `(${name} - ${centre(k, j)}) * (${name} - ${centre(k, j)})`).join(' + ')} AS s${k + 1}`,
  );
  const s = Array.from({ length: model.k }, (_, k) => `s${k + 1}`);
  // The first centre no farther than every later one is the nearest with the lowest index, as the kernel's strict `<` picks.
  const whens = s.slice(0, -1).map((sk, k) => `WHEN ${s.slice(k + 1).map((later) => `${sk} <= ${later}`).join(' AND ')} THEN ${k + 1}`);
  const nearest = `CASE WHEN s1 IS NULL THEN NULL ${whens.join(' ')} ELSE ${model.k} END`;
  const distance = model.k === 1 ? 'sqrt(s1)' : `sqrt(least(${s.join(', ')}))`;
  return `SELECT t.*, scored.segment, scored.distance, scored.segment IS NOT NULL AS fits_segment
FROM ${quoteIdentifier(table)} AS t
CROSS JOIN LATERAL (
  SELECT CAST(CASE WHEN distance > ${doubleLiteral(model.distanceP99, dialect)} THEN NULL ELSE nearest END AS INTEGER) AS segment, distance
  FROM (
    SELECT ${nearest} AS nearest, ${distance} AS distance
    FROM (
      SELECT ${squared.join(',\n        ')}
      FROM (
        SELECT ${kept.map((e, j) => `${e} AS ${z[j]}`).join(',\n          ')}
      ) AS prepared
    ) AS squares
  ) AS nearest_centre
) AS scored`;
}

/** Every candidate matrix column before zero-variance columns are left out: numeric first, then one-hot. */
function candidateExpressions(prep: Preparation, dialect: Dialect): string[] {
  const numeric = prep.numeric.map((t) => numericExpression(t, dialect));
  const oneHot = prep.categorical.flatMap((t) => {
    const value = `CAST(t.${quoteIdentifier(t.column)} AS ${textType(dialect)})`;
    const one = doubleLiteral(1, dialect);
    const zero = doubleLiteral(0, dialect);
    const columns = t.categories.map((c) => `CASE WHEN ${value} = ${quoteLiteral(c)} THEN ${one} ELSE ${zero} END`);
    if (t.other) {
      // NULL, and any value not among the kept categories, is "other".
      const known = t.categories.length ? `${value} IN (${t.categories.map(quoteLiteral).join(', ')})` : 'false';
      columns.push(`CASE WHEN ${known} THEN ${zero} ELSE ${one} END`);
    }
    if (columns.length !== categoryColumnNames(t).length) throw new ScoreSqlError(`column "${t.column}": the one-hot columns do not match the model`);
    return columns;
  });
  return [...numeric, ...oneHot];
}

function numericExpression(t: NumericTransform, dialect: Dialect): string {
  const raw = `CAST(t.${quoteIdentifier(t.column)} AS ${doubleType(dialect)})`;
  // log1p is ln(1 + x) in both engines (Postgres has no log1p); below -1 it is undefined, which the model treats as missing.
  let v = t.log1p ? `CASE WHEN ${raw} > -1 THEN ln(1 + ${raw}) END` : raw;
  if (t.fill !== null) v = `coalesce(${v}, ${doubleLiteral(t.fill, dialect)})`;
  // A CASE, not greatest/least: those skip NULLs, and a value the model cannot fill must stay NULL.
  if (t.clipLow !== null || t.clipHigh !== null) {
    const low = t.clipLow !== null ? ` WHEN ${v} < ${doubleLiteral(t.clipLow, dialect)} THEN ${doubleLiteral(t.clipLow, dialect)}` : '';
    const high = t.clipHigh !== null ? ` WHEN ${v} > ${doubleLiteral(t.clipHigh, dialect)} THEN ${doubleLiteral(t.clipHigh, dialect)}` : '';
    v = `CASE${low}${high} ELSE ${v} END`;
  }
  return `(${v} - ${doubleLiteral(t.center, dialect)}) / ${doubleLiteral(t.scale, dialect)}`;
}

function checkModel(model: FittedModel): void {
  const d = model.preparation.kept.length;
  if (!Number.isInteger(model.k) || model.k < 1) throw new ScoreSqlError(`the model's k must be a whole number of at least 1: ${model.k}`);
  if (d === 0 || model.centroids.length !== model.k * d) {
    throw new ScoreSqlError(`the model holds ${model.centroids.length} centroid values, not k × columns = ${model.k} × ${d}: fit the cluster cell again`);
  }
  if (model.preparation.columns.length !== d) throw new ScoreSqlError(`the model names ${model.preparation.columns.length} columns but keeps ${d}: fit the cluster cell again`);
}
