import { describe, expect, it } from 'vitest';
import { buildGraph, downstreamOf, upstreamOf } from '../../src/engine/graph.ts';
import { referencedNames } from '../../src/engine/sql-references.ts';
import { workbookOf } from './workbook-fixtures.ts';

describe('referencedNames', () => {
  it('finds table names in FROM and JOIN, case-insensitively, including quoted ones', () => {
    const names = referencedNames('select * from Orders o join "Big Customers" c using (id)');
    expect(names.has('orders')).toBe(true);
    expect(names.has('big customers')).toBe(true);
  });

  it('ignores names inside strings and comments', () => {
    const names = referencedNames("select 'from orders' as x -- join customers\n/* refunds */ from t");
    expect([...names]).not.toContain('orders');
    expect([...names]).not.toContain('customers');
    expect([...names]).not.toContain('refunds');
  });

  it('does not count a CTE as a reference to a table of the same name', () => {
    const names = referencedNames('with recent as (select * from orders) select * from recent');
    expect(names.has('orders')).toBe(true);
    expect(names.has('recent')).toBe(false);
  });
});

describe('buildGraph', () => {
  it('links a cell to the cells whose tables it reads and orders them upstream first', () => {
    const wb = workbookOf(['c', 'select * from b'], ['a', 'select 1 as x'], ['b', 'select * from a'], ['d', 'select 2 as y']);
    const g = buildGraph(wb);
    expect([...g.upstream.get('c')!]).toEqual(['b']);
    expect(g.order.indexOf('a')).toBeLessThan(g.order.indexOf('b'));
    expect(g.order.indexOf('b')).toBeLessThan(g.order.indexOf('c'));
    expect([...downstreamOf(g, ['a'])].sort()).toEqual(['b', 'c']);
    expect([...upstreamOf(g, 'c')].sort()).toEqual(['a', 'b']);
    expect(g.cycles).toEqual([]);
  });

  it('reports each cycle with the cells in it, including a cell that reads itself', () => {
    const wb = workbookOf(['a', 'select * from b'], ['b', 'select * from a'], ['c', 'select * from c'], ['d', 'select * from a']);
    const g = buildGraph(wb);
    expect(g.cycles.map((c) => [...c].sort())).toEqual(expect.arrayContaining([['a', 'b'], ['c']]));
    expect(g.order).not.toContain('a');
    expect(g.order).not.toContain('d');
  });
});

describe('referencedNames only counts table positions', () => {
  it('does not take an alias or a column that shares a table name for a reference', () => {
    expect([...referencedNames('SELECT count(*) AS n, revenue FROM orders')]).toEqual(['orders']);
    expect([...referencedNames('SELECT o.revenue FROM orders o')]).toEqual(['orders']);
  });

  it('finds every table of a comma-separated FROM list, joins, subqueries and FROM-first queries', () => {
    const names = referencedNames('FROM a, b AS bb JOIN c ON a.id = c.id LEFT JOIN (SELECT * FROM d) dd USING (id) WHERE x IN (SELECT y FROM e)');
    expect([...names].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('does not treat table functions as tables, but does count DESCRIBE and SUMMARIZE targets', () => {
    expect([...referencedNames("SELECT * FROM read_csv('x.csv'), range(3)")]).toEqual([]);
    expect([...referencedNames('DESCRIBE customers')]).toEqual(['customers']);
    expect([...referencedNames('SUMMARIZE customers')]).toEqual(['customers']);
  });
});

describe('buildGraph with names that are also aliases', () => {
  it('does not report a cycle when a cell names a column after itself', () => {
    const wb = workbookOf(['n', 'SELECT count(*) AS n FROM range(3)'], ['total', 'SELECT sum(n) AS total FROM n']);
    const g = buildGraph(wb);
    expect(g.cycles).toEqual([]);
    expect([...g.upstream.get('total')!]).toEqual(['n']);
  });
});
