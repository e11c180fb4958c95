import type { CellKindEntry } from '../kind.ts';
import { readScoreCell, type ScoreCell } from './model.ts';
import { runScoreCell, type ScoreResult } from './score-cell.ts';

export const scoreKind: CellKindEntry<ScoreCell, ScoreResult> = {
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
};
