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
  | { kind: 'sampled-bootstrap'; resamples: number; sample: number; rows: number }
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
