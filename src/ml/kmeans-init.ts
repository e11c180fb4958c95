import type { FeatureMatrix } from './matrix.ts';
import type { Random } from './random.ts';

/*
 * The parts of k-means around Lloyd's loop: input checks, k-means++ seeding, scikit-learn's
 * empty-cluster relocation, and the distance and sum kernels they share with the loop.
 *
 * Centres are stored with a padded stride (4 for d <= 4, 8 for d <= 8) and zeros in the padding,
 * so that one unrolled kernel serves every small d: the padded terms add exactly 0, which keeps
 * each sum bit-identical to the plain loop `s += (x - c) ** 2` in column order. V8 runs the
 * unrolled form about twice as fast as the loop.
 */

/** Row stride of padded centre arrays for d columns. */
export function centreStride(d: number): number {
  return d <= 4 ? 4 : d <= 8 ? 8 : d;
}

/** `k` centres of `d` values (row-major) copied into a zero-padded array of stride `centreStride(d)`. */
export function padCentres(centres: Float64Array, k: number, d: number): Float64Array {
  const cs = centreStride(d);
  const out = new Float64Array(k * cs);
  for (let j = 0; j < k; j++) out.set(centres.subarray(j * d, j * d + d), j * cs);
  return out;
}

/** Squared distance from the row at offset `o` of `x` to the centre at offset `c` of padded `centres`. */
export function squaredDistanceTo(x: Float64Array, o: number, d: number, centres: Float64Array, c: number): number {
  // Three small kernels rather than one large one, so that V8 inlines them into the loops.
  return d <= 4 ? squaredDistance4(x, o, d, centres, c) : d <= 8 ? squaredDistance8(x, o, d, centres, c) : squaredDistanceN(x, o, d, centres, c);
}

function squaredDistance4(x: Float64Array, o: number, d: number, centres: Float64Array, c: number): number {
  const a0 = x[o] - centres[c];
  const a1 = (d > 1 ? x[o + 1] : 0) - centres[c + 1];
  const a2 = (d > 2 ? x[o + 2] : 0) - centres[c + 2];
  const a3 = (d > 3 ? x[o + 3] : 0) - centres[c + 3];
  return a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
}

function squaredDistance8(x: Float64Array, o: number, d: number, centres: Float64Array, c: number): number {
  const a0 = x[o] - centres[c];
  const a1 = x[o + 1] - centres[c + 1];
  const a2 = x[o + 2] - centres[c + 2];
  const a3 = x[o + 3] - centres[c + 3];
  const a4 = x[o + 4] - centres[c + 4];
  const a5 = (d > 5 ? x[o + 5] : 0) - centres[c + 5];
  const a6 = (d > 6 ? x[o + 6] : 0) - centres[c + 6];
  const a7 = (d > 7 ? x[o + 7] : 0) - centres[c + 7];
  return a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3 + a4 * a4 + a5 * a5 + a6 * a6 + a7 * a7;
}

function squaredDistanceN(x: Float64Array, o: number, d: number, centres: Float64Array, c: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const a = x[o + t] - centres[c + t];
    s += a * a;
  }
  return s;
}

/**
 * Index of the padded centre nearest to the row at offset `o` (the first one on ties, as a plain
 * argmin), with its squared distance in `out[0]` and the second smallest squared distance in `out[1]`.
 */
export function nearestTwo(x: Float64Array, o: number, d: number, centres: Float64Array, k: number, out: Float64Array): number {
  return d <= 4 ? nearestTwo4(x, o, d, centres, k, out) : d <= 8 ? nearestTwo8(x, o, d, centres, k, out) : nearestTwoN(x, o, d, centres, k, out);
}

// The row's values stay in registers across centres, which the per-centre kernel cannot do.
function nearestTwo4(x: Float64Array, o: number, d: number, centres: Float64Array, k: number, out: Float64Array): number {
  const x0 = x[o];
  const x1 = d > 1 ? x[o + 1] : 0;
  const x2 = d > 2 ? x[o + 2] : 0;
  const x3 = d > 3 ? x[o + 3] : 0;
  let best = Infinity;
  let second = Infinity;
  let nearest = 0;
  for (let j = 0, c = 0; j < k; j++, c += 4) {
    const a0 = x0 - centres[c];
    const a1 = x1 - centres[c + 1];
    const a2 = x2 - centres[c + 2];
    const a3 = x3 - centres[c + 3];
    const s = a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
    if (s < best) {
      second = best;
      best = s;
      nearest = j;
    } else if (s < second) second = s;
  }
  out[0] = best;
  out[1] = second;
  return nearest;
}

function nearestTwo8(x: Float64Array, o: number, d: number, centres: Float64Array, k: number, out: Float64Array): number {
  const x0 = x[o];
  const x1 = x[o + 1];
  const x2 = x[o + 2];
  const x3 = x[o + 3];
  const x4 = x[o + 4];
  const x5 = d > 5 ? x[o + 5] : 0;
  const x6 = d > 6 ? x[o + 6] : 0;
  const x7 = d > 7 ? x[o + 7] : 0;
  let best = Infinity;
  let second = Infinity;
  let nearest = 0;
  for (let j = 0, c = 0; j < k; j++, c += 8) {
    const a0 = x0 - centres[c];
    const a1 = x1 - centres[c + 1];
    const a2 = x2 - centres[c + 2];
    const a3 = x3 - centres[c + 3];
    const a4 = x4 - centres[c + 4];
    const a5 = x5 - centres[c + 5];
    const a6 = x6 - centres[c + 6];
    const a7 = x7 - centres[c + 7];
    const s = a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3 + a4 * a4 + a5 * a5 + a6 * a6 + a7 * a7;
    if (s < best) {
      second = best;
      best = s;
      nearest = j;
    } else if (s < second) second = s;
  }
  out[0] = best;
  out[1] = second;
  return nearest;
}

function nearestTwoN(x: Float64Array, o: number, d: number, centres: Float64Array, k: number, out: Float64Array): number {
  let best = Infinity;
  let second = Infinity;
  let nearest = 0;
  for (let j = 0, c = 0; j < k; j++, c += d) {
    const s = squaredDistanceN(x, o, d, centres, c);
    if (s < best) {
      second = best;
      best = s;
      nearest = j;
    } else if (s < second) second = s;
  }
  out[0] = best;
  out[1] = second;
  return nearest;
}

/** Adds the row at offset `o` to the padded sums at offset `c`; unrolled, skipping the padding. */
export function addRow(x: Float64Array, o: number, d: number, sums: Float64Array, c: number): void {
  if (d > 8) {
    for (let t = 0; t < d; t++) sums[c + t] += x[o + t];
    return;
  }
  sums[c] += x[o];
  if (d > 1) sums[c + 1] += x[o + 1];
  if (d > 2) sums[c + 2] += x[o + 2];
  if (d > 3) sums[c + 3] += x[o + 3];
  if (d > 4) sums[c + 4] += x[o + 4];
  if (d > 5) sums[c + 5] += x[o + 5];
  if (d > 6) sums[c + 6] += x[o + 6];
  if (d > 7) sums[c + 7] += x[o + 7];
}

export function squaredNorm(x: Float64Array, o: number, d: number): number {
  let q = 0;
  for (let t = 0; t < d; t++) q += x[o + t] * x[o + t];
  return q;
}

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

/** Padded centres, per-cluster sums and counts of an assignment, and k-long scratch. */
export interface ClusterSums {
  k: number;
  centres: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  farDistance: Float64Array;
  farRow: Int32Array;
}

/**
 * scikit-learn's relocation of empty clusters: each empty cluster, in order, takes the row
 * farthest from its centre (farthest first, ties to the lower row), whose values leave its old
 * cluster's sums. Labels stay as they are. Call with at least one empty cluster.
 */
export function relocateEmptyClusters(m: FeatureMatrix, labels: Int32Array, c: ClusterSums): void {
  const { data, n, d } = m;
  const { k, centres, sums, counts, farDistance, farRow } = c;
  const cs = centreStride(d);
  let empty = 0;
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty++;
  let found = 0;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    const s = squaredDistanceTo(data, o, d, centres, labels[i] * cs);
    if (found === empty && s <= farDistance[found - 1]) continue;
    let at = found < empty ? found++ : found - 1;
    for (; at > 0 && farDistance[at - 1] < s; at--) {
      farDistance[at] = farDistance[at - 1];
      farRow[at] = farRow[at - 1];
    }
    farDistance[at] = s;
    farRow[at] = i;
  }
  // Every row sits on its centre: more clusters than distinct rows, nothing to gain.
  if (farDistance[0] === 0) return;
  for (let j = 0, next = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    const row = farRow[next++];
    const from = labels[row];
    for (let t = 0; t < d; t++) {
      sums[from * cs + t] -= data[row * d + t];
      sums[j * cs + t] = data[row * d + t];
    }
    counts[from]--;
    counts[j] = 1;
  }
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
  let total = 0;
  for (let t = 0; t < d; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + t];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (data[i * d + t] - mean) ** 2;
    total += v / n;
  }
  return total / d;
}
