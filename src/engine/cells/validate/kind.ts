import { guessCustomerColumns } from '../../column-guess.ts';
import type { ValidationResult } from '../../../ml/validate-job.ts';
import { briefNumber } from '../brief-format.ts';
import { guessedFeatures } from '../feature-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { readValidateCell, type ValidateCell } from './model.ts';
import { runValidateCell, type ValidateResult } from './validate-cell.ts';

export type ValidateReport = { kind: 'validate' } & Omit<ValidationResult, 'plot' | 'notes'>;

export const validateKind: CellKindEntry<ValidateCell, ValidateResult, ValidateReport> = {
  kind: 'validate',
  label: 'Validate',
  read: readValidateCell,
  create: ({ id, input, name, columnsOf, lastCluster }) => {
    const customers = guessCustomerColumns(columnsOf(input));
    return {
      id, kind: 'validate', name: name('validation'), input, segmentColumn: customers.segment ?? 'segment',
      // Checking the cluster cell just above: the features it clustered on.
      features: lastCluster?.name === input ? lastCluster.features : guessedFeatures(columnsOf(input)),
      minShare: 0.02, bootstrap: 20, seed: 42, valueColumn: customers.value,
    };
  },
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name],
  run: runValidateCell,
  usesMlWorker: true,
  readsCustomers: 'segment',
  summarises: 'a Validate cell: one row per segment',
  report: (result) => {
    const { plot: _perRow, ...v } = result.validation;
    return { kind: 'validate', ...v };
  },
  brief: (r) =>
    `silhouette ${briefNumber(r.silhouette)}, Davies-Bouldin ${briefNumber(r.daviesBouldin)}, Calinski-Harabasz ${briefNumber(r.calinskiHarabasz, 6)}` +
    (r.meanAri === null ? '' : `, stability (mean ARI) ${briefNumber(r.meanAri)}`),
};
