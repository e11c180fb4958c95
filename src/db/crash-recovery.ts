/**
 * DuckDB's instance can no longer be used: its worker died, was ended to stop a query that would
 * not cancel, or the wasm hit a fatal error (out of memory, "unreachable"). A new one must start.
 */
export class DatabaseStopped extends Error {
  override name = 'DatabaseStopped';
  constructor(readonly reason: string) {
    super(`DuckDB stopped (${reason}); it is being restarted. Run the cell again once your data files have reloaded.`);
  }
}

/**
 * Errors after which the wasm's memory can no longer be trusted. DuckDB's own "Out of Memory
 * Error" is not among them: DuckDB recovers from it by itself.
 */
const FATAL = /RuntimeError|unreachable|memory access out of bounds|table index is out of bounds|Aborted\(|Maximum memory size|Cannot enlarge memory|Maximum call stack/i;

export function isFatalError(e: unknown): boolean {
  return FATAL.test(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}

/** How long a cancelled query may take to stop before its worker is ended. */
export const CANCEL_GRACE_MS = 1500;
/** How long the worker may take to answer a ping while busy before it is taken for dead. */
export const UNRESPONSIVE_MS = 12_000;

/**
 * Pings the worker every few seconds while `busy` work runs and calls `dead` when a ping gets no
 * answer in time: a worker that was killed never answers, and duckdb-wasm's promises then hang.
 */
export function watchWorker(ping: () => Promise<unknown>, dead: () => void, timeoutMs = UNRESPONSIVE_MS): () => void {
  let stopped = false;
  let waiting = false;
  const timer = setInterval(() => {
    if (waiting || stopped) return;
    waiting = true;
    const deadline = setTimeout(() => {
      if (!stopped) dead();
    }, timeoutMs);
    void ping()
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(deadline);
        waiting = false;
      });
  }, 2000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
