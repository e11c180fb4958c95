import { guessTransactionColumns } from '../../column-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { readRfmCell, type RfmCell } from './model.ts';
import { runRfmCell, type RfmResult } from './rfm-cell.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from './rfm-segments.ts';

export const rfmKind: CellKindEntry<RfmCell, RfmResult> = {
  kind: 'rfm',
  label: 'RFM',
  read: readRfmCell,
  create: ({ id, input, name, columnsOf }) => {
    const guess = guessTransactionColumns(columnsOf(input));
    return {
      id, kind: 'rfm', name: name('rfm'), input, customer: guess.customer ?? '', date: guess.date ?? '', amount: guess.amount ?? '',
      invoice: guess.invoice, exclude: guess.exclude, referenceDate: null,
      bins: { kind: 'quintile' }, segmentMap: DEFAULT_RFM_SEGMENT_MAP.map((m) => ({ ...m, recency: [...m.recency], frequency: [...m.frequency] })),
    };
  },
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name],
  run: runRfmCell,
  columnMeanings: { recency_days: 'recency', frequency: 'frequency', monetary: 'monetary' },
  segmentNames: (cell) => cell.segmentMap.map((s) => s.segment.trim()),
  leftOutWhenDefault: { field: 'segmentMap', value: DEFAULT_RFM_SEGMENT_MAP },
};
