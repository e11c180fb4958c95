import type { CellKindEntry } from '../kind.ts';
import { optionalStr, str, type Raw } from '../fields.ts';

export type ChartMark = 'dot' | 'bar' | 'line' | 'box' | 'cell' | 'area';

/** A chart of any table. It writes no table of its own. */
export interface ChartCell {
  id: string;
  kind: 'chart';
  input: string;
  mark: ChartMark;
  x: string;
  y: string | null;
  color: string | null;
  facet: string | null;
  title: string;
}

const CHART_MARKS: readonly ChartMark[] = ['dot', 'bar', 'line', 'box', 'cell', 'area'];

function readChartCell(c: Raw, id: string): ChartCell {
  return {
    id, kind: 'chart', input: str(c.input) ?? '', mark: CHART_MARKS.find((m) => m === c.mark) ?? 'dot', x: str(c.x) ?? '',
    y: optionalStr(c.y), color: optionalStr(c.color), facet: optionalStr(c.facet), title: str(c.title) ?? '',
  };
}

export const chartKind: CellKindEntry<ChartCell> = {
  kind: 'chart',
  label: 'Chart',
  read: readChartCell,
  create: ({ id, input }) => ({ id, kind: 'chart', input, mark: 'dot', x: '', y: null, color: null, facet: null, title: '' }),
  reads: (cell) => [cell.input],
  writes: () => [],
};
