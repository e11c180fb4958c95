import type { FeatureMatrix } from '../matrix.ts';
import { KMEANS_WASM_BASE64 } from './kmeans-bytes.ts';

/** Which kernels ran a part's passes: kmeans.wat's SIMD loops, or kmeans-kernels.ts. */
export type KMeansKernel = 'wasm' | 'js';

/** Beyond this many columns the JS kernels run: the wasm ones are unrolled for 4, 6 and 8. */
export const WASM_MAX_COLUMNS = 8;

const PAGE_BYTES = 65_536;

/**
 * Above this share of rows sent to every centre on the last pass, the next pass measures every
 * row's own centre (kmeans.wat's assign, $tight). Late passes send about 15% on uniform data, where
 * that runs a third faster, and about 2% on blobs, where it would run a third slower.
 */
const TIGHT_SHARE = 0.08;

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, once per thread, or null where WebAssembly SIMD is missing or the page's
 * policy forbids compiling (a CSP without 'wasm-unsafe-eval'). The module is 2 kB, under the
 * size Chromium compiles synchronously even on the main thread.
 */
export function kmeansWasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileKernel(Uint8Array.from(atob(KMEANS_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/** `bytes` compiled, or null where they do not validate (no SIMD) or cannot compile here. */
export function compileKernel(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module | null {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

interface Exports {
  memory: WebAssembly.Memory;
  nearestRows: WebAssembly.Global;
  assignAll: (...args: number[]) => void;
  assign: (...args: number[]) => number;
  finish: (...args: number[]) => number;
}

function kernelExports(instance: WebAssembly.Instance): Exports {
  const { memory, nearestRows, assignAll, assign, finish } = instance.exports;
  if (
    !(memory instanceof WebAssembly.Memory) || !(nearestRows instanceof WebAssembly.Global) ||
    typeof assignAll !== 'function' || typeof assign !== 'function' || typeof finish !== 'function'
  ) {
    throw new Error('the k-means wasm module lacks its exports');
  }
  return {
    memory,
    nearestRows,
    assignAll: (...args) => assignAll(...args),
    assign: (...args) => Number(assign(...args)),
    finish: (...args) => Number(finish(...args)),
  };
}

/**
 * One part's rows, labels and bounds in a wasm instance's memory, with the passes that read them.
 * Each part has its own instance (a few microseconds from the compiled module), so two parts on
 * one thread do not share memory, and a fit's memory goes with its parts.
 */
export class WasmAssigner {
  readonly labels: Int32Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** The last finish()'s distances, until the next one. */
  readonly distances: Float64Array;
  readonly #kernel: Exports;
  readonly #n: number;
  readonly #k: number;
  readonly #cs: number;
  /** Columns the kernel reads: 4, 6 or 8. */
  readonly #width: number;
  readonly #pairs: Float64Array;
  readonly #sums: Float64Array;
  readonly #counts: Float64Array;
  readonly #squares: Float64Array;
  readonly #drift: Float64Array;
  readonly #fall: Float64Array;
  readonly #half: Float64Array;
  readonly #rowsAt: number;

  /** An assigner holding a copy of `m`'s rows, or null when wasm cannot run them. */
  static create(m: FeatureMatrix, k: number, cs: number): WasmAssigner | null {
    const module = m.d <= WASM_MAX_COLUMNS ? kmeansWasmModule() : null;
    if (!module) return null;
    try {
      return new WasmAssigner(kernelExports(new WebAssembly.Instance(module, {})), m, k, cs);
    } catch {
      // Memory that cannot grow that far (wasm32 stops at 4 GB): the JS kernels need no copy.
      return null;
    }
  }

  private constructor(kernel: Exports, m: FeatureMatrix, k: number, cs: number) {
    this.#kernel = kernel;
    this.#n = m.n;
    this.#k = k;
    this.#cs = cs;
    this.#width = m.d <= 4 ? 4 : m.d <= 6 ? 6 : 8;
    const pairs = Math.ceil(k / 2);
    let bytes = 0;
    const take = (size: number) => {
      const at = bytes;
      bytes += Math.ceil(size / 16) * 16;
      return at;
    };
    const pairsAt = take(pairs * cs * 16);
    const sumsAt = take(k * cs * 8);
    const kSized = Array.from({ length: 5 }, () => take(k * 8));
    const rowsAt = take(m.n * this.#width * 8);
    const upperAt = take(m.n * 8);
    const lowerAt = take(m.n * 8);
    const labelsAt = take(m.n * 4);
    const distancesAt = take(m.n * 8);
    const memory = kernel.memory;
    memory.grow(Math.max(0, Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES));
    const f64 = (at: number, length: number) => new Float64Array(memory.buffer, at, length);
    this.#pairs = f64(pairsAt, pairs * cs * 2);
    this.#sums = f64(sumsAt, k * cs);
    [this.#counts, this.#squares, this.#drift, this.#fall, this.#half] = kSized.map((at) => f64(at, k));
    this.#rowsAt = rowsAt;
    this.upper = f64(upperAt, m.n);
    this.lower = f64(lowerAt, m.n);
    this.labels = new Int32Array(memory.buffer, labelsAt, m.n);
    this.distances = f64(distancesAt, m.n);
    this.load(m);
  }

  /** Copies `m`'s rows, as many as the assigner was made for, into its memory. */
  load(m: FeatureMatrix): void {
    const { data, n, d } = m;
    if (n !== this.#n) throw new RangeError(`the k-means wasm memory holds ${this.#n} rows, not ${n}`);
    const width = this.#width;
    const rows = new Float64Array(this.#kernel.memory.buffer, this.#rowsAt, n * width);
    // Fresh memory is zeroed and only columns below d are written, so padding columns stay 0;
    // d = 4, 6 and 8 need none.
    if (d === width) rows.set(data);
    else for (let i = 0, o = 0, r = 0; i < n; i++, o += d, r += width) for (let t = 0; t < d; t++) rows[r + t] = data[o + t];
  }

  /** LloydPart.assignAll's pass; writes the part's sums, counts and squares. */
  assignAll(centres: Float64Array, sums: Float64Array, counts: Float64Array, squares: Float64Array): void {
    this.#setCentres(centres);
    this.#zeroSums(squares.fill(0));
    this.#kernel.assignAll(...this.#layout());
    this.#end(sums, counts, squares);
  }

  /** LloydPart.assign's pass; `squares` carries over from the last pass. Returns how many labels changed. */
  assign(
    request: { centres: Float64Array; drift: Float64Array; fall: Float64Array; half: Float64Array; slack: number },
    sums: Float64Array, counts: Float64Array, squares: Float64Array,
  ): number {
    this.#setCentres(request.centres);
    this.#zeroSums(squares);
    this.#drift.set(request.drift);
    this.#fall.set(request.fall);
    this.#half.set(request.half);
    const tight = this.#kernel.nearestRows.value > this.#n * TIGHT_SHARE;
    const changed = this.#kernel.assign(
      ...this.#layout(), this.#drift.byteOffset, this.#fall.byteOffset, this.#half.byteOffset, request.slack, tight ? 1 : 0,
    );
    this.#end(sums, counts, squares);
    return changed;
  }

  /** LloydPart.finish's pass: fills `distances` and returns the inertia. */
  finish(request: { centres: Float64Array; fall: Float64Array; half: Float64Array; slack: number; reassign: boolean }): number {
    this.#setCentres(request.centres);
    this.#fall.set(request.fall);
    this.#half.set(request.half);
    const [n, width, cs, rowsAt, labelsAt, , lowerAt, pairsAt, pairsEnd] = this.#layout();
    return this.#kernel.finish(
      n, width, cs, rowsAt, labelsAt, lowerAt, pairsAt, pairsEnd, this.#fall.byteOffset, this.#half.byteOffset,
      request.slack, request.reassign ? 1 : 0, this.distances.byteOffset,
    );
  }

  /** Copies padded centres into pairs; an odd k's last lane is +Infinity. */
  #setCentres(centres: Float64Array): void {
    const pairs = this.#pairs;
    const cs = this.#cs;
    pairs.fill(Infinity);
    for (let j = 0; j < this.#k; j++) {
      const at = (j >> 1) * cs * 2 + (j & 1);
      for (let t = 0; t < cs; t++) pairs[at + 2 * t] = centres[j * cs + t];
    }
  }

  /** Zeroes the sums and counts, and takes the squares the pass starts from. */
  #zeroSums(squares: Float64Array): void {
    this.#sums.fill(0);
    this.#counts.fill(0);
    this.#squares.set(squares);
  }

  #end(sums: Float64Array, counts: Float64Array, squares: Float64Array): void {
    sums.set(this.#sums);
    counts.set(this.#counts);
    squares.set(this.#squares);
  }

  #layout(): number[] {
    const pairs = this.#pairs;
    return [
      this.#n, this.#width, this.#cs, this.#rowsAt, this.labels.byteOffset, this.upper.byteOffset, this.lower.byteOffset,
      pairs.byteOffset, pairs.byteOffset + pairs.byteLength, this.#sums.byteOffset, this.#counts.byteOffset, this.#squares.byteOffset,
    ];
  }
}
