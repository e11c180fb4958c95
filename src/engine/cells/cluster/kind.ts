import { briefCount, briefNumber } from '../brief-format.ts';
import { guessedFeatures } from '../feature-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { buildScoreSql } from '../score/score-sql.ts';
import { SettingsError } from '../settings-error.ts';
import { runClusterCell, type ClusterResult } from './cluster-cell.ts';
import { centroidTable, readClusterCell, type ClusterCell } from './model.ts';

export interface ClusterReport {
  kind: 'cluster';
  k: number;
  sizes: number[];
  shares: number[];
  inertia: number;
  iterations: number;
  columns: string[];
}

/** The fitted model a SQL form applies; a cell not yet run has none to give. */
export function fittedModelOf(cell: ClusterCell) {
  if (!cell.model) {
    throw new SettingsError(`cluster cell "${cell.name}" has no fitted model in the workbook: run it with \`npm run segbook -- run WB.json --out DIR --save FITTED.json\`, or save the workbook from the tab after running it`);
  }
  return cell.model;
}

export const clusterKind: CellKindEntry<ClusterCell, ClusterResult, ClusterReport> = {
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
  report: (result) => {
    const total = result.sizes.reduce((a, b) => a + b, 0);
    return {
      kind: 'cluster', k: result.sizes.length, sizes: result.sizes, shares: result.sizes.map((s) => s / total),
      inertia: result.inertia, iterations: result.iterations, columns: result.columns,
    };
  },
  brief: (r) => `k = ${r.k}; sizes ${r.sizes.map(briefCount).join(', ')}; inertia ${briefNumber(r.inertia, 6)} after ${r.iterations} iterations`,
  sqlForm: (cell, { table, dialect }) => buildScoreSql(table ?? cell.input, fittedModelOf(cell), dialect),
};
