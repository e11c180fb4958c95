/**
 * A dynamic import remembered once started, so that every `{#await}` over it sees the same
 * promise: the view mounts once, and its code (with Observable Plot and the charts) loads only
 * when a workbook first shows such a cell, not before the app's first query.
 */
export function lazy<T>(load: () => Promise<{ default: T }>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load().then((m) => m.default));
}
