import { guessTransactionColumns } from '../../column-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { runClvCell, type ClvResult } from './clv-cell.ts';
import { readClvCell, type ClvCell } from './model.ts';

export const clvKind: CellKindEntry<ClvCell, ClvResult> = {
  kind: 'clv',
  label: 'CLV',
  read: readClvCell,
  create: ({ id, input, name, columnsOf }) => {
    const guess = guessTransactionColumns(columnsOf(input));
    return {
      id, kind: 'clv', name: name('clv'), input, customer: guess.customer ?? '', date: guess.date ?? '', amount: guess.amount ?? '',
      exclude: guess.exclude, calibrationEnd: null, periodDays: 7, horizon: 52, discountRate: 0.1, aliveThreshold: 0.5,
    };
  },
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name],
  run: runClvCell,
  usesMlWorker: true,
  // Its recency and T are BG/NBD's: the age at the last purchase and the age now, in periods, so
  // recency is not days since the last purchase.
  columnMeanings: {
    frequency: 'frequency', recency: null, T: 'tenure', monetary_value: 'monetary', historical_value: 'monetary',
    p_alive: 'alive', expected_purchases: 'frequency', expected_avg_value: 'monetary', clv: 'monetary',
  },
};
