/**
 * What DuckDB's type names say about a column's values: the one place that decides whether a type
 * holds numbers. A type is matched whole, so a list such as INTEGER[] is not a number.
 */
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT|INT\d+)$/i;
const FLOATING = /^(FLOAT|REAL|DOUBLE|FLOAT4|FLOAT8)$/i;
const DECIMAL = /^(DECIMAL|NUMERIC)(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/i;
const BOOLEAN = /^(BOOLEAN|BOOL)$/i;

export function isIntegerType(type: string): boolean {
  return INTEGER.test(type.trim());
}

export function isFloatingType(type: string): boolean {
  return FLOATING.test(type.trim());
}

/** Integers, floating point and decimals; not BOOLEAN, which a caller may accept as 0/1 on purpose. */
export function isNumericType(type: string): boolean {
  const t = type.trim();
  return INTEGER.test(t) || FLOATING.test(t) || DECIMAL.test(t);
}

export function isBooleanType(type: string): boolean {
  return BOOLEAN.test(type.trim());
}
