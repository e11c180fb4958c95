import { distinctCounts } from './bgnbd.ts';
import { fitLogParameters, type Fit } from './optimize.ts';
import { lgamma } from './special-functions.ts';

/** Repeat customers only: x > 0 repeat purchases whose mean value is zbar > 0. */
export interface SpendData {
  x: Float64Array;
  zbar: Float64Array;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** The Gamma-Gamma log-likelihood of the mean spends (Fader and Hardie 2013, equation 3). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendData): number {
  return gammaGammaLikelihood(data)(params);
}

/** The log-likelihood as a function of the parameters, with the grouping by x done once. */
function gammaGammaLikelihood(data: SpendData): (params: GammaGammaParams) => number {
  const { index, values } = distinctCounts(data.x);
  return (params) => logLikelihood(params, data, index, values);
}

function logLikelihood({ p, q, gamma }: GammaGammaParams, data: SpendData, index: Int32Array, values: number[]): number {
  const common = values.map((x) => lgamma(p * x + q) - lgamma(p * x) - lgamma(q) + q * Math.log(gamma) + p * x * Math.log(x));
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) {
    const px = p * data.x[i];
    ll += common[index[i]] + (px - 1) * Math.log(data.zbar[i]) - (px + q) * Math.log(data.x[i] * data.zbar[i] + gamma);
  }
  return ll;
}

/** Fits Gamma-Gamma by maximum likelihood over the logs of p, q and gamma. */
export function fitGammaGamma(data: SpendData, shouldStop?: () => boolean): Fit<GammaGammaParams> {
  let sum = 0;
  for (const z of data.zbar) sum += z;
  // gamma carries the money scale, so it starts at the mean spend.
  const start = [0, Math.log(2), Math.log(Math.max(sum / data.zbar.length, 1e-6))];
  const toParams = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const ll = gammaGammaLikelihood(data);
  return fitLogParameters(['p', 'q', 'gamma'], (v) => -ll(toParams(v)), start, toParams, shouldStop);
}

/** The population's mean spend per purchase, p·gamma / (q - 1); infinite when q <= 1. */
export function populationMeanSpend({ p, q, gamma }: GammaGammaParams): number {
  return q > 1 ? (p * gamma) / (q - 1) : Infinity;
}

/** A repeat customer's expected spend per purchase (equation 5): between the population mean and their own. */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, x: number, zbar: number): number {
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}
