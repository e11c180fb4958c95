import type { CellKindEntry } from '../kind.ts';
import { readRulesCell, type RulesCell } from './model.ts';
import { runRulesCell, type RulesResult } from './rules-cell.ts';
import { segmentNames } from './rules-sql.ts';

export const rulesKind: CellKindEntry<RulesCell, RulesResult> = {
  kind: 'rules',
  label: 'Rule segments',
  read: readRulesCell,
  create: ({ id, input, name }) => ({ id, kind: 'rules', name: name('rule_segments'), input, segments: [], elseSegment: 'Other' }),
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name],
  run: runRulesCell,
  passesInputThrough: true,
  segmentNames,
};
