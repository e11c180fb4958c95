import { describe, expect, it } from 'vitest';
import { isBooleanType, isFloatingType, isIntegerType, isNumericType } from '../../src/db/column-types.ts';

describe('column type predicates', () => {
  it('counts every DuckDB integer, floating and decimal type as numeric, whatever its case', () => {
    for (const t of ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'REAL', 'DOUBLE', 'DECIMAL(18,2)', 'DECIMAL(38, 10)', 'NUMERIC', 'int8', 'double']) {
      expect(isNumericType(t), t).toBe(true);
    }
  });

  it('does not count booleans, text, dates or lists of numbers as numeric (the variants it replaced disagreed on these)', () => {
    for (const t of ['BOOLEAN', 'VARCHAR', 'DATE', 'TIMESTAMP', 'INTEGER[]', 'DOUBLE[3]', 'STRUCT(a INTEGER)', 'INTERVAL', '']) {
      expect(isNumericType(t), t).toBe(false);
    }
    expect(isBooleanType('BOOLEAN')).toBe(true);
  });

  it('tells integers from floating point', () => {
    expect(isIntegerType('UHUGEINT')).toBe(true);
    expect(isIntegerType('DOUBLE')).toBe(false);
    expect(isFloatingType('DOUBLE')).toBe(true);
    expect(isFloatingType('DECIMAL(18,2)')).toBe(false);
  });
});
