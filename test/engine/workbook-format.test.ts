import { describe, expect, it } from 'vitest';
import { WORKBOOK_VERSION, emptyWorkbook, tableNameProblem, type Workbook } from '../../src/engine/workbook.ts';
import { WorkbookFormatError, parseWorkbook, serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { toIdentifier, uniqueIdentifier } from '../../src/engine/identifiers.ts';

function sample(): Workbook {
  return {
    ...emptyWorkbook('Churn study'),
    sources: [{ name: 'customers', file: 'customers.csv', origin: 'file', format: 'csv', columnTypes: { signup: 'DATE' }, schema: [{ name: 'id', type: 'BIGINT' }] }],
    cells: [
      { id: 'c1', kind: 'markdown', text: '# Notes' },
      { id: 'c2', kind: 'sql', name: 'recent', sql: 'SELECT * FROM customers' },
    ],
  };
}

describe('workbook files', () => {
  it('round-trips through JSON unchanged, with its format name and version', () => {
    const text = serializeWorkbook(sample());
    expect(JSON.parse(text)).toMatchObject({ format: 'segbook-workbook', version: WORKBOOK_VERSION });
    expect(parseWorkbook(text)).toEqual(sample());
  });

  it('refuses a workbook from a newer version, saying which version and what to do', () => {
    const text = JSON.stringify({ ...sample(), version: WORKBOOK_VERSION + 1 });
    expect(() => parseWorkbook(text, 'study.segbook.json')).toThrow(
      /study\.segbook\.json was made by a newer Segbook \(format version 2\).*Update Segbook/,
    );
  });

  it('refuses text that is not JSON, or JSON that is not a workbook, naming the file', () => {
    expect(() => parseWorkbook('{oops', 'x.json')).toThrow(/x\.json is not valid JSON/);
    expect(() => parseWorkbook('[1,2]', 'x.json')).toThrow(/x\.json is not a Segbook workbook/);
    expect(() => parseWorkbook('{"format":"segbook-workbook","version":1,"cells":{},"sources":[]}', 'x.json')).toThrow(WorkbookFormatError);
  });

  it('refuses column types that could smuggle SQL into a CAST', () => {
    const wb = sample();
    wb.sources[0].columnTypes = { signup: "DATE) FROM customers; COPY customers TO 'x.csv' --" };
    expect(() => parseWorkbook(JSON.stringify(wb))).toThrow(/invalid type/);
    wb.sources[0].columnTypes = { amount: 'DECIMAL(18,2)' };
    expect(parseWorkbook(JSON.stringify(wb)).sources[0].columnTypes).toEqual({ amount: 'DECIMAL(18,2)' });
  });

  it('refuses table names that are not identifiers, and two tables with the same name', () => {
    const bad = sample();
    (bad.cells[1] as { name: string }).name = 'x"; DROP TABLE y; --';
    expect(() => parseWorkbook(JSON.stringify(bad))).toThrow(/invalid table name/);
    const twice = sample();
    (twice.cells[1] as { name: string }).name = 'customers';
    expect(() => parseWorkbook(JSON.stringify(twice))).toThrow(/two tables are called customers/);
  });
});

describe('table names', () => {
  it('turns file names into valid, unique identifiers', () => {
    expect(toIdentifier('Customers 2024.csv.gz')).toBe('customers_2024');
    expect(toIdentifier('2024-orders.parquet')).toBe('t_2024_orders');
    expect(toIdentifier('Société Générale.json')).toBe('societe_generale');
    expect(toIdentifier('select.csv')).toBe('select_t');
    expect(toIdentifier('???.csv')).toBe('data');
    expect(uniqueIdentifier('customers', ['Customers', 'customers_2'])).toBe('customers_3');
  });

  it('explains why a proposed cell name is refused', () => {
    const wb = sample();
    expect(tableNameProblem(wb, 'Bad Name')).toMatch(/not a valid table name/);
    expect(tableNameProblem(wb, 'customers')).toMatch(/data source is already called/);
    expect(tableNameProblem(wb, 'recent')).toMatch(/another cell/);
    expect(tableNameProblem(wb, 'recent', 'c2')).toBeNull();
  });
});
