import { describe, expect, it } from 'vitest';
import { contains, moveSelection, selectionTsv } from '../../src/ui/cells/grid/grid-selection.ts';

const ROWS = [
  { id: 1, name: 'Ann', spend: 105.324503, note: null },
  { id: 2, name: 'Bo\tb', spend: 1234567, note: 'said "hi"' },
  { id: 3, name: 'Cy', spend: 0.5, note: 'two\nlines' },
];
const COLUMNS = ['id', 'name', 'spend', 'note'];

describe('grid cell selection', () => {
  it('copies a rectangle as tab-separated text with the full, unformatted values, quoting what would break a row', () => {
    expect(selectionTsv(ROWS, COLUMNS, { anchor: { row: 0, col: 2 }, focus: { row: 1, col: 0 } })).toBe('1\tAnn\t105.324503\n2\t"Bo\tb"\t1234567');
    expect(selectionTsv(ROWS, COLUMNS, { anchor: { row: 0, col: 3 }, focus: { row: 2, col: 3 } }, true)).toBe('note\n\n"said ""hi"""\n"two\nlines"');
  });

  it('moves with the arrows, stretches with Shift, and stays inside the page', () => {
    const start = moveSelection(null, 'ArrowDown', false, 3, 4)!;
    expect(start).toEqual({ anchor: { row: 0, col: 0 }, focus: { row: 0, col: 0 } });
    const down = moveSelection(start, 'ArrowDown', true, 3, 4)!;
    const right = moveSelection(down, 'ArrowRight', true, 3, 4)!;
    expect(right).toEqual({ anchor: { row: 0, col: 0 }, focus: { row: 1, col: 1 } });
    expect([contains(right, 1, 1), contains(right, 2, 0)]).toEqual([true, false]);
    expect(moveSelection({ anchor: { row: 2, col: 3 }, focus: { row: 2, col: 3 } }, 'ArrowDown', false, 3, 4)!.focus).toEqual({ row: 2, col: 3 });
    expect(moveSelection(start, 'ArrowUp', false, 0, 4)).toBeNull();
  });
});
