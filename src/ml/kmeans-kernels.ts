/*
 * The distance and sum kernels that Lloyd's loop, k-means++ seeding and relocation share.
 *
 * Centres are stored with a padded stride (4 for d <= 4, 8 for d <= 8) and zeros in the padding,
 * so that one unrolled kernel serves every small d: the padded terms add exactly 0, which keeps
 * each sum bit-identical to the plain loop `s += (x - c) ** 2` in column order. V8 runs the
 * unrolled form about twice as fast as the loop. For 5 or 6 columns the kernels leave out the last
 * two padded terms altogether (stride 8 still): about 6% faster at 1M x 6, with the same sums.
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
  return d <= 4
    ? squaredDistance4(x, o, d, centres, c)
    : d <= 6
      ? squaredDistance6(x, o, d, centres, c)
      : d <= 8
        ? squaredDistance8(x, o, d, centres, c)
        : squaredDistanceN(x, o, d, centres, c);
}

function squaredDistance4(x: Float64Array, o: number, d: number, centres: Float64Array, c: number): number {
  const a0 = x[o] - centres[c];
  const a1 = (d > 1 ? x[o + 1] : 0) - centres[c + 1];
  const a2 = (d > 2 ? x[o + 2] : 0) - centres[c + 2];
  const a3 = (d > 3 ? x[o + 3] : 0) - centres[c + 3];
  return a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
}

// Stride 8, but the last two terms, (0 - 0) ** 2, are left out: adding 0 changes no sum.
function squaredDistance6(x: Float64Array, o: number, d: number, centres: Float64Array, c: number): number {
  const a0 = x[o] - centres[c];
  const a1 = x[o + 1] - centres[c + 1];
  const a2 = x[o + 2] - centres[c + 2];
  const a3 = x[o + 3] - centres[c + 3];
  const a4 = x[o + 4] - centres[c + 4];
  const a5 = (d > 5 ? x[o + 5] : 0) - centres[c + 5];
  return a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3 + a4 * a4 + a5 * a5;
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
  return d <= 4
    ? nearestTwo4(x, o, d, centres, k, out)
    : d <= 6
      ? nearestTwo6(x, o, d, centres, k, out)
      : d <= 8
        ? nearestTwo8(x, o, d, centres, k, out)
        : nearestTwoN(x, o, d, centres, k, out);
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

function nearestTwo6(x: Float64Array, o: number, d: number, centres: Float64Array, k: number, out: Float64Array): number {
  const x0 = x[o];
  const x1 = x[o + 1];
  const x2 = x[o + 2];
  const x3 = x[o + 3];
  const x4 = x[o + 4];
  const x5 = d > 5 ? x[o + 5] : 0;
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
    const s = a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3 + a4 * a4 + a5 * a5;
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
