import { guessTransactionColumns } from '../../column-guess.ts';
import { briefCount, briefNumber, briefPercent } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { runClvCell, type ClvResult, type ClvSummary } from './clv-cell.ts';
import { readClvCell, type ClvCell } from './model.ts';

export const clvKind: CellKindEntry<ClvCell, ClvResult, { kind: 'clv' } & ClvSummary> = {
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
  report: (result) => ({ kind: 'clv', ...result.clv }),
  brief: (r) => {
    const params = (p: object) => Object.entries(p).map(([k, v]) => `${k} ${briefNumber(v, 4)}`).join(', ');
    return `${briefCount(r.customers)} customers; BG/NBD ${params(r.bgnbd.params)}` + (r.gammaGamma ? `; Gamma-Gamma ${params(r.gammaGamma.params)}` : '') +
      `; mean P(alive) ${briefPercent(r.meanPAlive)}; total CLV ${briefNumber(r.clvTotal, 9)}`;
  },
};
