import { SvelteMap } from 'svelte/reactivity';
import { Cancelled } from '../cancelled.ts';
import { sweepClusterCell } from '../engine/cells/cluster/cluster-cell.ts';
import type { CellContext } from '../engine/cells/context.ts';
import type { ClusterCell } from '../engine/workbook.ts';
import type { KSweep } from '../engine/choose-k.ts';

export interface SweepState {
  status: 'running' | 'done' | 'error' | 'cancelled';
  progress?: string;
  result?: KSweep;
  error?: string;
}

/** The k sweeps of cluster cells, by cell id. Results are kept for this session only. */
export class Sweeps {
  /** By cell id: a Map, so that an id like "constructor" finds nothing it did not put there. */
  readonly states = new SvelteMap<string, SweepState>();
  readonly #controllers = new Map<string, AbortController>();
  readonly #context: () => Pick<CellContext, 'db' | 'ml'>;

  constructor(context: () => Pick<CellContext, 'db' | 'ml'>) {
    this.#context = context;
  }

  /** Runs the sweep in the worker; a newer sweep of the same cell replaces a running one. */
  async run(cell: ClusterCell): Promise<void> {
    const id = cell.id;
    this.#controllers.get(id)?.abort();
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    const set = (state: SweepState) => {
      if (this.#controllers.get(id) === controller) this.states.set(id, state);
    };
    set({ status: 'running', progress: 'reading the features' });
    try {
      const result = await sweepClusterCell(cell, { ...this.#context(), signal: controller.signal, report: (progress) => set({ status: 'running', progress }) });
      set({ status: 'done', result });
    } catch (e) {
      if (e instanceof Cancelled) set({ status: 'cancelled' });
      else set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  cancel(id: string): void {
    this.#controllers.get(id)?.abort();
  }
}
