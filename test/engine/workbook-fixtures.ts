import { emptyWorkbook, type Cell, type Workbook } from '../../src/engine/workbook.ts';

let next = 0;

/** A workbook of SQL cells given as [name, sql] pairs, with predictable ids (the names). */
export function workbookOf(...cells: Array<[string, string] | Cell>): Workbook {
  const wb = emptyWorkbook('test');
  wb.cells = cells.map((c) => (Array.isArray(c) ? { id: c[0], kind: 'sql', name: c[0], sql: c[1] } : c));
  return wb;
}

export function note(text: string): Cell {
  return { id: `note${++next}`, kind: 'markdown', text };
}

export function setSql(wb: Workbook, id: string, sql: string): void {
  const cell = wb.cells.find((c) => c.id === id);
  if (!cell || cell.kind !== 'sql') throw new Error(`no SQL cell ${id}`);
  cell.sql = sql;
}

/** A query that keeps native DuckDB busy for a few seconds unless cancelled. */
export const SLOW_SQL = 'SELECT sum(hash(a.range * b.range)) AS s FROM range(200000) a, range(200000) b';
