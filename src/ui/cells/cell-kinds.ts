import type { CellKind } from '../../engine/workbook.ts';

export const CELL_KIND_LABEL: Record<CellKind, string> = {
  sql: 'SQL', markdown: 'Note', cluster: 'Cluster', score: 'Score', validate: 'Validate', rfm: 'RFM', clv: 'CLV',
  rules: 'Rule segments', profile: 'Profile and personas', kpi: 'Segment KPIs', migration: 'Segment migration', chart: 'Chart',
};

/** The kinds offered when adding a cell, in the order of a typical analysis. */
export const ADDABLE_KINDS: readonly CellKind[] = [
  'sql', 'markdown', 'rfm', 'clv', 'rules', 'cluster', 'validate', 'score', 'profile', 'kpi', 'migration', 'chart',
];

/** True for a kind this app knows; "__proto__" or "toString" are not kinds, whatever a file says. */
export function isKnownKind(kind: string): kind is CellKind {
  return Object.hasOwn(CELL_KIND_LABEL, kind);
}

/** The label of a kind, or the kind itself for one this app does not know. */
export function cellKindLabel(kind: string): string {
  return isKnownKind(kind) ? CELL_KIND_LABEL[kind] : kind;
}
