import { Cancelled } from '../cancelled.ts';
import type { FeatureMatrix } from './matrix.ts';

export interface WardHooks {
  /** Called every few hundred merges and at the end, with the merges done and the merges needed. */
  onProgress?: (merged: number, total: number) => void;
  /** Checked as often as onProgress is called; returning true throws Cancelled. */
  shouldStop?: () => boolean;
}

const REPORT_EVERY = 256;

/**
 * Exact Ward agglomerative clustering cut at k clusters: the same partition as scikit-learn's
 * AgglomerativeClustering(linkage='ward') up to label numbering (labels here are numbered by first
 * appearance in row order).
 *
 * The nearest-neighbour chain finds the merges on cluster centroids and sizes alone, since Ward's
 * merge cost between clusters a and b is |a||b| / (|a| + |b|) times their squared centroid
 * distance. Memory is O(n d) with no n x n matrix; time is O(n^2 d), fine up to about 10,000 rows.
 * The chain produces merges out of order, so they are sorted by cost (stably, which keeps every
 * merge after the merges that built its parts) and the cheapest n - k are applied.
 */
export function wardLabels(m: FeatureMatrix, k: number, hooks: WardHooks = {}): Int32Array {
  const { data, n, d } = m;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in [1, ${n}], got ${k}`);
  for (let i = 0; i < n * d; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`row ${Math.floor(i / d)} has a non-finite value: ${data[i]}`);
  }
  const total = n - 1;

  // Active clusters are packed into positions 0..active-1 so the nearest-neighbour scan reads memory
  // in order; a cluster is known by the first row merged into it (its id), which never moves.
  const centroid = data.slice();
  const size = new Float64Array(n).fill(1);
  const idAt = Int32Array.from({ length: n }, (_, i) => i);
  const posOf = Int32Array.from({ length: n }, (_, i) => i);
  const heightOf = new Float64Array(n);
  let active = n;

  const mergeA = new Int32Array(total);
  const mergeB = new Int32Array(total);
  const mergeCost = new Float64Array(total);
  const chain = new Int32Array(n);
  let chainLength = 0;
  let merged = 0;

  while (active > 1) {
    if (chainLength === 0) chain[chainLength++] = idAt[0];
    let x = chain[chainLength - 1];
    let y = -1;
    for (;;) {
      const previous = chainLength > 1 ? chain[chainLength - 2] : -1;
      const px = posOf[x];
      // Ties go to the previous chain link, which is what guarantees the chain ends in a merge.
      let best = previous >= 0 ? wardCost(centroid, size, d, px, posOf[previous]) : Infinity;
      let bestPos = previous >= 0 ? posOf[previous] : -1;
      for (let p = 0; p < active; p++) {
        if (p === px) continue;
        const cost = wardCost(centroid, size, d, px, p);
        if (cost < best) {
          best = cost;
          bestPos = p;
        }
      }
      y = idAt[bestPos];
      if (y === previous) {
        mergeCost[merged] = best;
        break;
      }
      chain[chainLength++] = y;
      x = y;
    }
    chainLength -= 2;

    const keep = Math.min(x, y);
    const drop = Math.max(x, y);
    const pk = posOf[keep];
    const pd = posOf[drop];
    const sk = size[pk];
    const sd = size[pd];
    for (let t = 0; t < d; t++) centroid[pk * d + t] = (sk * centroid[pk * d + t] + sd * centroid[pd * d + t]) / (sk + sd);
    size[pk] = sk + sd;
    // Rounding could make a merge look cheaper than one of the merges that built it; keep costs monotone.
    mergeCost[merged] = Math.max(mergeCost[merged], heightOf[keep], heightOf[drop]);
    heightOf[keep] = mergeCost[merged];
    mergeA[merged] = keep;
    mergeB[merged] = drop;
    merged++;

    const last = active - 1;
    if (pd !== last) {
      centroid.copyWithin(pd * d, last * d, last * d + d);
      size[pd] = size[last];
      idAt[pd] = idAt[last];
      posOf[idAt[pd]] = pd;
    }
    active--;

    if (merged % REPORT_EVERY === 0) {
      if (hooks.shouldStop?.()) throw new Cancelled();
      hooks.onProgress?.(merged, total);
    }
  }
  hooks.onProgress?.(total, total);
  return cut(n, k, mergeA, mergeB, mergeCost);
}

function wardCost(centroid: Float64Array, size: Float64Array, d: number, a: number, b: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = centroid[a * d + t] - centroid[b * d + t];
    s += diff * diff;
  }
  return ((size[a] * size[b]) / (size[a] + size[b])) * s;
}

function cut(n: number, k: number, mergeA: Int32Array, mergeB: Int32Array, mergeCost: Float64Array): Int32Array {
  const order = Array.from({ length: mergeCost.length }, (_, i) => i).sort((a, b) => mergeCost[a] - mergeCost[b] || a - b);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (let j = 0; j < n - k; j++) parent[root(mergeB[order[j]])] = root(mergeA[order[j]]);
  const labels = new Int32Array(n);
  const labelOfRoot = new Int32Array(n).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const r = root(i);
    if (labelOfRoot[r] < 0) labelOfRoot[r] = next++;
    labels[i] = labelOfRoot[r];
  }
  return labels;
}
