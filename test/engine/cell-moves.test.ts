import { describe, expect, it } from 'vitest';
import { convertedCell, dropIndex, moveCell, moveCellBy } from '../../src/engine/cell-moves.ts';
import { note, workbookOf } from './workbook-fixtures.ts';

const ids = (cells: readonly { id: string }[]) => cells.map((c) => c.id);

describe('moving cells', () => {
  const wb = workbookOf(['a', 'select 1'], ['b', 'select 2'], ['c', 'select 3'], ['d', 'select 4']);

  it('moves a cell to a position counted without it, leaving the workbook as it was', () => {
    expect(ids(moveCell(wb.cells, 'a', 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(moveCell(wb.cells, 'd', 0))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(moveCell(wb.cells, 'b', 99))).toEqual(['a', 'c', 'd', 'b']);
    expect(ids(wb.cells)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns the same array for an unknown cell or no move, so nothing is saved or redrawn', () => {
    expect(moveCell(wb.cells, 'zz', 1)).toBe(wb.cells);
    expect(moveCell(wb.cells, 'b', 1)).toBe(wb.cells);
    expect(moveCellBy(wb.cells, 'a', -1)).toBe(wb.cells);
    expect(moveCellBy(wb.cells, 'd', 1)).toBe(wb.cells);
  });

  it('moves a cell up or down by one, as Alt+Shift+arrows do, keeping the cell object (and so its run)', () => {
    const down = moveCellBy(wb.cells, 'b', 1);
    expect(ids(down)).toEqual(['a', 'c', 'b', 'd']);
    expect(down[2]).toBe(wb.cells[1]);
    expect(ids(moveCellBy(wb.cells, 'c', -1))).toEqual(['a', 'c', 'b', 'd']);
  });

  it('a drop before or after a cell gives the position moveCell wants', () => {
    expect(ids(moveCell(wb.cells, 'a', dropIndex(wb.cells, 'a', 'c', true)))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(moveCell(wb.cells, 'd', dropIndex(wb.cells, 'd', 'b', false)))).toEqual(['a', 'd', 'b', 'c']);
    expect(ids(moveCell(wb.cells, 'b', dropIndex(wb.cells, 'b', 'a', false)))).toEqual(['b', 'a', 'c', 'd']);
  });
});

describe('turning a cell into a note or SQL (m and y)', () => {
  it('a SQL cell becomes a note holding its SQL, with the same id', () => {
    const wb = workbookOf(['q', 'select 1 as x']);
    expect(convertedCell(wb, 'q', 'markdown')).toEqual({ id: 'q', kind: 'markdown', text: 'select 1 as x' });
  });

  it('a note becomes a SQL cell with its text and a table name no other cell uses', () => {
    const n = note('select 2 as y');
    const wb = workbookOf(['query_2', 'select 1'], n);
    expect(convertedCell(wb, n.id, 'sql')).toEqual({ id: n.id, kind: 'sql', name: 'query_2_2', sql: 'select 2 as y' });
  });

  it('leaves a cell of the same kind, or of a kind with settings, as it is', () => {
    const wb = workbookOf(['q', 'select 1']);
    expect(convertedCell(wb, 'q', 'sql')).toBeNull();
    expect(convertedCell(wb, 'missing', 'sql')).toBeNull();
    const rfm = { ...wb, cells: [{ id: 'r', kind: 'rfm', name: 'rfm' } as never] };
    expect(convertedCell(rfm, 'r', 'markdown')).toBeNull();
  });
});
