import { tick } from 'svelte';
import { cellFolds } from './cell-folds.svelte.ts';

/** The outline and find panels, opened from the toolbar or the keyboard. */
export class NotebookNav {
  outlineOpen = $state(false);
  findOpen = $state(false);
  /** Bumped to ask the find box to take focus again. */
  findFocus = $state(0);

  openFind(): void {
    this.findOpen = true;
    this.findFocus++;
  }
}

/**
 * Scrolls to a cell and gives it focus (command mode), unfolding it; below the sticky toolbar,
 * which the cell's scroll-margin leaves room for.
 */
export async function jumpToCell(id: string, focus = true): Promise<void> {
  cellFolds.reveal(id);
  await tick();
  const cell = document.getElementById(`cell-${id}`);
  if (!cell) return;
  if (focus) cell.focus({ preventScroll: true });
  cell.scrollIntoView({ block: 'start' });
}

/** Scrolls a cell into view only when its top is not on screen, as Shift+Enter moves on. */
export function revealCell(id: string): void {
  const cell = document.getElementById(`cell-${id}`);
  if (!cell) return;
  const top = cell.getBoundingClientRect().top;
  if (top < 64 || top > window.innerHeight * 0.75) cell.scrollIntoView({ block: 'start' });
}
