/** mulberry32: a tiny 32-bit PRNG, plenty for synthetic data. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Integer in [min, max], peaked in the middle (mean of two uniforms). */
  tri(min: number, max: number): number {
    return min + Math.floor(((this.next() + this.next()) / 2) * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Mixes a seed and a stream number into an independent 32-bit seed. */
export function streamSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A bell-shaped value around `mean` with roughly the given spread (the sum of three uniforms),
 * using only arithmetic so every JavaScript engine gives the same result.
 */
export function around(rng: Rng, mean: number, spread: number): number {
  return mean + (rng.next() + rng.next() + rng.next() - 1.5) * spread * 2;
}

/** A 1-5 Likert answer around `mean`. */
export function likert(rng: Rng, mean: number): number {
  return Math.max(1, Math.min(5, Math.round(around(rng, mean, 0.7))));
}

/** A whole number around `mean`, never below `min`. */
export function count(rng: Rng, mean: number, spread: number, min = 0): number {
  return Math.max(min, Math.round(around(rng, mean, spread)));
}
