import { guessCustomerColumns } from '../../column-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { readSampleCell, type SampleCell } from './model.ts';
import { runSampleCell, type SampleResult } from './sample-cell.ts';

export const sampleKind: CellKindEntry<SampleCell, SampleResult> = {
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
};
