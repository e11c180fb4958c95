import type { FeatureMatrix } from './matrix.ts';
import * as kernels from './kmeans-kernels.ts';
import { WasmAssigner, type KMeansKernel } from './wasm/kmeans-wasm.ts';

// tsx and vitest compile imported calls into property reads made at every call: bound once.
const { addRow, centreStride, nearestTwo, squaredDistanceTo, squaredNorm } = kernels;

/*
 * One contiguous block of rows of a k-means fit, with its rows' labels and Hamerly bounds. A fit
 * of many rows splits them into two fixed halves, and every per-row pass runs on each half apart:
 * the coordinator adds the halves' sums (first half, then second) and their inertias. Whether the
 * second half runs on this thread or in a helper worker, the arithmetic is the same, so results
 * are bit-identical either way.
 */

/** What the coordinator asks of a part: all of it is k-sized, so messages stay small. */
export type PartRequest =
  /** First assignment of a restart: every row against every centre; bounds start afresh. */
  | { op: 'assignAll'; centres: Float64Array }
  /** Hamerly's assignment with the coordinator's per-cluster bound corrections. */
  | { op: 'assign'; centres: Float64Array; drift: Float64Array; fall: Float64Array; half: Float64Array; slack: number }
  /** The `count` rows farthest from their centres, for relocating empty clusters. */
  | { op: 'farthest'; centres: Float64Array; count: number }
  /** Exact distances to the final centres, re-assigning first when `reassign`. */
  | { op: 'finish'; centres: Float64Array; fall: Float64Array; half: Float64Array; slack: number; reassign: boolean };

export type PartReply =
  | { op: 'sums'; sums: Float64Array; counts: Float64Array; squares: Float64Array; changed: number; kernel: KMeansKernel }
  /** Rows by global index, farthest first, ties to the lower row; with their labels. */
  | { op: 'farthest'; rows: Int32Array; distances: Float64Array; labels: Int32Array }
  | { op: 'finish'; labels: Int32Array; distances: Float64Array; inertia: number };

/** Fits with at least this many rows split into two halves (and may use two threads). */
export const SPLIT_ROWS = 50_000;

/** Where each part's rows start, and the end: [0, n) whole, or two halves. */
export function partBounds(n: number): number[] {
  return n >= SPLIT_ROWS ? [0, Math.ceil(n / 2), n] : [0, n];
}

export class LloydPart {
  readonly cs: number;
  readonly labels: Int32Array;
  /** Upper bound on the distance to the row's centre, net of its cluster's drift. */
  readonly upper: Float64Array;
  /** Lower bound on the distance to every other centre, net of its cluster's fall. */
  readonly lower: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Per cluster, the sum of its rows' squared norms, updated as rows move: progress inertia only. */
  readonly squares: Float64Array;
  readonly out = new Float64Array(2);
  /**
   * The passes in wasm (src/ml/wasm/), bit for bit those below, holding a copy of the rows and, in
   * its memory, the labels and bounds; null where they run in JS. farthest() and finish()'s JS
   * read the same labels and bounds.
   */
  readonly #wasm: WasmAssigner | null;
  /** Which kernels this part's passes run on: 'js' for more than 8 columns, or where wasm cannot compile. */
  readonly kernel: KMeansKernel;

  /**
   * `m` holds this part's rows only; `first` is the global index of its first row. The passes run
   * in wasm where it can (same results, faster), unless `kernel` is 'js'.
   */
  constructor(
    readonly m: FeatureMatrix,
    readonly k: number,
    readonly first: number,
    kernel: KMeansKernel = 'wasm',
  ) {
    this.cs = centreStride(m.d);
    this.#wasm = kernel === 'wasm' ? WasmAssigner.create(m, k, this.cs) : null;
    this.kernel = this.#wasm ? 'wasm' : 'js';
    this.labels = this.#wasm?.labels ?? new Int32Array(m.n);
    this.upper = this.#wasm?.upper ?? new Float64Array(m.n);
    this.lower = this.#wasm?.lower ?? new Float64Array(m.n);
    this.sums = new Float64Array(k * this.cs);
    this.counts = new Float64Array(k);
    this.squares = new Float64Array(k);
  }

  /**
   * Reads this part's rows again after their values changed in place (the next bootstrap
   * resample in the same buffer). Labels and bounds start afresh at the next assignAll.
   */
  reload(): void {
    this.#wasm?.load(this.m);
  }

  handle(request: PartRequest): PartReply {
    switch (request.op) {
      case 'assignAll':
        return this.assignAll(request.centres);
      case 'assign':
        return this.assign(request);
      case 'farthest':
        return this.farthest(request.centres, request.count);
      case 'finish':
        return this.finish(request);
    }
  }

  assignAll(centres: Float64Array): PartReply {
    const { data, n, d } = this.m;
    const { k, cs, labels, upper, lower, sums, counts, squares, out, kernel } = this;
    if (this.#wasm) {
      this.#wasm.assignAll(centres, sums, counts, squares);
      return { op: 'sums', sums, counts, squares, changed: n, kernel };
    }
    sums.fill(0);
    counts.fill(0);
    squares.fill(0);
    for (let i = 0, o = 0; i < n; i++, o += d) {
      const a = nearestTwo(data, o, d, centres, k, out);
      labels[i] = a;
      upper[i] = Math.sqrt(out[0]);
      lower[i] = Math.sqrt(out[1]);
      counts[a]++;
      squares[a] += squaredNorm(data, o, d);
      addRow(data, o, d, sums, a * cs);
    }
    return { op: 'sums', sums, counts, squares, changed: n, kernel };
  }

  /**
   * Assigns each row to its nearest centre, measuring only rows whose bounds allow a change, and
   * adds each row to its cluster's sums in row order, as a plain pass would. The bounds carry a
   * slack far above rounding, so a skipped row is always one whose plain argmin is its label.
   */
  assign(request: { centres: Float64Array; drift: Float64Array; fall: Float64Array; half: Float64Array; slack: number }): PartReply {
    const { data, n, d } = this.m;
    const { k, cs, labels, upper, lower, sums, counts, squares, out, kernel } = this;
    if (this.#wasm) return { op: 'sums', sums, counts, squares, changed: this.#wasm.assign(request, sums, counts, squares), kernel };
    const { centres, drift, fall, half, slack } = request;
    sums.fill(0);
    counts.fill(0);
    let changed = 0;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      let a = labels[i];
      const l = lower[i] - fall[a];
      const h = half[a];
      // max(h, l) without a branch the CPU would mispredict; its rounding is far inside the slack.
      const bound = 0.5 * (h + l + Math.abs(h - l));
      if (upper[i] + drift[a] + slack >= bound) {
        const u = Math.sqrt(squaredDistanceTo(data, o, d, centres, a * cs));
        if (u + slack >= bound) {
          const b = nearestTwo(data, o, d, centres, k, out);
          if (b !== a) {
            const q = squaredNorm(data, o, d);
            squares[a] -= q;
            squares[b] += q;
            a = b;
            labels[i] = b;
            changed++;
          }
          upper[i] = Math.sqrt(out[0]) - drift[a];
          lower[i] = Math.sqrt(out[1]) + fall[a];
        } else upper[i] = u - drift[a];
      }
      counts[a]++;
      addRow(data, o, d, sums, a * cs);
    }
    return { op: 'sums', sums, counts, squares, changed, kernel };
  }

  /** scikit-learn's choice of rows for empty clusters, within this part: farthest first, ties to the lower row. */
  farthest(centres: Float64Array, count: number): PartReply {
    const { data, n, d } = this.m;
    const { cs, labels } = this;
    const distances = new Float64Array(count);
    const rows = new Int32Array(count);
    let found = 0;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      const s = squaredDistanceTo(data, o, d, centres, labels[i] * cs);
      if (found === count && s <= distances[found - 1]) continue;
      let at = found < count ? found++ : found - 1;
      for (; at > 0 && distances[at - 1] < s; at--) {
        distances[at] = distances[at - 1];
        rows[at] = rows[at - 1];
      }
      distances[at] = s;
      rows[at] = i;
    }
    const kept = rows.subarray(0, found);
    return { op: 'farthest', rows: kept.map((r) => r + this.first), distances: distances.slice(0, found), labels: kept.map((r) => labels[r]) };
  }

  /** Each row's exact distance to its final centre, after re-assigning rows the bounds cannot vouch for. */
  finish(request: { centres: Float64Array; fall: Float64Array; half: Float64Array; slack: number; reassign: boolean }): PartReply {
    const { data, n, d } = this.m;
    const { k, cs, labels, lower, out } = this;
    if (this.#wasm) {
      const inertia = this.#wasm.finish(request);
      return { op: 'finish', labels, distances: this.#wasm.distances, inertia };
    }
    const { centres, fall, half, slack, reassign } = request;
    const distances = new Float64Array(n);
    let inertia = 0;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      const a = labels[i];
      let s = squaredDistanceTo(data, o, d, centres, a * cs);
      if (reassign && Math.sqrt(s) + slack >= Math.max(half[a], lower[i] - fall[a])) {
        labels[i] = nearestTwo(data, o, d, centres, k, out);
        s = out[0];
      }
      inertia += s;
      distances[i] = Math.sqrt(s);
    }
    return { op: 'finish', labels, distances, inertia };
  }
}

/** What a helper holds for a whole fit: a copy of rows [first, first + n) of the matrix. */
export interface HelperRows {
  data: Float64Array;
  n: number;
  d: number;
  k: number;
  first: number;
  kernel?: KMeansKernel;
}

/**
 * The helper's side: keeps one part across the restarts of a fit. Replies list the buffers they
 * can give away; the part's own arrays are copied, since they outlive the message.
 */
export class PartServer {
  #part: LloydPart | null = null;

  load(rows: HelperRows): void {
    this.#part = new LloydPart({ data: rows.data, n: rows.n, d: rows.d }, rows.k, rows.first, rows.kernel);
  }

  handle(request: PartRequest): { reply: PartReply; transfer: ArrayBuffer[] } {
    if (!this.#part) throw new Error(`no rows loaded before "${request.op}"`);
    const reply = this.#part.handle(request);
    if (reply.op !== 'finish') return { reply, transfer: [] };
    const labels = new Int32Array(reply.labels);
    const distances = new Float64Array(reply.distances);
    return { reply: { ...reply, labels, distances }, transfer: [labels.buffer, distances.buffer] };
  }
}
