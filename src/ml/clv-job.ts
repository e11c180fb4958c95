import { compressHistories, expectedPurchases, fitBgnbd, probabilityAlive, type BgnbdParams, type Fit, type RepeatData } from './bgnbd.ts';
import { expectedSpend, fitGammaGamma, populationMeanSpend, type GammaGammaParams } from './gamma-gamma.ts';
import { checkStop, type JobHooks } from './hooks.ts';
import { FeatureError, type FittedModelName, type MlNote } from './notes.ts';

/** Per-customer purchase summary for BG/NBD and Gamma-Gamma, in periods, as typed arrays. */
export interface ClvJob {
  /** Repeat purchases: purchase periods (days) minus one. */
  x: Float64Array;
  /** Periods from the first purchase to the last. */
  tx: Float64Array;
  /** Periods from the first purchase to the end of calibration. */
  T: Float64Array;
  /** Mean value of the repeat purchases; NaN where there are none. */
  zbar: Float64Array;
  /** Mean value of every purchase in calibration, the fallback spend when Gamma-Gamma cannot be fitted. */
  meanPurchaseValue: number;
  /** Periods to predict purchases and value over. */
  horizon: number;
  /** Discount rate per period, already converted from the yearly rate. */
  periodDiscount: number;
  /** Periods after calibration that the data covers, for the hold-out check; 0 for none. */
  holdout: number;
}

export interface ClvJobResult {
  bgnbd: Fit<BgnbdParams>;
  /** Null when too few customers had a positive repeat spend to fit it. */
  gammaGamma: Fit<GammaGammaParams> | null;
  /** Repeat customers the spend model was fitted on. */
  gammaGammaCustomers: number;
  /** The spend given to customers outside the spend model. */
  populationValue: number;
  /** Customers given the population spend: no repeat purchase, or a repeat spend that is not positive. */
  populationValueCount: { noRepeat: number; notPositive: number };
  /** Correlation of x and zbar among repeat customers; Gamma-Gamma assumes it is near zero. */
  spendFrequencyCorrelation: number;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedAvgValue: Float64Array;
  clv: Float64Array;
  /** Expected repeat purchases over the hold-out periods, summed over customers; null without a hold-out. */
  holdoutPredicted: number | null;
  notes: MlNote[];
}

/** Gamma-Gamma needs a handful of repeat customers before its three parameters mean anything. */
const MIN_SPEND_CUSTOMERS = 10;
/** CLV discounts at this many points at most over the horizon; more change it by little and cost much. */
const MAX_DISCOUNT_STEPS = 60;

export function runClvJob(job: ClvJob, hooks: JobHooks = {}): ClvJobResult {
  const n = job.x.length;
  const repeaters = job.x.reduce((count, x) => count + (x > 0 ? 1 : 0), 0);
  if (n === 0) throw new FeatureError({ code: 'no-customers' });
  if (repeaters === 0) throw new FeatureError({ code: 'no-repeat-buyers', customers: n });
  hooks.onProgress?.({ stage: 'fit', model: 'BG/NBD' });
  const bgnbd = fitBgnbd({ x: job.x, tx: job.tx, T: job.T }, hooks.shouldStop);
  checkStop(hooks);
  const notes: MlNote[] = [];
  notes.push(...fitNotes('BG/NBD', bgnbd));

  const spend = spendModel(job, hooks, notes);
  const pAlive = new Float64Array(n);
  const purchases = new Float64Array(n);
  const avgValue = new Float64Array(n);
  const clv = new Float64Array(n);
  hooks.onProgress?.({ stage: 'predict' });
  const { histories, of } = compressHistories(job);
  const forHistory = predictHistories(job, bgnbd.params, histories, hooks);
  let holdoutPredicted = job.holdout > 0 ? 0 : null;
  for (let i = 0; i < n; i++) {
    const g = of[i];
    pAlive[i] = forHistory.pAlive[g];
    purchases[i] = forHistory.purchases[g];
    avgValue[i] = spend.valueOf(i);
    // Value per purchase is constant over the horizon, so it factors out of the discounted sum.
    clv[i] = forHistory.discountedPurchases[g] * avgValue[i];
    if (holdoutPredicted !== null) holdoutPredicted += forHistory.holdout[g];
  }
  const broken = [pAlive, purchases, avgValue, clv].reduce((count, a) => count + a.filter((v) => !Number.isFinite(v)).length, 0);
  if (broken > 0) throw new FeatureError({ code: 'predictions-not-numbers', count: broken });
  return {
    bgnbd, gammaGamma: spend.fit, gammaGammaCustomers: spend.customers, populationValue: spend.population,
    populationValueCount: spend.count, spendFrequencyCorrelation: spend.correlation,
    pAlive, expectedPurchases: purchases, expectedAvgValue: avgValue, clv, holdoutPredicted, notes,
  };
}

/** P(alive), expected purchases over the horizon (plain and discounted) and over the hold-out, per distinct history. */
function predictHistories(job: ClvJob, params: BgnbdParams, h: RepeatData, hooks: JobHooks) {
  const m = h.x.length;
  const out = { pAlive: new Float64Array(m), purchases: new Float64Array(m), discountedPurchases: new Float64Array(m), holdout: new Float64Array(m) };
  const steps = Math.max(1, Math.min(Math.ceil(job.horizon), MAX_DISCOUNT_STEPS));
  for (let g = 0; g < m; g++) {
    const [x, tx, T] = [h.x[g], h.tx[g], h.T[g]];
    out.pAlive[g] = probabilityAlive(params, x, tx, T);
    let before = 0;
    for (let s = 1; s <= steps; s++) {
      const t = (job.horizon * s) / steps;
      const upTo = expectedPurchases(params, t, x, tx, T);
      out.discountedPurchases[g] += (upTo - before) / Math.pow(1 + job.periodDiscount, t);
      before = upTo;
    }
    out.purchases[g] = before;
    if (job.holdout > 0) out.holdout[g] = expectedPurchases(params, job.holdout, x, tx, T);
    if ((g & 255) === 0) checkStop(hooks);
  }
  return out;
}

/** Fits Gamma-Gamma on the customers it applies to and decides the population spend for the rest. */
function spendModel(job: ClvJob, hooks: JobHooks, notes: MlNote[]) {
  const usable = (i: number) => job.x[i] > 0 && job.zbar[i] > 0;
  const picked: number[] = [];
  let noRepeat = 0;
  let notPositive = 0;
  for (let i = 0; i < job.x.length; i++) {
    if (usable(i)) picked.push(i);
    else if (job.x[i] > 0) notPositive++;
    else noRepeat++;
  }
  const x = Float64Array.from(picked, (i) => job.x[i]);
  const zbar = Float64Array.from(picked, (i) => job.zbar[i]);
  const correlation = pearson(x, zbar);
  const meanZbar = zbar.length ? zbar.reduce((s, v) => s + v, 0) / zbar.length : NaN;
  const fallback = Number.isFinite(meanZbar) ? meanZbar : job.meanPurchaseValue;
  const count = { noRepeat, notPositive };
  if (picked.length < MIN_SPEND_CUSTOMERS) {
    notes.push({ kind: 'too-few-spenders', customers: picked.length, needed: MIN_SPEND_CUSTOMERS, fallback });
    return { fit: null, customers: picked.length, population: fallback, count, correlation, valueOf: () => fallback };
  }
  hooks.onProgress?.({ stage: 'fit', model: 'Gamma-Gamma' });
  const fit = fitGammaGamma({ x, zbar }, hooks.shouldStop);
  checkStop(hooks);
  notes.push(...fitNotes('Gamma-Gamma', fit));
  let population = populationMeanSpend(fit.params);
  if (!Number.isFinite(population)) {
    notes.push({ kind: 'infinite-mean-spend', q: fit.params.q, fallback });
    population = fallback;
  }
  const valueOf = (i: number) => (usable(i) ? expectedSpend(fit.params, job.x[i], job.zbar[i]) : population);
  return { fit, customers: picked.length, population, count, correlation, valueOf };
}

function pearson(u: Float64Array, v: Float64Array): number {
  const n = u.length;
  if (n < 2) return NaN;
  let su = 0, sv = 0;
  for (let i = 0; i < n; i++) { su += u[i]; sv += v[i]; }
  const mu = su / n, mv = sv / n;
  let cuv = 0, cuu = 0, cvv = 0;
  for (let i = 0; i < n; i++) {
    cuv += (u[i] - mu) * (v[i] - mv);
    cuu += (u[i] - mu) ** 2;
    cvv += (v[i] - mv) ** 2;
  }
  return cuu > 0 && cvv > 0 ? cuv / Math.sqrt(cuu * cvv) : NaN;
}

function fitNotes(model: FittedModelName, fit: { converged: boolean; atLimit: string[] }): MlNote[] {
  const notes: MlNote[] = [];
  if (!fit.converged) notes.push({ kind: 'not-converged', model });
  if (fit.atLimit.length) notes.push({ kind: 'at-limit', model, parameters: fit.atLimit });
  return notes;
}
