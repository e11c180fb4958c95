import { briefCount } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { SettingsError } from '../settings-error.ts';
import { readRulesCell, type RulesCell } from './model.ts';
import { runRulesCell, type RulesResult, type RulesSummary } from './rules-cell.ts';
import { buildRulesSql, segmentNames } from './rules-sql.ts';

export const rulesKind: CellKindEntry<RulesCell, RulesResult, { kind: 'rules' } & RulesSummary> = {
  kind: 'rules',
  label: 'Rule segments',
  read: readRulesCell,
  create: ({ id, input, name }) => ({ id, kind: 'rules', name: name('rule_segments'), input, segments: [], elseSegment: 'Other' }),
  reads: (cell) => [cell.input],
  writes: (cell) => [cell.name],
  run: runRulesCell,
  passesInputThrough: true,
  segmentNames,
  report: (result) => ({ kind: 'rules', ...result.rules }),
  brief: (r) => r.segments.map((s) => `${s.name} ${briefCount(s.rows)}`).join(', '),
  sqlForm: (cell, { sources, dialect }) => {
    const source = sources.find((s) => s.name === cell.input);
    if (!source || source.schema.length === 0) {
      throw new SettingsError(`rules cell "${cell.name}" reads "${cell.input}", which is not a data source with remembered columns; point it at a source, or copy its SQL from the tab`);
    }
    return buildRulesSql(cell, source.schema, dialect);
  },
};
