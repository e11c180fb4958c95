import { CELL_KINDS, kindEntry, kindLabel } from '../../engine/cells/registry.ts';
import type { CellKind } from '../../engine/workbook.ts';

export { kindLabel };

/** The kinds offered when adding a cell: every kind, in the registry's order. */
export const ADDABLE_KINDS: readonly CellKind[] = CELL_KINDS;

/** True for a kind this app knows; "__proto__" or "toString" are not kinds, whatever a file says. */
export function isKnownKind(kind: string): kind is CellKind {
  return kindEntry(kind) !== undefined;
}

/** The label of a kind, or the kind itself for one this app does not know. */
export function cellKindLabel(kind: string): string {
  return isKnownKind(kind) ? kindLabel(kind) : kind;
}
