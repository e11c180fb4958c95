import { CELL_KINDS, kindLabel } from '../../engine/cells/registry.ts';
import type { CellKind } from '../../engine/workbook.ts';

export { kindLabel };

/** The kinds offered when adding a cell: every kind, in the registry's order. */
export const ADDABLE_KINDS: readonly CellKind[] = CELL_KINDS;
