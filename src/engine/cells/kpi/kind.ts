import { guessTransactionColumns } from '../../column-guess.ts';
import { briefCount } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { runKpiCell, type KpiResult, type KpiSummary } from './kpi-cell.ts';
import { readKpiCell, type KpiCell } from './model.ts';

export const kpiKind: CellKindEntry<KpiCell, KpiResult, { kind: 'kpi' } & KpiSummary> = {
  kind: 'kpi',
  label: 'Segment KPIs',
  read: readKpiCell,
  // The table above gives the segments; the transactions come from the data file that has dates.
  create: ({ id, input, name, columnsOf, sources }) => {
    const transactions = sources.find((s) => guessTransactionColumns(s.schema).date !== null)?.name ?? sources[0]?.name ?? input;
    const guess = guessTransactionColumns(columnsOf(transactions));
    return {
      id, kind: 'kpi', name: name('segment_kpis'), input: transactions, customer: guess.customer ?? '', date: guess.date ?? '',
      amount: guess.amount ?? '', segments: input, segmentKey: guess.customer ?? '', segmentColumn: 'segment', period: 'month',
    };
  },
  reads: (cell) => [cell.input, cell.segments],
  writes: (cell) => [cell.name],
  run: runKpiCell,
  summarises: 'a Segment KPIs cell: one row per segment and period',
  report: (result) => ({ kind: 'kpi', ...result.kpi }),
  brief: (r) => `${r.periods.length} ${r.period}s, ${r.segments.length} segments, ${briefCount(r.unsegmented)} customers without a segment`,
};
