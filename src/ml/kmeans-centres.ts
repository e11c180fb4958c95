import type { FeatureMatrix } from './matrix.ts';
import type { PartReply } from './kmeans-part.ts';
import * as kernels from './kmeans-kernels.ts';

const { centreStride, squaredDistanceTo } = kernels;

type Sums = Extract<PartReply, { op: 'sums' }>;
type Farthest = Extract<PartReply, { op: 'farthest' }>;
type Finish = Extract<PartReply, { op: 'finish' }>;

/**
 * The per-cluster side of a k-means fit, kept by the coordinator: the centres, the sums the parts
 * send back, and the per-cluster corrections of the parts' Hamerly bounds. Everything here is
 * k-sized; the rows live in the parts (kmeans-part.ts).
 */
export class ClusterCentres {
  readonly cs: number;
  centres: Float64Array;
  previous: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly squares: Float64Array;
  /** Half the distance from each centre to the nearest other centre. */
  readonly half: Float64Array;
  /**
   * Per cluster, how much its rows' upper bounds have grown (its centre's moves) and their lower
   * bounds have shrunk (the largest move of another centre), summed over the run with the slack.
   * Rows store their bounds net of these, so that a row whose bounds hold is not written to.
   */
  readonly drift: Float64Array;
  readonly fall: Float64Array;

  constructor(
    readonly d: number,
    readonly k: number,
    readonly slack: number,
  ) {
    this.cs = centreStride(d);
    this.centres = new Float64Array(k * this.cs);
    this.previous = new Float64Array(k * this.cs);
    this.sums = new Float64Array(k * this.cs);
    this.counts = new Float64Array(k);
    this.squares = new Float64Array(k);
    this.half = new Float64Array(k);
    this.drift = new Float64Array(k);
    this.fall = new Float64Array(k);
  }

  /** Starts a restart from padded centres. */
  begin(start: Float64Array): void {
    this.centres.set(start);
    this.drift.fill(0);
    this.fall.fill(0);
    this.halfDistances();
  }

  /** Adds the parts' sums in part order (first half, then second); returns how many labels changed. */
  addSums(replies: PartReply[]): number {
    const parts = replies.filter((r): r is Sums => r.op === 'sums');
    if (parts.length !== replies.length || parts.length === 0) throw new Error(`k-means expected sums from every part: ${replies.map((r) => r.op).join(', ')}`);
    const { sums, counts, squares } = this;
    sums.set(parts[0].sums);
    counts.set(parts[0].counts);
    squares.set(parts[0].squares);
    let changed = parts[0].changed;
    for (const part of parts.slice(1)) {
      for (let x = 0; x < sums.length; x++) sums[x] += part.sums[x];
      for (let j = 0; j < this.k; j++) {
        counts[j] += part.counts[j];
        squares[j] += part.squares[j];
      }
      changed += part.changed;
    }
    return changed;
  }

  emptyClusters(): number {
    let empty = 0;
    for (let j = 0; j < this.k; j++) if (this.counts[j] === 0) empty++;
    return empty;
  }

  /**
   * scikit-learn's relocation of empty clusters: each empty cluster, in order, takes the row
   * farthest from its centre (farthest first, ties to the lower row), whose values leave its old
   * cluster's sums. Labels stay as they are. `replies` hold each part's farthest rows.
   */
  relocate(m: FeatureMatrix, replies: PartReply[]): void {
    const { data, d } = m;
    const { k, cs, sums, counts } = this;
    const candidates = replies
      .filter((r): r is Farthest => r.op === 'farthest')
      .flatMap((r) => Array.from(r.rows, (row, i) => ({ row, distance: r.distances[i], label: r.labels[i] })))
      .sort((a, b) => b.distance - a.distance || a.row - b.row);
    // Every row sits on its centre: more clusters than distinct rows, nothing to gain.
    if (candidates.length === 0 || candidates[0].distance === 0) return;
    for (let j = 0, next = 0; j < k; j++) {
      if (counts[j] !== 0) continue;
      const { row, label: from } = candidates[next++];
      for (let t = 0; t < d; t++) {
        sums[from * cs + t] -= data[row * d + t];
        sums[j * cs + t] = data[row * d + t];
      }
      counts[from]--;
      counts[j] = 1;
    }
  }

  /** Moves each centre to the mean of its rows; returns the total squared shift. */
  update(): number {
    [this.previous, this.centres] = [this.centres, this.previous];
    const { k, d, cs, centres, previous, sums, counts, drift, fall, slack } = this;
    let total = 0;
    let largest = 0;
    let runnerUp = 0;
    let fastest = -1;
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
      const shift = Math.sqrt(s);
      total += shift * shift;
      drift[j] += shift + slack;
      if (shift > largest) {
        runnerUp = largest;
        largest = shift;
        fastest = j;
      } else if (shift > runnerUp) runnerUp = shift;
    }
    for (let j = 0; j < k; j++) fall[j] += (j === fastest ? runnerUp : largest) + slack;
    this.halfDistances();
    return total;
  }

  halfDistances(): void {
    const { k, d, cs, centres, half } = this;
    half.fill(Infinity);
    for (let j = 0; j < k; j++) {
      for (let jj = j + 1; jj < k; jj++) {
        const h = 0.5 * Math.sqrt(squaredDistanceTo(centres, j * cs, d, centres, jj * cs));
        if (h < half[j]) half[j] = h;
        if (h < half[jj]) half[jj] = h;
      }
    }
  }

  /** Sum over clusters of |x|^2 - 2 c . sum(x) + n |c|^2: the assignment's inertia, from its sums. */
  assignedInertia(): number {
    const { k, d, cs, centres, sums, counts, squares } = this;
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

  /** The current centres, unpadded. */
  centroids(): Float64Array {
    const { k, d, cs, centres } = this;
    const out = new Float64Array(k * d);
    for (let j = 0; j < k; j++) out.set(centres.subarray(j * cs, j * cs + d), j * d);
    return out;
  }
}

/** The parts' labels and distances joined in row order, and their inertias added in part order. */
export function joinParts(n: number, replies: PartReply[]): { labels: Int32Array; distances: Float64Array; inertia: number } {
  const parts = replies.filter((r): r is Finish => r.op === 'finish');
  if (parts.length !== replies.length) throw new Error(`k-means expected final labels from every part: ${replies.map((r) => r.op).join(', ')}`);
  const labels = new Int32Array(n);
  const distances = new Float64Array(n);
  let inertia = 0;
  let offset = 0;
  for (const part of parts) {
    labels.set(part.labels, offset);
    distances.set(part.distances, offset);
    inertia += part.inertia;
    offset += part.labels.length;
  }
  if (offset !== n) throw new Error(`k-means parts returned ${offset} of ${n} rows`);
  return { labels, distances, inertia };
}
