import { quoteLiteral } from '../db/sql-quote.ts';

/** The SQL engines Segbook can write a segmentation query for. */
export type Dialect = 'duckdb' | 'postgres';

export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres'];

/** The double-precision type name. */
export function doubleType(d: Dialect): string {
  return d === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION';
}

/** The text type name, for comparing values by their printed form. */
export function textType(d: Dialect): string {
  return d === 'duckdb' ? 'VARCHAR' : 'TEXT';
}

/**
 * A double literal that both engines read to the same bits: DuckDB reads a bare 0.1 as a DECIMAL
 * and a long one may come back one ulp off, so the shortest round-trip text is cast from a string.
 */
export function doubleLiteral(value: number, d: Dialect): string {
  if (!Number.isFinite(value)) throw new RangeError(`a model value is not a finite number: ${value}`);
  return `CAST(${quoteLiteral(String(value))} AS ${doubleType(d)})`;
}

/** Whole days from `from` to `to`, both DATEs. */
export function dayDiff(from: string, to: string, d: Dialect): string {
  return d === 'duckdb' ? `date_diff('day', ${from}, ${to})` : `(${to} - ${from})`;
}
