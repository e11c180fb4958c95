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

describe('segmentation cells in workbook files', () => {
  function withCells(cells: unknown[]): string {
    return JSON.stringify({ format: 'segbook-workbook', version: 1, title: 't', sources: [], cells });
  }
  const cluster = {
    id: 'c1', kind: 'cluster', name: 'segments', input: 'rfm',
    features: { numeric: [{ column: 'recency', scale: 'robust', log1p: false, clip: [1, 99] }], categorical: [{ column: 'channel', topN: 5 }], missing: 'median' },
    algorithm: 'ward', k: 4, nInit: 10, maxIter: 300, tol: 0.0001, seed: 42, sweep: { min: 2, max: 8, references: 5 }, model: null,
  };

  it('round-trips cluster, validate and score cells', () => {
    const validate = { id: 'c2', kind: 'validate', name: 'verdict', input: 'segments', segmentColumn: 'segment', features: cluster.features, minShare: 0.02, bootstrap: 20, seed: 1, valueColumn: 'monetary' };
    const score = { id: 'c3', kind: 'score', name: 'scored', input: 'next_month', model: 'segments' };
    const wb = parseWorkbook(withCells([cluster, validate, score]));
    expect(wb.cells).toEqual([cluster, validate, score]);
  });

  it('reserves the centroid table name a cluster cell writes', () => {
    const clash = { id: 'c9', kind: 'sql', name: 'segments_centroids', sql: 'SELECT 1' };
    expect(() => parseWorkbook(withCells([cluster, clash]))).toThrow(/two tables are called segments_centroids/);
  });

  it('refuses settings of the wrong type, and a damaged fitted model', () => {
    expect(() => parseWorkbook(withCells([{ ...cluster, k: 'four' }]))).toThrow(/cell segments has no valid k/);
    expect(() => parseWorkbook(withCells([{ ...cluster, features: 'all' }]))).toThrow(/no valid features/);
    expect(() => parseWorkbook(withCells([{ ...cluster, model: { preparation: {}, centroids: [1], k: 2, distanceP99: 1 } }]))).toThrow(/damaged fitted model/);
  });
});
