/**
 * What a job found that the user should know, as facts: the engine words them
 * (src/engine/ml-words.ts). Plain data, so they cross the worker boundary as they are.
 */
export type MlNote =
  | { kind: 'rows-dropped'; dropped: number; rows: number }
  | { kind: 'values-filled'; column: string; count: number; policy: 'mean' | 'median'; log1p: boolean; fill: number }
  | { kind: 'zero-variance'; columns: string[] }
  /** An all-pairs step ran on a seeded sample of `sample` of `rows` rows of `d` features. */
  | { kind: 'all-pairs-sampled'; step: 'silhouette' | 'ward'; rows: number; d: number; sample: number }
  | { kind: 'sampled-restarts'; restarts: number; sample: number; rows: number }
  | { kind: 'sampled-sweep'; sample: number; rows: number }
  | { kind: 'sampled-bootstrap'; resamples: number; sample: number; rows: number; settle: number | null; passes: number }
  | { kind: 'rows-without-segment'; count: number }
  | { kind: 'value-not-different'; p: number }
  | { kind: 'not-converged'; model: FittedModelName }
  | { kind: 'at-limit'; model: FittedModelName; parameters: string[] }
  | { kind: 'too-few-spenders'; customers: number; needed: number; fallback: number }
  | { kind: 'infinite-mean-spend'; q: number; fallback: number };

export type FittedModelName = 'BG/NBD' | 'Gamma-Gamma';

/** How far a long job has come: counts, which the engine words. */
export type MlProgress =
  | { stage: 'restart'; restart: number; restarts: number; iteration: number; inertia: number }
  | { stage: 'sample-restart'; restart: number; restarts: number; iteration: number; sample: number }
  | { stage: 'ward'; done: number; total: number }
  | { stage: 'sweep'; k: number; done: number; total: number; sample: number | null }
  | { stage: 'gap'; references: number }
  | { stage: 'silhouette' }
  | { stage: 'bootstrap'; done: number; total: number }
  | { stage: 'fit'; model: FittedModelName }
  | { stage: 'predict' };

/** What is wrong with a job's input that the user can fix: the engine words it, naming the column or value. */
export type FeatureProblem =
  | { code: 'no-features' }
  | { code: 'no-rows' }
  | { code: 'log1p-domain'; column: string; value: number }
  | { code: 'all-rows-missing' }
  | { code: 'column-empty'; column: string }
  | { code: 'all-constant'; columns: string[] }
  | { code: 'k-not-whole'; k: number }
  | { code: 'too-few-rows'; rows: number }
  | { code: 'k-above-rows'; k: number; rows: number }
  | { code: 'k-range-not-whole'; min: number; max: number }
  | { code: 'k-range-reversed'; min: number; max: number }
  /** A sample too small for the step: restarts need k rows, a sweep its largest k, validation twice k. */
  | { code: 'bad-sample'; sample: number; step: 'restarts' | 'sweep' | 'validation' }
  | { code: 'too-few-segments'; segments: number }
  | { code: 'too-few-segmented-rows' }
  | { code: 'no-customers' }
  | { code: 'no-repeat-buyers'; customers: number }
  | { code: 'predictions-not-numbers'; count: number };

const PROBLEM_CODES: ReadonlySet<string> = new Set<FeatureProblem['code']>([
  'no-features', 'no-rows', 'log1p-domain', 'all-rows-missing', 'column-empty', 'all-constant', 'k-not-whole', 'too-few-rows',
  'k-above-rows', 'k-range-not-whole', 'k-range-reversed', 'bad-sample', 'too-few-segments', 'too-few-segmented-rows',
  'no-customers', 'no-repeat-buyers', 'predictions-not-numbers',
]);

/** For the worker protocol, which rebuilds a FeatureError from plain data. */
export function isFeatureProblem(value: unknown): value is FeatureProblem {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string' && PROBLEM_CODES.has(value.code);
}

/**
 * Thrown for input problems the user can fix. It carries the problem as data, which crosses a
 * worker boundary whole; its message is only the code, for logs.
 */
export class FeatureError extends Error {
  override name = 'FeatureError';
  constructor(readonly problem: FeatureProblem) {
    super(`feature problem: ${problem.code}`);
  }
}
