/**
 * What an all-pairs step would cost on n rows of d features, so the user can be told why it was
 * sampled (the engine words it). Throughput is the exact silhouette's measured rate in Chromium's
 * worker on this project's 2-core machine (20,000 x 6 in about 0.5 s), rounded down to stay honest
 * on slower ones.
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
