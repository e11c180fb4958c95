import type { FeatureMatrix } from './matrix.ts';
import * as parts from './kmeans-init.ts';

// Bound once: tsx and vitest compile imported calls into property reads made at every call.
const { addRow, centreStride, nearestTwo, relocateEmptyClusters, squaredDistanceTo, squaredNorm } = parts;

/**
 * The buffers of one k-means fit, reused by every iteration and restart, and Lloyd's loop with
 * Elkan's bounds: each row keeps an upper bound on the distance to its centre and a lower bound
 * on the distance to every centre, and a centre is measured only when its bounds allow it to win.
 * Every bound carries a slack, far above rounding, so that a centre left unmeasured is always one
 * whose plain-Lloyd squared distance, rounding and ties included, loses to the label the row gets:
 * labels, centroids and inertia are bit for bit those of a loop measuring every centre every time.
 */
export class Lloyd {
  readonly cs: number;
  centres: Float64Array;
  previous: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Per cluster, the sum of its rows' squared norms, updated as rows move: progress inertia only. */
  readonly squares: Float64Array;
  /** Half the distance between each pair of centres (k * k), and from each centre to the nearest other. */
  readonly between: Float64Array;
  readonly half: Float64Array;
  /**
   * Per centre, how far it has moved over the run, plus the slack once per iteration. Rows store
   * their bounds net of it (upper bounds minus it, lower bounds plus it), so that a bound that
   * still holds is never written to.
   */
  readonly moved: Float64Array;
  /** n * k lower bounds, row by row: the k bounds of a row share one cache line. */
  readonly lower: Float64Array;
  readonly out = new Float64Array(2);
  readonly farDistance: Float64Array;
  readonly farRow: Int32Array;

  constructor(
    readonly m: FeatureMatrix,
    readonly k: number,
    readonly slack: number,
  ) {
    this.cs = centreStride(m.d);
    this.centres = new Float64Array(k * this.cs);
    this.previous = new Float64Array(k * this.cs);
    this.sums = new Float64Array(k * this.cs);
    this.counts = new Float64Array(k);
    this.squares = new Float64Array(k);
    this.between = new Float64Array(k * k);
    this.half = new Float64Array(k);
    this.moved = new Float64Array(k);
    this.lower = new Float64Array(m.n * k);
    this.farDistance = new Float64Array(k);
    this.farRow = new Int32Array(k);
  }

  /**
   * Lloyd from padded `start` until labels stop changing, the squared centre shift is at most
   * `tol` (absolute) or `maxIter` iterations ran. Writes labels and Euclidean distances (upper
   * bounds meanwhile) and returns the inertia and the number of iterations.
   */
  run(
    start: Float64Array, maxIter: number, tol: number, labels: Int32Array, distances: Float64Array,
    report: (iteration: number, inertia: number) => void,
  ): { inertia: number; iterations: number } {
    this.centres.set(start);
    this.moved.fill(0);
    this.centreDistances();
    let strict = false;
    let iteration = 0;
    while (iteration < maxIter) {
      const changed = iteration === 0 ? this.assignFirst(labels, distances) : this.assign(labels, distances);
      const inertia = this.assignedInertia();
      if (this.counts.includes(0)) relocateEmptyClusters(this.m, labels, this);
      const shift = this.update();
      iteration++;
      report(iteration, inertia);
      if (changed === 0) {
        strict = true;
        break;
      }
      if (shift <= tol) break;
    }
    return { inertia: this.finish(labels, distances, !strict), iterations: iteration };
  }

  /** The current centres, unpadded. */
  centroids(): Float64Array {
    const { k, cs, centres } = this;
    const d = this.m.d;
    const out = new Float64Array(k * d);
    for (let j = 0; j < k; j++) out.set(centres.subarray(j * cs, j * cs + d), j * d);
    return out;
  }

  /**
   * The first assignment. A centre is skipped when it is more than twice as far from the best
   * centre so far as the row is (d(x, c') >= d(c, c') - d(x, c)), and that difference becomes
   * its lower bound.
   */
  assignFirst(labels: Int32Array, upper: Float64Array): number {
    const { data, n, d } = this.m;
    const { k, cs, centres, lower, between, sums, counts, squares, slack } = this;
    sums.fill(0);
    counts.fill(0);
    squares.fill(0);
    for (let i = 0, o = 0, r = 0; i < n; i++, o += d, r += k) {
      let best = 0;
      let s = squaredDistanceTo(data, o, d, centres, 0);
      let u = Math.sqrt(s);
      lower[r] = u;
      for (let j = 1; j < k; j++) {
        const z = between[best * k + j];
        if (u + slack < z) {
          lower[r + j] = 2 * z - u;
          continue;
        }
        const t = squaredDistanceTo(data, o, d, centres, j * cs);
        const v = Math.sqrt(t);
        lower[r + j] = v;
        if (t < s) {
          s = t;
          u = v;
          best = j;
        }
      }
      labels[i] = best;
      upper[i] = u;
      counts[best]++;
      squares[best] += squaredNorm(data, o, d);
      addRow(data, o, d, sums, best * cs);
    }
    return n;
  }

  /**
   * Assigns each row to its nearest centre, measuring only centres whose bounds allow them to
   * win, and adds each row to its cluster's sums in row order, as a plain pass would. Returns the
   * number of rows whose label changed.
   */
  assign(labels: Int32Array, upper: Float64Array): number {
    const { data, n, d } = this.m;
    const { k, cs, centres, lower, between, half, moved, sums, counts, squares, slack } = this;
    sums.fill(0);
    counts.fill(0);
    let changed = 0;
    for (let i = 0, o = 0, r = 0; i < n; i++, o += d, r += k) {
      let a = labels[i];
      let u = upper[i] + moved[a];
      if (u + slack >= half[a]) {
        let best = a;
        let s = -1;
        for (let j = 0; j < k; j++) {
          if (j === best) continue;
          const l = lower[r + j] - moved[j];
          const h = between[best * k + j];
          // max(h, l) without a branch the CPU would mispredict; its rounding is far inside the slack.
          if (u + slack < 0.5 * (h + l + Math.abs(h - l))) continue;
          if (s < 0) {
            s = squaredDistanceTo(data, o, d, centres, best * cs);
            u = Math.sqrt(s);
            if (u + slack < 0.5 * (h + l + Math.abs(h - l))) continue;
          }
          const t = squaredDistanceTo(data, o, d, centres, j * cs);
          const v = Math.sqrt(t);
          lower[r + j] = v + moved[j];
          if (t < s || (t === s && j < best)) {
            lower[r + best] = u + moved[best];
            best = j;
            s = t;
            u = v;
          }
        }
        if (best !== a) {
          const q = squaredNorm(data, o, d);
          squares[a] -= q;
          squares[best] += q;
          a = best;
          labels[i] = best;
          changed++;
        }
        if (s >= 0) upper[i] = u - moved[a];
      }
      counts[a]++;
      addRow(data, o, d, sums, a * cs);
    }
    return changed;
  }

  /**
   * Re-assigns rows to the final centres when `reassign` (after an iteration cap or tol stop, as
   * scikit-learn does), writes each row's exact distance and returns the inertia.
   */
  finish(labels: Int32Array, distances: Float64Array, reassign: boolean): number {
    const { data, n, d } = this.m;
    const { k, cs, centres, lower, between, half, moved, out, slack } = this;
    let inertia = 0;
    for (let i = 0, o = 0, r = 0; i < n; i++, o += d, r += k) {
      const a = labels[i];
      let s = squaredDistanceTo(data, o, d, centres, a * cs);
      const u = Math.sqrt(s) + slack;
      if (reassign && u >= half[a]) {
        let open = false;
        for (let j = 0; j < k && !open; j++) open = j !== a && u >= Math.max(between[a * k + j], lower[r + j] - moved[j]);
        if (open) {
          labels[i] = nearestTwo(data, o, d, centres, k, out);
          s = out[0];
        }
      }
      inertia += s;
      distances[i] = Math.sqrt(s);
    }
    return inertia;
  }

  /** Moves each centre to the mean of its rows; returns the total squared shift. */
  update(): number {
    [this.previous, this.centres] = [this.centres, this.previous];
    const { k, cs, centres, previous, sums, counts, moved, slack } = this;
    const d = this.m.d;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const c = j * cs;
      // scikit-learn multiplies by the reciprocal. A cluster emptied by relocation keeps its centre.
      const alpha = 1 / counts[j];
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = counts[j] > 0 ? sums[c + t] * alpha : previous[c + t];
        centres[c + t] = v;
        s += (v - previous[c + t]) ** 2;
      }
      total += s;
      moved[j] += Math.sqrt(s) + slack;
    }
    this.centreDistances();
    return total;
  }

  centreDistances(): void {
    const { k, cs, centres, between, half } = this;
    const d = this.m.d;
    half.fill(Infinity);
    for (let j = 0; j < k; j++) {
      between[j * k + j] = 0;
      for (let jj = j + 1; jj < k; jj++) {
        const h = 0.5 * Math.sqrt(squaredDistanceTo(centres, j * cs, d, centres, jj * cs));
        between[j * k + jj] = h;
        between[jj * k + j] = h;
        if (h < half[j]) half[j] = h;
        if (h < half[jj]) half[jj] = h;
      }
    }
  }

  /** Sum over clusters of |x|^2 - 2 c . sum(x) + n |c|^2: the assignment's inertia, from its sums. */
  assignedInertia(): number {
    const { k, cs, centres, sums, counts, squares } = this;
    const d = this.m.d;
    let inertia = 0;
    for (let j = 0; j < k; j++) {
      let dot = 0;
      let norm = 0;
      for (let t = 0; t < d; t++) {
        const c = centres[j * cs + t];
        dot += c * sums[j * cs + t];
        norm += c * c;
      }
      inertia += Math.max(0, squares[j] - 2 * dot + counts[j] * norm);
    }
    return inertia;
  }
}
