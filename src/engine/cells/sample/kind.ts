import { guessCustomerColumns } from '../../column-guess.ts';
import { briefCount } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { readSampleCell, type SampleCell } from './model.ts';
import { runSampleCell, type SampleResult } from './sample-cell.ts';

export const sampleKind: CellKindEntry<SampleCell, SampleResult, { kind: 'sample' } & SampleResult['sample']> = {
  kind: 'sample',
  label: 'Sample',
  read: readSampleCell,
  create: ({ id, input, name, columnsOf }) => ({
    id, kind: 'sample', name: name('sample'), input, method: 'random',
    stratum: guessCustomerColumns(columnsOf(input)).segment, size: 10, unit: 'percent', seed: 42,
  }),
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name],
  run: runSampleCell,
  report: (result) => ({ kind: 'sample', ...result.sample }),
  brief: (r) => `${briefCount(r.rows)} of ${briefCount(r.of)} rows` + (r.strata === null ? '' : ` from ${briefCount(r.strata)} strata`),
};
