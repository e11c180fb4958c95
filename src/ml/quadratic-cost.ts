/**
 * What an all-pairs step would cost on n rows of d features, so the user is told why it was
 * sampled. Throughput is the exact silhouette's measured rate in Chromium's worker on this
 * project's 2-core machine (20,000 x 6 in about 0.5 s), rounded down to stay honest on slower ones.
 */
export const DISTANCE_TERMS_PER_SECOND = 2e9;

export interface QuadraticCost {
  /** Distances between pairs of rows the exact step would compute. */
  pairs: number;
  seconds: number;
  /** Memory of a full matrix of 8-byte distances, half of it kept (the steps here avoid it; methods that keep one need it). */
  matrixBytes: number;
}

export function quadraticCost(n: number, d: number): QuadraticCost {
  const pairs = n * n;
  return { pairs, seconds: (pairs * Math.max(1, d)) / DISTANCE_TERMS_PER_SECOND, matrixBytes: n * (n - 1) * 4 };
}

/** One sentence: what the exact step would have cost, and what ran instead. */
export function samplingNote(step: string, n: number, d: number, sample: number): string {
  const exact = quadraticCost(n, d);
  const done = quadraticCost(sample, d);
  return (
    `${step} compares every pair of rows: on all ${n.toLocaleString('en')} rows that is ${count(exact.pairs)} distances ` +
    `(about ${duration(exact.seconds)}, and ${bytes(exact.matrixBytes)} as a distance matrix), so it ran on a seeded sample of ` +
    `${sample.toLocaleString('en')} rows (${count(done.pairs)} distances, about ${duration(done.seconds)}).`
  );
}

function count(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)} billion`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(0)} million`;
  return x.toLocaleString('en');
}

function duration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${Math.round(seconds / 60)} minutes`;
}

function bytes(b: number): string {
  if (b >= 1e12) return `${(b / 1e12).toFixed(1)} TB`;
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.round(b / 1e6)} MB`;
}
