import type { Component } from 'svelte';
import type { Cell, CellKind } from '../../engine/workbook.ts';
import type { Notebook } from '../notebook.svelte.ts';
import { isKnownKind } from './cell-kinds.ts';
import { lazy } from './lazy-view.ts';
import NoteCellView from './markdown/NoteCellView.svelte';
import SqlCellView from './sql/SqlCellView.svelte';

/** What the cell list gives every view; a view declares only the ones it uses. */
export interface CellViewProps<C extends Cell = Cell> {
  notebook: Notebook;
  cell: C;
  /** The clock running cells show their elapsed time against. */
  now: number;
  onrun: (moveNext: boolean) => void;
  /** Leaves the cell's editor for command mode. */
  onescape: () => void;
}

export interface CellViewExports {
  /** Puts the focus where the cell is edited; a view with nothing to edit may leave it out. */
  focusEditor?(): void | Promise<void>;
}

export type CellViewComponent<C extends Cell = Cell> = Component<CellViewProps<C>, CellViewExports>;

/**
 * A kind's view: SQL and note views come with the app, so that a long workbook of them draws
 * without waiting; views that draw charts load the first time a workbook shows such a cell.
 */
export type CellView<C extends Cell = Cell> = { ready: CellViewComponent<C> } | { load: () => Promise<CellViewComponent<C>> };

type CellOf<K extends CellKind> = Extract<Cell, { kind: K }>;

const VIEWS: { [K in CellKind]: CellView<CellOf<K>> } = {
  sql: { ready: SqlCellView },
  markdown: { ready: NoteCellView },
  cluster: { load: lazy(() => import('./cluster/ClusterCellView.svelte')) },
  validate: { load: lazy(() => import('./validate/ValidateCellView.svelte')) },
  score: { load: lazy(() => import('./score/ScoreCellView.svelte')) },
  rfm: { load: lazy(() => import('./rfm/RfmCellView.svelte')) },
  clv: { load: lazy(() => import('./clv/ClvCellView.svelte')) },
  rules: { load: lazy(() => import('./rules/RulesCellView.svelte')) },
  profile: { load: lazy(() => import('./profile/ProfileCellView.svelte')) },
  kpi: { load: lazy(() => import('./kpi/KpiCellView.svelte')) },
  migration: { load: lazy(() => import('./migration/MigrationCellView.svelte')) },
  chart: { load: lazy(() => import('./chart/ChartCellView.svelte')) },
  sample: { load: lazy(() => import('./sample/SampleCellView.svelte')) },
};

/** The view for a cell, or null when its kind is unknown: the list then shows an error, never another kind's view. */
export function cellView(cell: { kind: string }): CellView | null {
  if (!isKnownKind(cell.kind)) return null;
  // Looked up by the cell's own kind, a view only ever gets a cell of that kind; the type system
  // cannot follow a lookup by a kind known only at run time, so the entry is widened here, once.
  return VIEWS[cell.kind] as CellView;
}
