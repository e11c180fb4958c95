import { SvelteSet } from 'svelte/reactivity';

export type FoldPart = 'input' | 'output';

/** Which cells show only their header: their input, their output or both folded away, for this page's life. */
export class CellFolds {
  readonly #folded = new SvelteSet<string>();

  has(id: string, part: FoldPart): boolean {
    return this.#folded.has(`${part}:${id}`);
  }

  toggle(id: string, part: FoldPart): void {
    const key = `${part}:${id}`;
    if (!this.#folded.delete(key)) this.#folded.add(key);
  }

  /** Unfolds a cell, e.g. when find or the outline jumps to it. */
  reveal(id: string): void {
    this.#folded.delete(`input:${id}`);
    this.#folded.delete(`output:${id}`);
  }
}

/** One set for the page: the cell list folds, the outline and find unfold. */
export const cellFolds = new CellFolds();
