import type { FeatureMatrix } from './matrix.ts';
import type { Random } from './random.ts';
import * as kernels from './kmeans-kernels.ts';

/*
 * The parts of k-means around Lloyd's loop: input checks and k-means++ seeding.
 */

// tsx and vitest compile imported calls into property reads made at every call: bound once.
const { centreStride, squaredDistanceTo } = kernels;

/**
 * Greedy k-means++ seeding as scikit-learn does it: the first centre is a uniformly drawn row; each
 * next one is the best of 2 + floor(ln k) rows drawn with probability proportional to their squared
 * distance to the nearest centre so far, "best" meaning the lowest total potential once added.
 * Returns k rows of m (row-major, k * d). Needs at least k distinct rows, which kmeans() checks.
 */
export function kmeansPlusPlus(m: FeatureMatrix, k: number, rng: Random): Float64Array {
  const { data, n, d } = m;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer from 1 to the number of rows (${n}): ${k}`);
  const trials = 2 + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  const candidate = new Float64Array(centreStride(d));
  let closest = new Float64Array(n);
  let trial = new Float64Array(n);
  let kept = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const setRow = (target: Float64Array, offset: number, row: number) => target.set(data.subarray(row * d, row * d + d), offset);

  const first = rng.int(n);
  setRow(centres, 0, first);
  setRow(candidate, 0, first);
  for (let i = 0, o = 0; i < n; i++, o += d) closest[i] = squaredDistanceTo(data, o, d, candidate, 0);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) cumulative[i] = total += closest[i];
    let bestPotential = Infinity;
    let bestRow = -1;
    for (let t = 0; t < trials; t++) {
      // The first row whose cumulative weight exceeds the draw. scikit-learn's searchsorted takes
      // the first that reaches it, which can be a row already chosen when the draw is 0.
      const draw = rng.next() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > draw) hi = mid;
        else lo = mid + 1;
      }
      setRow(candidate, 0, lo);
      let potential = 0;
      for (let i = 0, o = 0; i < n; i++, o += d) {
        const v = smaller(squaredDistanceTo(data, o, d, candidate, 0), closest[i]);
        trial[i] = v;
        potential += v;
      }
      if (potential < bestPotential) {
        bestPotential = potential;
        bestRow = lo;
        [kept, trial] = [trial, kept];
      }
    }
    [closest, kept] = [kept, closest];
    setRow(centres, c * d, bestRow);
  }
  return centres;
}

/**
 * min(a, b) for a, b >= 0 without a branch, which the CPU would mispredict half the time here.
 * Its rounding hardly moves a sampling weight, and it gives exactly 0 when either is 0.
 */
function smaller(a: number, b: number): number {
  return 0.5 * (a + b - Math.abs(a - b));
}

export function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer: ${value}`);
  if (value < min) throw new RangeError(`${name} must be at least ${min}: ${value}`);
}

/**
 * Checks the shape of `m` and that every value is finite. Returns a bound on every distance
 * between its rows, their means and the rows of `extra` (when given).
 */
export function checkMatrix(m: FeatureMatrix, what: string, extra?: Float64Array): number {
  const { data, n, d } = m;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${what} needs at least one column: ${d}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} needs at least one row: ${n}`);
  if (data.length !== n * d) throw new RangeError(`${what} of ${n} x ${d} needs ${n * d} values: ${data.length}`);
  const largest = Math.max(largestMagnitude(data, d, what), extra ? largestMagnitude(extra, d, 'init') : 0);
  // Every such point lies in the cube [-largest, largest]^d.
  return 2 * Math.sqrt(d) * largest;
}

function largestMagnitude(values: Float64Array, d: number, what: string): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    // One well-predicted comparison per value; NaN fails it too.
    if (!(v <= largest)) {
      if (v === Infinity || v !== v) throw new RangeError(`${what} holds NaN or Infinity at row ${Math.floor(i / d)}, column ${i % d}`);
      largest = v;
    }
  }
  return largest;
}

/** The number of distinct rows, counting no further than `limit`. */
export function distinctRowsUpTo(m: FeatureMatrix, limit: number): number {
  const { data, n, d } = m;
  const seen = new Int32Array(limit);
  let count = 0;
  for (let i = 0; i < n && count < limit; i++) {
    let isNew = true;
    for (let s = 0; s < count && isNew; s++) {
      let same = true;
      for (let t = 0; t < d && same; t++) same = data[i * d + t] === data[seen[s] * d + t];
      isNew = !same;
    }
    if (isNew) seen[count++] = i;
  }
  return count;
}

/** Mean over columns of the population variance: the unit of scikit-learn's relative tol. */
export function meanVariance(m: FeatureMatrix): number {
  const { data, n, d } = m;
  // Up to four columns per pass, each summed in a local in row order as one column at a time would
  // be (the same bits): a pass per column read every cache line of the rows d times over, and sums
  // kept in an array waited on each other through memory.
  let total = 0;
  for (let t = 0; t < d; t += 4) {
    const w = Math.min(4, d - t);
    let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    for (let o = t; o < n * d; o += d) {
      m0 += data[o];
      if (w > 1) m1 += data[o + 1];
      if (w > 2) m2 += data[o + 2];
      if (w > 3) m3 += data[o + 3];
    }
    m0 /= n; m1 /= n; m2 /= n; m3 /= n;
    let v0 = 0, v1 = 0, v2 = 0, v3 = 0;
    for (let o = t; o < n * d; o += d) {
      v0 += (data[o] - m0) ** 2;
      if (w > 1) v1 += (data[o + 1] - m1) ** 2;
      if (w > 2) v2 += (data[o + 2] - m2) ** 2;
      if (w > 3) v3 += (data[o + 3] - m3) ** 2;
    }
    total += v0 / n;
    if (w > 1) total += v1 / n;
    if (w > 2) total += v2 / n;
    if (w > 3) total += v3 / n;
  }
  return total / d;
}
