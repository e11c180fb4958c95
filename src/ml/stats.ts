/**
 * Kruskal-Wallis H test that `values` come from the same distribution in every group, with
 * average ranks for ties and the tie correction, as scipy.stats.kruskal. Rows in group -1 and rows
 * whose value is NaN are left out; df is the number of non-empty groups minus 1. When every value
 * is tied there is no evidence of a difference, and the result is h = 0, p = 1 (scipy raises).
 */
export function kruskalWallis(values: Float64Array, groups: Int32Array, k: number): { h: number; df: number; p: number } {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer of at least 2, got ${k}`);
  if (groups.length !== values.length) throw new RangeError(`groups has ${groups.length} entries for ${values.length} values`);
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const g = groups[i];
    if (g >= k || g < -1) throw new RangeError(`group of row ${i} must be -1 or in [0, ${k}), got ${g}`);
    if (g >= 0 && !Number.isNaN(values[i])) rows.push(i);
  }
  const order = Int32Array.from(rows).sort((a, b) => values[a] - values[b]);
  const n = order.length;
  const rankSums = new Float64Array(k);
  const sizes = new Int32Array(k);
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) {
      rankSums[groups[order[j]]] += rank;
      sizes[groups[order[j]]]++;
    }
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  let present = 0;
  let sum = 0;
  for (let g = 0; g < k; g++) {
    if (sizes[g] === 0) continue;
    present++;
    sum += (rankSums[g] * rankSums[g]) / sizes[g];
  }
  if (present < 2) throw new RangeError(`Kruskal-Wallis needs at least 2 non-empty groups, got ${present}`);
  const df = present - 1;
  const correction = 1 - tieTerm / (n * n * n - n);
  if (correction <= 0) return { h: 0, df, p: 1 };
  const h = ((12 / (n * (n + 1))) * sum - 3 * (n + 1)) / correction;
  return { h, df, p: chiSquareSurvival(h, df) };
}

/** P(X > x) for X chi-square with df degrees of freedom: the regularized upper gamma Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`df must be a positive number, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError(`x must be a number, got ${x}`);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return upperGammaRegularized(df / 2, x / 2);
}

/** Q(a, x) = Γ(a, x) / Γ(a): the series for P when x < a + 1, else Lentz's continued fraction for Q. */
function upperGammaRegularized(a: number, x: number): number {
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let i = 1; i < 10_000; i++) {
      term *= x / (a + i);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

// Lanczos approximation (g = 7, 9 terms), good to about 15 significant digits for a > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
  const z = a - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
