import { briefCount } from '../brief-format.ts';
import { fittedModelOf } from '../cluster/kind.ts';
import type { ClusterCell } from '../cluster/model.ts';
import type { CellBase, CellKindEntry } from '../kind.ts';
import { SettingsError } from '../settings-error.ts';
import { readScoreCell, type ScoreCell } from './model.ts';
import { runScoreCell, type ScoreResult } from './score-cell.ts';
import { buildScoreSql } from './score-sql.ts';

const clusterNamed = (name: string) => (c: CellBase): c is ClusterCell => c.kind === 'cluster' && 'name' in c && c.name === name;

export const scoreKind: CellKindEntry<ScoreCell, ScoreResult, ScoreResult> = {
  kind: 'score',
  label: 'Score',
  read: readScoreCell,
  // New rows to score are most often the last data file loaded.
  create: ({ id, input, name, sources, lastCluster }) => ({
    id, kind: 'score', name: name('scored'), input: sources.at(-1)?.name ?? input, model: lastCluster?.name ?? '',
  }),
  reads: (cell) => [cell.input, cell.model],
  writes: (cell) => [cell.name],
  run: runScoreCell,
  usesMlWorker: true,
  passesInputThrough: true,
  report: (result) => ({ kind: 'score', scored: result.scored, unfit: result.unfit, dropped: result.dropped }),
  brief: (r) => `${briefCount(r.scored)} scored, ${briefCount(r.unfit)} fit no segment, ${briefCount(r.dropped)} dropped`,
  sqlForm: (cell, { table, dialect, cells }) => {
    const source = cells.find(clusterNamed(cell.model));
    if (!source) throw new SettingsError(`score cell "${cell.name}" applies "${cell.model}", but no cluster cell has that name`);
    return buildScoreSql(table ?? cell.input, fittedModelOf(source), dialect);
  },
};
