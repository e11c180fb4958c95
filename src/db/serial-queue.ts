import type { QueryOptions } from './database.ts';

/**
 * Runs async jobs one after another. Foreground jobs run in the order they were added; a
 * background job starts only when no foreground job is running or waiting, so work nobody is
 * waiting on (a source's column statistics) never delays a cell.
 */
export class SerialQueue {
  #busy = false;
  readonly #foreground: Array<() => void> = [];
  readonly #background: Array<() => void> = [];

  run<T>(job: () => Promise<T>, lane: 'foreground' | 'background' = 'foreground'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#busy = true;
        Promise.resolve()
          .then(job)
          .then(resolve, reject)
          .finally(() => {
            this.#busy = false;
            this.#next();
          });
      };
      (lane === 'background' ? this.#background : this.#foreground).push(start);
      if (!this.#busy) this.#next();
    });
  }

  #next(): void {
    (this.#foreground.shift() ?? this.#background.shift())?.();
  }
}

export function laneOf(options: QueryOptions): 'foreground' | 'background' {
  return options.background ? 'background' : 'foreground';
}
