/**
 * Charts that appear together take turns to draw their first time, one per task. A finished cell
 * shows several charts at once, and each learns its width in the same frame: drawn together they
 * held the page's main thread for 130 ms on the bench's million customers; one per task, the
 * page answers between them.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

/** Runs `start` in a task of its own, after the turns asked for before it; the returned function gives the turn up. */
export function inTurn(start: () => void): () => void {
  waiting.push(start);
  schedule();
  return () => {
    const at = waiting.indexOf(start);
    if (at >= 0) waiting.splice(at, 1);
  };
}

function schedule(): void {
  if (scheduled || waiting.length === 0) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    waiting.shift()?.();
    schedule();
  }, 0);
}
