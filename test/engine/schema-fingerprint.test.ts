import { describe, expect, it } from 'vitest';
import { compareSchemas, describeColumns, describeDifference, isCompatible } from '../../src/engine/schema-fingerprint.ts';
import type { ColumnSpec } from '../../src/engine/workbook.ts';

/** "id BIGINT; amount DECIMAL(18,2)" as column specs. */
const cols = (spec: string): ColumnSpec[] =>
  spec.split(';').map((pair) => {
    const [name, type] = pair.trim().split(' ');
    return { name, type };
  });

describe('schema fingerprints', () => {
  it('accept the same columns in another order, another case and with spaced types', () => {
    const diff = compareSchemas(cols('id BIGINT; amount DECIMAL(18,2)'), [{ name: 'AMOUNT', type: 'decimal(18, 2)' }, { name: 'id', type: 'BIGINT' }]);
    expect(diff).toEqual({ missing: [], changed: [], extra: [] });
    expect(isCompatible(diff)).toBe(true);
  });

  it('name missing, changed and extra columns', () => {
    const expected = cols('id BIGINT; signup DATE; city VARCHAR');
    const actual = cols('id VARCHAR; city VARCHAR; email VARCHAR');
    const diff = compareSchemas(expected, actual);
    expect(diff).toEqual({
      missing: [{ name: 'signup', type: 'DATE' }],
      changed: [{ name: 'id', expected: 'BIGINT', actual: 'VARCHAR' }],
      extra: [{ name: 'email', type: 'VARCHAR' }],
    });
    expect(isCompatible(diff)).toBe(false);
    expect(describeDifference('export.csv', 'customers.csv', diff)).toEqual([
      'export.csv has no column signup (DATE).',
      'Column id is VARCHAR in export.csv; customers.csv had BIGINT.',
      'export.csv also has email, which the workbook does not use.',
    ]);
  });

  it('treat extra columns alone as compatible', () => {
    expect(isCompatible(compareSchemas(cols('id BIGINT'), cols('id BIGINT; more DOUBLE')))).toBe(true);
  });

  it('list the expected columns for the attach prompt, shortened past eight', () => {
    expect(describeColumns(cols('id BIGINT; name VARCHAR'))).toBe('id BIGINT, name VARCHAR');
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, type: 'DOUBLE' }));
    expect(describeColumns(many)).toBe('c0 DOUBLE, c1 DOUBLE, c2 DOUBLE, c3 DOUBLE, c4 DOUBLE, c5 DOUBLE, c6 DOUBLE, c7 DOUBLE, … (12 columns)');
    expect(describeColumns([])).toBe('no columns recorded');
  });
});
