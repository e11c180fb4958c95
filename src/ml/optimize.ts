export interface MinimizeOptions {
  /** Stop when the simplex's function values and points are this close. */
  tolerance?: number;
  maxEvaluations?: number;
  /** Fresh simplexes started from the best point, until one no longer improves it. */
  maxRestarts?: number;
  /** Side of the first simplex, in the units of x. */
  step?: number;
  shouldStop?: () => boolean;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  evaluations: number;
  iterations: number;
  /** False when the evaluation budget ran out before the tolerance was met. */
  converged: boolean;
}

/**
 * Minimises f by Nelder-Mead with the standard coefficients, restarted from its own answer
 * (a collapsed simplex can stall away from the minimum). It is deterministic: the same f and
 * start give the same answer. Non-finite values count as +Infinity, so f may refuse a region.
 */
export function minimize(f: (x: number[]) => number, start: number[], options: MinimizeOptions = {}): MinimizeResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  const maxRestarts = options.maxRestarts ?? 5;
  let evaluations = 0;
  let iterations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let best = { x: [...start], value: value(start) };
  let converged = false;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = nelderMead(value, best.x, options.step ?? 0.5, tolerance, () => evaluations >= maxEvaluations || (options.shouldStop?.() ?? false));
    iterations += run.iterations;
    const improved = best.value - run.value > tolerance * (1 + Math.abs(best.value));
    if (run.value <= best.value) best = { x: run.x, value: run.value };
    converged = run.converged;
    if (!run.converged || (!improved && restart > 0)) break;
  }
  return { ...best, evaluations, iterations, converged };
}

function nelderMead(f: (x: number[]) => number, start: number[], step: number, tolerance: number, exhausted: () => boolean) {
  const n = start.length;
  const points = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  const values = points.map(f);
  let iterations = 0;
  for (;;) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const sortedPoints = order.map((i) => points[i]);
    const sortedValues = order.map((i) => values[i]);
    points.splice(0, points.length, ...sortedPoints);
    values.splice(0, values.length, ...sortedValues);
    const spread = Math.abs(values[n] - values[0]);
    const size = Math.max(...points.slice(1).map((p) => Math.max(...p.map((v, j) => Math.abs(v - points[0][j])))));
    if (spread <= tolerance * (1 + Math.abs(values[0])) && size <= Math.sqrt(tolerance)) {
      return { x: points[0], value: values[0], iterations, converged: true };
    }
    if (exhausted()) return { x: points[0], value: values[0], iterations, converged: false };
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += points[i][j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (points[n][j] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = f(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
    } else if (fr < values[n - 1]) {
      replaceWorst(reflected, fr);
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) replaceWorst(contracted, fc);
      else {
        for (let i = 1; i <= n; i++) {
          points[i] = points[i].map((v, j) => points[0][j] + 0.5 * (v - points[0][j]));
          values[i] = f(points[i]);
        }
      }
    }
  }

  function replaceWorst(x: number[], fx: number) {
    points[n] = x;
    values[n] = fx;
  }
}

/** A maximum-likelihood fit. */
export interface Fit<P> {
  params: P;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Parameters whose best value lies at the edge of the searched range, i.e. the data do not pin them down. */
  atLimit: string[];
}

/** The fits search each log-parameter within ±LOG_LIMIT; some data have their maximum at infinity. */
export const LOG_LIMIT = 12;

/** Minimises f over log-parameters kept inside ±LOG_LIMIT, and names the parameters that ended on the edge. */
export function fitLogParameters<P>(
  names: string[], f: (v: number[]) => number, start: number[], toParams: (v: number[]) => P, shouldStop?: () => boolean,
): Fit<P> {
  const bounded = (v: number[]) => (v.every((u) => Math.abs(u) <= LOG_LIMIT) ? f(v) : Infinity);
  const result = minimize(bounded, start, { shouldStop });
  return {
    params: toParams(result.x), logLikelihood: -result.value, iterations: result.iterations, converged: result.converged,
    atLimit: names.filter((_, i) => Math.abs(result.x[i]) > LOG_LIMIT - 0.5),
  };
}
