import { kmeansPlusPlus } from './kmeans-init.ts';
import { matrix, type FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';

export type StepInit = 'random' | 'kmeans++';

/** What the last step did, for the teaching view to say. */
export type StepKind = 'start' | 'initialise' | 'assign' | 'move';

/** One frame of the lesson. Arrays are never changed once a frame exists. */
export interface StepFrame {
  step: number;
  kind: StepKind;
  /** k rows of (x, y); empty before initialising. */
  centroids: Float64Array;
  /** Segment of each point, -1 before the first assignment. */
  labels: Int32Array;
  /** Sum of squared distances to the assigned centres, NaN until points are assigned. */
  inertia: number;
  /** Points whose segment changed in this assignment (0 for other steps). */
  changed: number;
  /** True once an assignment changed nothing: the algorithm has converged. */
  converged: boolean;
}

/**
 * Lloyd's k-means on 2-D points, one visible step at a time: initialise, assign, move, and back.
 * It keeps every frame, so stepping back is exact and the centroids' trails can be drawn.
 */
export class KMeansStepper {
  readonly points: FeatureMatrix;
  readonly k: number;
  #frames: StepFrame[];

  constructor(x: Float64Array, y: Float64Array, k: number) {
    if (x.length !== y.length) throw new RangeError(`x and y differ in length: ${x.length} and ${y.length}`);
    if (!Number.isInteger(k) || k < 1 || k > x.length) throw new RangeError(`k must be a whole number from 1 to the number of points (${x.length}): ${k}`);
    const data = new Float64Array(x.length * 2);
    for (let i = 0; i < x.length; i++) {
      data[2 * i] = x[i];
      data[2 * i + 1] = y[i];
    }
    this.points = matrix(data, x.length, 2);
    this.k = k;
    this.#frames = [{ step: 0, kind: 'start', centroids: new Float64Array(0), labels: new Int32Array(x.length).fill(-1), inertia: NaN, changed: 0, converged: false }];
  }

  get frame(): StepFrame {
    return this.#frames[this.#frames.length - 1];
  }

  /** Every frame so far, oldest first. */
  get frames(): readonly StepFrame[] {
    return this.#frames;
  }

  /** The step that comes next: initialise first, then assign and move in turn. */
  get next(): Exclude<StepKind, 'start'> {
    const kind = this.frame.kind;
    return kind === 'start' ? 'initialise' : kind === 'assign' ? 'move' : 'assign';
  }

  /** Picks k starting centres: k distinct random points, or k-means++ spreading them out. */
  initialise(init: StepInit, seed: number): StepFrame {
    const rng = new Random(seed);
    return this.place(init === 'kmeans++' ? kmeansPlusPlus(this.points, this.k, rng) : this.#randomPoints(rng));
  }

  /** Starts from centres the teacher chose, k rows of (x, y). */
  place(centroids: Float64Array): StepFrame {
    if (centroids.length !== this.k * 2 || !centroids.every(Number.isFinite)) throw new RangeError(`give ${this.k} centres as ${this.k * 2} finite numbers`);
    this.#frames = [this.#frames[0]];
    return this.#push({ kind: 'initialise', centroids, labels: this.#frames[0].labels, inertia: NaN, changed: 0, converged: false });
  }

  /** Gives each point the segment of its nearest centre. */
  assign(): StepFrame {
    const { centroids, labels: before } = this.#require('assign');
    const { data, n } = this.points;
    const labels = new Int32Array(n);
    let inertia = 0;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < this.k; c++) {
        const dx = data[2 * i] - centroids[2 * c];
        const dy = data[2 * i + 1] - centroids[2 * c + 1];
        const dist = dx * dx + dy * dy;
        if (dist < bestD) (bestD = dist), (best = c);
      }
      labels[i] = best;
      inertia += bestD;
      if (best !== before[i]) changed++;
    }
    const first = before[0] === -1;
    return this.#push({ kind: 'assign', centroids, labels, inertia, changed, converged: !first && changed === 0 });
  }

  /** Moves each centre to the mean of its points; a centre with no points stays where it is. */
  move(): StepFrame {
    const { labels, centroids: old } = this.#require('move');
    const { data, n } = this.points;
    const sums = new Float64Array(this.k * 2);
    const counts = new Float64Array(this.k);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      sums[2 * c] += data[2 * i];
      sums[2 * c + 1] += data[2 * i + 1];
      counts[c]++;
    }
    const centroids = new Float64Array(this.k * 2);
    let inertia = 0;
    for (let c = 0; c < this.k; c++) {
      centroids[2 * c] = counts[c] ? sums[2 * c] / counts[c] : old[2 * c];
      centroids[2 * c + 1] = counts[c] ? sums[2 * c + 1] / counts[c] : old[2 * c + 1];
    }
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      inertia += (data[2 * i] - centroids[2 * c]) ** 2 + (data[2 * i + 1] - centroids[2 * c + 1]) ** 2;
    }
    return this.#push({ kind: 'move', centroids, labels, inertia, changed: 0, converged: false });
  }

  /** Takes the next step of the algorithm, whichever it is; returns null once it has converged. */
  step(init: StepInit, seed: number): StepFrame | null {
    if (this.frame.converged) return null;
    const next = this.next;
    return next === 'initialise' ? this.initialise(init, seed) : next === 'assign' ? this.assign() : this.move();
  }

  /** Undoes the last step; false when there is nothing to undo. */
  back(): boolean {
    if (this.#frames.length <= 1) return false;
    this.#frames = this.#frames.slice(0, -1);
    return true;
  }

  #require(kind: 'assign' | 'move'): StepFrame {
    const frame = this.frame;
    if (frame.kind === 'start') throw new Error(`initialise the centres before the ${kind} step`);
    if (kind === 'move' && frame.labels[0] === -1) throw new Error('assign the points before moving the centres');
    return frame;
  }

  #push(frame: Omit<StepFrame, 'step'>): StepFrame {
    const full = { ...frame, step: this.#frames.length };
    this.#frames = [...this.#frames, full];
    return full;
  }

  #randomPoints(rng: Random): Float64Array {
    const { data, n } = this.points;
    const chosen = new Set<number>();
    // Distinct rows when the data has enough distinct points; a duplicate point only repeats a centre.
    for (let tries = 0; chosen.size < this.k && tries < 100 * this.k; tries++) chosen.add(rng.int(n));
    for (let i = 0; chosen.size < this.k; i++) chosen.add(i);
    const out = new Float64Array(this.k * 2);
    [...chosen].forEach((row, c) => {
      out[2 * c] = data[2 * row];
      out[2 * c + 1] = data[2 * row + 1];
    });
    return out;
  }
}
