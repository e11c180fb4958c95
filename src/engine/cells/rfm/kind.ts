import { guessTransactionColumns } from '../../column-guess.ts';
import { quoteLiteral } from '../../../db/sql-quote.ts';
import { briefCount, briefNumber } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { readRfmCell, type RfmCell } from './model.ts';
import { runRfmCell, type RfmResult, type RfmSummary } from './rfm-cell.ts';
import { defaultReferenceSql, rfmSelectSql } from './rfm-sql.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from './rfm-segments.ts';

export const rfmKind: CellKindEntry<RfmCell, RfmResult, { kind: 'rfm' } & RfmSummary> = {
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
  report: (result) => ({ kind: 'rfm', ...result.rfm }),
  brief: (r) =>
    `${briefCount(r.customers)} customers, revenue ${briefNumber(r.revenue, 9)}, mean recency ${briefNumber(r.meanRecency)} days, ` +
    `mean frequency ${briefNumber(r.meanFrequency)}, median monetary ${briefNumber(r.medianMonetary)}`,
  sqlForm: (cell, { dialect }) => {
    const mapping = {
      input: cell.input, customer: cell.customer, date: cell.date, amount: cell.amount,
      invoice: cell.invoice || null, exclude: cell.exclude || null,
    };
    const reference = cell.referenceDate ? `DATE ${quoteLiteral(cell.referenceDate)}` : defaultReferenceSql(mapping);
    return rfmSelectSql(mapping, reference, cell.bins, cell.segmentMap, dialect);
  },
};
