import { hyp2f1, lgamma } from './special-functions.ts';
import { fitLogParameters, type Fit } from './optimize.ts';

export type { Fit } from './optimize.ts';

/** Each customer's calibration summary: repeat purchases x, time of the last one t_x, age T. */
export interface RepeatData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** How many customers share each row's history; 1 each when absent. */
  weight?: Float64Array;
}

/**
 * The distinct (x, t_x, T) histories with their counts, and each customer's history. Most
 * customers buy once, so their histories differ only by T, and the fit and the predictions need
 * doing once per history rather than once per customer.
 */
export function compressHistories(data: RepeatData): { histories: Required<RepeatData>; of: Int32Array } {
  const groups = new Map<string, number>();
  const of = new Int32Array(data.x.length);
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const key = `${data.x[i]} ${data.tx[i]} ${data.T[i]}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = x.length;
      groups.set(key, g);
      x.push(data.x[i]);
      tx.push(data.tx[i]);
      T.push(data.T[i]);
      weight.push(0);
    }
    weight[g] += data.weight?.[i] ?? 1;
    of[i] = g;
  }
  return { histories: { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), weight: Float64Array.from(weight) }, of };
}

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * The BG/NBD log-likelihood (Fader, Hardie and Lee 2005, equation 6). The gamma-function terms
 * depend only on x, so they are computed once per distinct x rather than once per customer.
 */
export function bgnbdLogLikelihood(params: BgnbdParams, data: RepeatData): number {
  return bgnbdLikelihood(data)(params);
}

/**
 * The log-likelihood as a function of the parameters. Customers are grouped once by x, T and
 * t_x, which take few distinct values, so each evaluation takes the gamma functions once per x
 * and the logarithms once per T and t_x.
 */
function bgnbdLikelihood(data: RepeatData): (params: BgnbdParams) => number {
  const byX = distinctCounts(data.x);
  const byT = distinctCounts(data.T);
  const byTx = distinctCounts(data.tx);
  const [xs, xIndex, tIndex, txIndex] = [data.x, byX.index, byT.index, byTx.index];
  const weight = data.weight ?? new Float64Array(xs.length).fill(1);
  return ({ r, alpha, a, b }) => {
    const common = new Float64Array(byX.values.length);
    const repeatTerm = new Float64Array(byX.values.length);
    const base = -lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b);
    byX.values.forEach((x, k) => {
      common[k] = base + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
      repeatTerm[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    });
    const logT = Float64Array.from(byT.values, (T) => Math.log(alpha + T));
    const logTx = Float64Array.from(byTx.values, (tx) => Math.log(alpha + tx));
    let ll = 0;
    for (let i = 0; i < xs.length; i++) {
      const k = xIndex[i];
      const rx = r + xs[i];
      const a3 = -rx * logT[tIndex[i]];
      const term = xs[i] > 0 ? common[k] + logAddExp(a3, repeatTerm[k] - rx * logTx[txIndex[i]]) : common[k] + a3;
      ll += weight[i] * term;
    }
    return ll;
  };
}

/** Fits BG/NBD by maximum likelihood, searching over the logs of the four parameters. */
export function fitBgnbd(customers: RepeatData, shouldStop?: () => boolean): Fit<BgnbdParams> {
  const meanT = mean(customers.T);
  const data = compressHistories(customers).histories;
  const toParams = (v: number[]): BgnbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  // alpha is a time scale, so it starts at the customers' typical age in periods.
  const start = [0, Math.log(Math.max(meanT, 1e-3)), 0, 0];
  const ll = bgnbdLikelihood(data);
  return fitLogParameters(['r', 'alpha', 'a', 'b'], (v) => -ll(toParams(v)), start, toParams, shouldStop);
}

/** The chance a customer with this history has not dropped out (equation 11); 1 when x = 0. */
export function probabilityAlive({ r, alpha, a, b }: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const ratio = Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return 1 / (1 + ratio);
}

/**
 * Expected purchases in the next t periods for a customer with this history (equation 10): the
 * unconditional expectation under the posterior parameters, times P(alive).
 */
export function expectedPurchases(params: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  // The closed form divides by a - 1; its limit at a = 1 is continuous, so step just past it.
  const a = Math.abs(params.a - 1) < 1e-7 ? 1 + 1e-7 : params.a;
  const rx = r + x;
  const ageT = alpha + T;
  const z = t / (ageT + t);
  const h = hyp2f1(rx, b + x, a + b + x - 1, z);
  const unconditional = ((a + b + x - 1) / (a - 1)) * (1 - Math.exp(rx * Math.log(ageT / (ageT + t))) * h);
  return unconditional * probabilityAlive(params, x, tx, T);
}

function logAddExp(u: number, v: number): number {
  if (v === -Infinity) return u;
  return Math.max(u, v) + Math.log1p(Math.exp(-Math.abs(u - v)));
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}

/** Each value's position in the list of distinct values, so per-value work is done once. */
export function distinctCounts(x: Float64Array): { index: Int32Array; values: number[] } {
  const positions = new Map<number, number>();
  const index = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let k = positions.get(x[i]);
    if (k === undefined) {
      k = positions.size;
      positions.set(x[i], k);
    }
    index[i] = k;
  }
  return { index, values: [...positions.keys()] };
}
