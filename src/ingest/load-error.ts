/** A problem with a user's file, worded for that user: it names the file and says what to do. */
export class LoadError extends Error {
  override name = 'LoadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
