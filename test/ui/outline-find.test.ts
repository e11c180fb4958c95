import { describe, expect, it } from 'vitest';
import { findInCells } from '../../src/ui/find.ts';
import { markdownHeadings, outlineOf } from '../../src/ui/outline.ts';
import type { Cell } from '../../src/engine/workbook.ts';

const cells: Cell[] = [
  { id: 'n1', kind: 'markdown', text: '# Customers\nSome *text*.\n```\n# not a heading\n```\n## Clean **the** data ##' },
  { id: 's1', kind: 'sql', name: 'clean_orders', sql: 'SELECT * FROM orders\nWHERE amount > 0 -- drop refunds' },
  { id: 'n2', kind: 'markdown', text: 'No heading, just [a link](https://x) about Orders.' },
  { id: 's2', kind: 'sql', name: 'order_totals', sql: 'SELECT customer, sum(amount) FROM clean_orders GROUP BY 1' },
];

describe('outline', () => {
  it('takes ATX headings outside code fences, without their marks', () => {
    expect(markdownHeadings(cells[0].kind === 'markdown' ? cells[0].text : '')).toEqual([
      { level: 1, text: 'Customers' },
      { level: 2, text: 'Clean the data' },
    ]);
  });

  it('lists headings and cells in workbook order, each cell one level under the heading before it', () => {
    expect(outlineOf(cells, (k) => k.toUpperCase()).map((e) => [e.cellId, e.text, e.level, e.kind])).toEqual([
      ['n1', 'Customers', 1, ''],
      ['n1', 'Clean the data', 2, ''],
      ['s1', 'clean_orders', 3, 'SQL'],
      ['s2', 'order_totals', 3, 'SQL'],
    ]);
  });
});

describe('find across the notebook', () => {
  it('finds every occurrence, case-insensitively, in names, SQL and notes, in workbook order', () => {
    const matches = findInCells(cells, 'ORDERS');
    // s1: name, SQL once; n2: note once; s2: SQL once ("clean_orders"); "order_totals" has no "orders".
    expect(matches.map((m) => [m.cellId, m.field])).toEqual([
      ['s1', 'name'],
      ['s1', 'SQL'],
      ['n2', 'note'],
      ['s2', 'SQL'],
    ]);
    expect(matches[1].excerpt).toBe('SELECT * FROM orders WHERE amount > 0 --…');
  });

  it('counts repeated occurrences in one field, and finds nothing for an empty query', () => {
    expect(findInCells(cells, 'amount')).toHaveLength(2);
    expect(findInCells(cells, '  ')).toEqual([]);
  });

  it('searches the words in a cell’s settings but not its id, kind or fitted model', () => {
    const rfm = { id: 'r1', kind: 'rfm', name: 'rfm', input: 'clean_orders', segmentMap: [{ name: 'Champions' }], model: { label: 'champions' } } as unknown as Cell;
    expect(findInCells([rfm], 'champions').map((m) => m.field)).toEqual(['settings']);
    expect(findInCells([rfm], 'r1')).toEqual([]);
  });
});
