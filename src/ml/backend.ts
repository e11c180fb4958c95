import { runClusterJob, type ClusterJob, type ClusterJobResult } from './cluster-job.ts';
import { runClvJob, type ClvJob, type ClvJobResult } from './clv-job.ts';
import { runTreeJob, type TreeJob, type TreeResult } from './tree-job.ts';
import { runScoreJob, type ScoreJob, type ScoreResult } from './score-job.ts';
import { runSweepJob, type SweepJob, type SweepResult } from './sweep-job.ts';
import { runValidateJob, type ValidateJob, type ValidationResult } from './validate-job.ts';
import type { JobHooks } from './hooks.ts';
import type { MlProgress } from './notes.ts';

export interface JobOptions {
  onProgress?: (progress: MlProgress) => void;
  signal?: AbortSignal;
}

/**
 * Where clustering and metrics run: a Comlink worker in the browser, this thread in Node. Both
 * call the same job functions, so the same seed gives the same segments everywhere.
 */
export interface MlBackend {
  cluster(job: ClusterJob, options?: JobOptions): Promise<ClusterJobResult>;
  sweep(job: SweepJob, options?: JobOptions): Promise<SweepResult>;
  score(job: ScoreJob, options?: JobOptions): Promise<ScoreResult>;
  validate(job: ValidateJob, options?: JobOptions): Promise<ValidationResult>;
  /** Fits BG/NBD and Gamma-Gamma by maximum likelihood and predicts per customer. */
  clv(job: ClvJob, options?: JobOptions): Promise<ClvJobResult>;
  /** Fits the shallow tree behind "Explain in rules". */
  tree(job: TreeJob, options?: JobOptions): Promise<TreeResult>;
}

/** Runs the jobs on the calling thread: for the command-line runner and the Node tests. */
export class InlineBackend implements MlBackend {
  cluster(job: ClusterJob, options: JobOptions = {}) {
    return inline(options, (hooks) => runClusterJob(job, hooks));
  }

  sweep(job: SweepJob, options: JobOptions = {}) {
    return inline(options, (hooks) => runSweepJob(job, hooks));
  }

  score(job: ScoreJob, options: JobOptions = {}) {
    return inline(options, () => runScoreJob(job));
  }

  validate(job: ValidateJob, options: JobOptions = {}) {
    return inline(options, (hooks) => runValidateJob(job, hooks));
  }

  clv(job: ClvJob, options: JobOptions = {}) {
    return inline(options, (hooks) => runClvJob(job, hooks));
  }

  tree(job: TreeJob, options: JobOptions = {}) {
    return inline(options, () => runTreeJob(job));
  }
}

// The jobs throw Cancelled themselves once the signal is aborted: nothing to translate.
async function inline<T>(options: JobOptions, run: (hooks: JobHooks) => T): Promise<T> {
  return run({ onProgress: options.onProgress, shouldStop: () => options.signal?.aborted ?? false });
}
