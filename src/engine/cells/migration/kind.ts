import { briefCount, briefPercent } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { runMigrationCell, type MigrationResult, type MigrationSummary } from './migration-cell.ts';
import { readMigrationCell, type MigrationCell } from './model.ts';

export const migrationKind: CellKindEntry<MigrationCell, MigrationResult, { kind: 'migration' } & MigrationSummary> = {
  kind: 'migration',
  label: 'Segment migration',
  read: readMigrationCell,
  create: ({ id, input, name }) => ({
    id, kind: 'migration', name: name('migration'), before: input, after: input, key: '', beforeColumn: 'segment', afterColumn: 'segment',
  }),
  reads: (cell) => [cell.before, cell.after],
  writes: (cell) => [cell.name],
  run: runMigrationCell,
  summarises: 'a Segment migration cell: one row per pair of segments',
  report: (result) => ({ kind: 'migration', ...result.migration }),
  brief: (r) => `${briefCount(r.inBoth)} customers in both, ${briefPercent(r.stayedShare)} stayed; ${briefCount(r.newCustomers)} new, ${briefCount(r.gone)} gone`,
};
