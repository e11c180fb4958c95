import type { QueryOptions } from './database.ts';

/**
 * How long the queue must have been free of foreground work before a background job starts. A
 * cell runs its statements one after another with a little JavaScript between them, and Run all
 * queues the next cell a moment after the previous one ends: without this grace a background job
 * slipped into each such gap, and the cell then waited for it to end.
 */
export const BACKGROUND_GRACE_MS = 50;

/**
 * Runs async jobs one after another. Foreground jobs run in the order they were added; a
 * background job starts only when no foreground job is running or waiting, and none has ended
 * in the last `graceMs`, so work nobody is waiting on (a source's column statistics) seldom
 * delays a cell. Background jobs run in the order they were added; once started, a job runs to
 * its end, so background work should come in short statements.
 */
export class SerialQueue {
  #busy = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last foreground job ended (performance.now()). */
  #foregroundEnded = -Infinity;
  readonly #foreground: Array<() => void> = [];
  readonly #background: Array<() => void> = [];

  constructor(readonly graceMs = BACKGROUND_GRACE_MS) {}

  run<T>(job: () => Promise<T>, lane: 'foreground' | 'background' = 'foreground'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#busy = true;
        Promise.resolve()
          .then(job)
          .then(resolve, reject)
          .finally(() => {
            this.#busy = false;
            if (lane === 'foreground') this.#foregroundEnded = performance.now();
            this.#next();
          });
      };
      (lane === 'background' ? this.#background : this.#foreground).push(start);
      if (!this.#busy) this.#next();
    });
  }

  #next(): void {
    const foreground = this.#foreground.shift();
    if (foreground) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      foreground();
      return;
    }
    if (!this.#background.length || this.#timer !== undefined) return;
    const wait = this.#foregroundEnded + this.graceMs - performance.now();
    if (wait <= 0) {
      this.#background.shift()?.();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#busy) this.#next();
    }, wait);
  }
}

export function laneOf(options: QueryOptions): 'foreground' | 'background' {
  return options.background ? 'background' : 'foreground';
}
