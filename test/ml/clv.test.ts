import { existsSync, readFileSync } from 'node:fs';
import { problemMessage } from './feature-problem.ts';
import { notesText } from '../../src/engine/ml-words.ts';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, expectedPurchases, fitBgnbd, probabilityAlive } from '../../src/ml/bgnbd.ts';
import { runClvJob, type ClvJob } from '../../src/ml/clv-job.ts';
import { expectedSpend, fitGammaGamma, gammaGammaLogLikelihood } from '../../src/ml/gamma-gamma.ts';
import { minimize } from '../../src/ml/optimize.ts';
import { hyp2f1, lgamma } from '../../src/ml/special-functions.ts';

const SUMMARY = resolve(import.meta.dirname, '../../../shared/datasets/cdnow/cdnow_summary.csv');
const PUBLISHED = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const PUBLISHED_GG = { p: 6.2488, q: 3.7446, gamma: 15.4477 };

function expectSignificant(actual: number, expected: number, digits = 3) {
  expect(actual.toPrecision(digits)).toBe(expected.toPrecision(digits));
}

function readSummary() {
  const rows = readFileSync(SUMMARY, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
  const col = (j: number, keep: (r: number[]) => boolean = () => true) => Float64Array.from(rows.filter(keep), (r) => r[j]);
  return { x: col(1), tx: col(2), T: col(3), zbar: col(4), repeatX: col(1, (r) => r[1] > 0), repeatZbar: col(4, (r) => r[1] > 0) };
}

describe('special functions', () => {
  it('lgamma matches factorials and Γ(1/2) = √π', () => {
    expect(lgamma(1)).toBeCloseTo(0, 13);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lgamma(0.001)).toBeCloseTo(6.907178885383853, 10);
  });

  it('hyp2f1 matches closed forms on both the plain and the Euler-transformed series', () => {
    // 2F1(1,1;2;z) = -ln(1-z)/z; 2F1(a,b;b;z) = (1-z)^-a, where a + b > c takes the Euler path.
    expect(hyp2f1(1, 1, 2, 0.95)).toBeCloseTo(-Math.log(0.05) / 0.95, 10);
    expect(hyp2f1(2, 1, 1, 0.9)).toBeCloseTo(100, 9);
    expect(hyp2f1(3.5, 2, 2, 0.99)).toBeCloseTo(Math.pow(0.01, -3.5), 0);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/0 <= z < 1/);
  });
});

describe('Nelder-Mead', () => {
  it('finds the Rosenbrock minimum at (1, 1) deterministically', () => {
    const rosenbrock = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const a = minimize(rosenbrock, [-1.2, 1]);
    const b = minimize(rosenbrock, [-1.2, 1]);
    expect(a.converged).toBe(true);
    expect(a.x[0]).toBeCloseTo(1, 5);
    expect(a.x[1]).toBeCloseTo(1, 5);
    expect(b).toEqual(a);
  });
});

describe('BG/NBD by hand', () => {
  const params = { r: 1, alpha: 1, a: 1, b: 2 };

  it('gives P(alive) = 1 to a customer with no repeat purchase, and 1/3 in a case worked by hand', () => {
    expect(probabilityAlive(PUBLISHED, 0, 0, 38.86)).toBe(1);
    // a/(b+x-1) · ((alpha+T)/(alpha+t_x))^(r+x) = 1/2 · (4/2)^2 = 2, so P(alive) = 1/(1+2).
    expect(probabilityAlive(params, 1, 1, 3)).toBeCloseTo(1 / 3, 14);
  });

  it('expects r·t/alpha purchases over a very short time from a new customer', () => {
    const p = { r: 2, alpha: 4, a: 0.8, b: 2.5 };
    expect(expectedPurchases(p, 1e-4, 0, 0, 0) / (2e-4 / 4)).toBeCloseTo(1, 3);
    expect(expectedPurchases(p, 0, 3, 2, 5)).toBe(0);
  });

  it('gives one customer the log-likelihood of equation 6 computed term by term', () => {
    const { r, alpha, a, b } = PUBLISHED;
    const [x, tx, T] = [2, 30.43, 38.86];
    const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
    const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
    const a3 = -(r + x) * Math.log(alpha + T);
    const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
    const data = { x: Float64Array.of(x), tx: Float64Array.of(tx), T: Float64Array.of(T) };
    expect(bgnbdLogLikelihood(PUBLISHED, data)).toBeCloseTo(a1 + a2 + Math.log(Math.exp(a3) + Math.exp(a4)), 12);
  });
});

describe.skipIf(!existsSync(SUMMARY))('the published CDNOW summary (Fader, Hardie and Lee 2005; Fader and Hardie 2013)', () => {
  // Read in beforeAll, not while the suite is collected: without ../shared the suite is skipped, not failed.
  let s!: ReturnType<typeof readSummary>;
  beforeAll(() => {
    s = readSummary();
  });

  it('fits BG/NBD to r = 0.2426, alpha = 4.4135, a = 0.7929, b = 2.4258 with log-likelihood -9582.4', () => {
    const fit = fitBgnbd({ x: s.x, tx: s.tx, T: s.T });
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expectSignificant(fit.params[key], PUBLISHED[key]);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(fit.converged).toBe(true);
  });

  it('fits Gamma-Gamma on the 946 repeat customers to p = 6.2488, q = 3.7446, gamma = 15.4477', () => {
    expect(s.repeatX.length).toBe(946);
    const fit = fitGammaGamma({ x: s.repeatX, zbar: s.repeatZbar });
    for (const key of ['p', 'q', 'gamma'] as const) expectSignificant(fit.params[key], PUBLISHED_GG[key]);
    expect(fit.logLikelihood).toBeCloseTo(-4055.92, 2);
    expect(gammaGammaLogLikelihood(PUBLISHED_GG, { x: s.repeatX, zbar: s.repeatZbar })).toBeCloseTo(-4055.92, 2);
  });

  it('sums the 39-week conditional expectations to 1653.4 and averages P(alive) to 0.8134 with the published parameters', () => {
    let purchases = 0;
    let alive = 0;
    for (let i = 0; i < s.x.length; i++) {
      purchases += expectedPurchases(PUBLISHED, 39, s.x[i], s.tx[i], s.T[i]);
      alive += probabilityAlive(PUBLISHED, s.x[i], s.tx[i], s.T[i]);
    }
    expect(Math.abs(purchases - 1653.4) / 1653.4).toBeLessThan(0.005);
    expect(purchases).toBeCloseTo(1653.4, 1);
    expect(alive / s.x.length).toBeCloseTo(0.8134, 4);
  });

  it('shrinks a repeat customer’s spend toward the population mean', () => {
    const population = (PUBLISHED_GG.p * PUBLISHED_GG.gamma) / (PUBLISHED_GG.q - 1);
    const one = expectedSpend(PUBLISHED_GG, 1, 100);
    expect(one).toBeGreaterThan(population);
    expect(one).toBeLessThan(100);
    expect(expectedSpend(PUBLISHED_GG, 50, 100)).toBeGreaterThan(one);
  });
});

describe('runClvJob', () => {
  function job(x: number[], tx: number[], T: number[], zbar: number[]): ClvJob {
    return {
      x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), zbar: Float64Array.from(zbar),
      meanPurchaseValue: 20, horizon: 10, periodDiscount: 0.01, holdout: 0,
    };
  }

  it('gives customers outside Gamma-Gamma the population value and never NaN', () => {
    const n = 60;
    const x = Array.from({ length: n }, (_, i) => i % 4);
    const tx = x.map((v, i) => (v ? 5 + (i % 7) : 0));
    const T = x.map((_, i) => 20 + (i % 5));
    // One repeat customer only returned goods: a mean repeat spend below zero breaks Gamma-Gamma.
    const zbar = x.map((v, i) => (v ? (i === 1 ? -5 : 10 + (i % 9) * 3) : NaN));
    const r = runClvJob(job(x, tx, T, zbar));
    expect(r.populationValueCount).toEqual({ noRepeat: 15, notPositive: 1 });
    expect(r.expectedAvgValue[0]).toBe(r.populationValue);
    expect(r.expectedAvgValue[1]).toBe(r.populationValue);
    for (const a of [r.pAlive, r.expectedPurchases, r.expectedAvgValue, r.clv]) expect(a.every(Number.isFinite)).toBe(true);
    expect(r.pAlive[0]).toBe(1);
    // These made-up customers show no sign of dropping out, so a and b run off to infinity.
    expect(r.bgnbd.atLimit).toEqual(['a', 'b']);
    expect(notesText(r.notes).join(' ')).toMatch(/BG\/NBD's a, b ran to the edge of the range searched/);
    // CLV is the discounted value of the expected purchases: a little below their undiscounted value.
    const undiscounted = r.expectedPurchases[0] * r.expectedAvgValue[0];
    expect(r.clv[0]).toBeLessThan(undiscounted);
    expect(r.clv[0]).toBeGreaterThan(undiscounted / 1.01 ** 10);
  });

  it('falls back to the mean spend when too few customers bought again to fit Gamma-Gamma', () => {
    const r = runClvJob(job([0, 1, 0, 2, 0], [0, 3, 0, 6, 0], [10, 10, 9, 12, 8], [NaN, 10, NaN, 30, NaN]));
    expect(r.gammaGamma).toBeNull();
    expect(r.populationValue).toBe(20);
    expect(notesText(r.notes).join(' ')).toMatch(/Only 2 customers have a positive repeat spend, too few to fit Gamma-Gamma/);
    expect(r.clv.every(Number.isFinite)).toBe(true);
  });

  it('refuses data where nobody bought twice', () => {
    expect(problemMessage(() => runClvJob(job([0, 0], [0, 0], [3, 4], [NaN, NaN])))).toMatch(/none of the 2 customers bought again before the calibration end/);
  });
});
