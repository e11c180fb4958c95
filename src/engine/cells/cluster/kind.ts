import { guessedFeatures } from '../feature-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { runClusterCell, type ClusterResult } from './cluster-cell.ts';
import { centroidTable, readClusterCell, type ClusterCell } from './model.ts';

export const clusterKind: CellKindEntry<ClusterCell, ClusterResult> = {
  kind: 'cluster',
  label: 'Cluster',
  read: readClusterCell,
  create: ({ id, input, name, columnsOf }) => ({
    id, kind: 'cluster', name: name('segments'), input, features: guessedFeatures(columnsOf(input)),
    algorithm: 'kmeans', k: 4, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
    sweep: { min: 2, max: 10, references: 5 }, model: null,
  }),
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name, centroidTable(cell.name)],
  run: runClusterCell,
  usesMlWorker: true,
  readsCustomers: 'features',
  passesInputThrough: true,
};
