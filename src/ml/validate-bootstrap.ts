import { Cancelled } from '../cancelled.ts';
import { SPLIT_ROWS } from './kmeans-part.ts';
import type { FeatureMatrix } from './matrix.ts';
import { ResampleKMeans, type ResampleFitSettings } from './resample-kmeans.ts';
import { Resampler, resampleSeeds, StabilityTally, type ResampleScore, type StabilityHooks, type StabilityResult } from './stability.ts';

/** What validation's bootstrap needs: the clustering, and how each resample is re-clustered. */
export interface BootstrapJob {
  m: FeatureMatrix;
  /** Segment per row, 0..k-1 (validation passes only rows with a segment). */
  labels: Int32Array;
  B: number;
  seed: number;
  fit: ResampleFitSettings;
}

/**
 * The resamples of one validation, run by number: the same resample, and so the same score,
 * on whichever thread runs it (bootstrapStability()'s semantics, with k-means re-clustering).
 */
export class BootstrapRuns {
  readonly #seeds: number[];
  readonly #resampler: Resampler;
  readonly #fits: ResampleKMeans;

  constructor(job: BootstrapJob) {
    this.#seeds = resampleSeeds(job.seed, job.B);
    this.#resampler = new Resampler(job.m, job.labels, job.fit.k);
    this.#fits = new ResampleKMeans(job.m, this.#resampler.labelled, job.fit);
  }

  get labelled(): number {
    return this.#resampler.labelled;
  }

  run(b: number): ResampleScore {
    const seed = this.#seeds[b];
    if (seed === undefined) throw new RangeError(`no bootstrap resample ${b}: there are ${this.#seeds.length}`);
    return this.#resampler.run(seed, (picks, reseed) => this.#fits.labels(picks, reseed));
  }
}

/** Validation's bootstrap on this thread. */
export function validationBootstrap(job: BootstrapJob, hooks: StabilityHooks = {}): StabilityResult {
  return runAlone(new BootstrapRuns(job), job, hooks);
}

function runAlone(runs: BootstrapRuns, job: BootstrapJob, hooks: StabilityHooks): StabilityResult {
  const tally = new StabilityTally(job.fit.k, job.B);
  for (let b = 0; b < job.B; b++) {
    if (hooks.shouldStop?.()) throw new Cancelled();
    tally.add(b, runs.run(b));
    hooks.onProgress?.(b + 1, job.B);
  }
  return tally.result();
}

/**
 * A helper as the coordinator sees it: a Comlink worker in the browser (src/workers/), a
 * MessagePort in the Node tests. Its calls answer one at a time, in order.
 */
export interface BootstrapHelper {
  /** Resolves once the helper's code has loaded. */
  ready(): Promise<void>;
  /** Hands the helper its own copy of the job, giving the buffers away; resolves once it holds it. */
  load(job: BootstrapJob): Promise<void>;
  /** Runs resample `b`; rejects when the helper throws. */
  run(b: number): Promise<ResampleScore>;
  /** Rejects, saying why, once the helper has died (a call then never answers); never resolves. */
  readonly stopped: Promise<never>;
  close(): void;
}

/** A helper whose code has not loaded within this time is given up on, and the bootstrap runs on this thread. */
const READY_TIMEOUT_MS = 10_000;
/** Resamples a helper is asked for ahead, so that it has the next one while this thread runs its own. */
const AHEAD = 2;
/** Resamples a helper is handed before this thread turns to `meanwhile`: a silhouette takes about four resamples' time. */
const AHEAD_MEANWHILE = 4;

/**
 * validationBootstrap() with resamples shared with a helper (a worker in the browser): each
 * thread takes the next resample not yet taken, and scores are added up in resample order, so the
 * result is bit-identical to one thread's. Resamples of fewer than SPLIT_ROWS rows, or a helper
 * that cannot start, run on this thread alone. `meanwhile` runs on this thread once, before its
 * first resample: with a helper, while the helper runs its first ones.
 */
export async function validationBootstrapWith(
  job: BootstrapJob, hooks: StabilityHooks, startHelper: () => BootstrapHelper | null, meanwhile: () => void = () => undefined,
): Promise<StabilityResult> {
  const runs = new BootstrapRuns(job);
  const alone = () => {
    meanwhile();
    return runAlone(runs, job, hooks);
  };
  if (runs.labelled < SPLIT_ROWS || job.B < 2) return alone();
  // Awaited before any resample runs here: a worker started from a worker loads its code
  // through its parent's thread, which a long loop would hold up. The helper then takes in its
  // copy of the job while this thread runs `meanwhile`.
  const helper = await startReady(startHelper);
  if (!helper) return alone();
  const loading = helper.load({ ...job, m: { ...job.m, data: job.m.data.slice() }, labels: job.labels.slice() });
  const tally = new StabilityTally(job.fit.k, job.B);
  const add = (b: number, score: ResampleScore) => {
    const before = tally.done;
    tally.add(b, score);
    for (let done = before + 1; done <= tally.done; done++) hooks.onProgress?.(done, job.B);
  };
  let next = 0;
  let over = false;
  const failures: unknown[] = [];
  const pending = new Set<Promise<void>>();
  const feed = (ahead = AHEAD) => {
    while (pending.size < ahead && next < job.B && !over && !failures.length) {
      const b = next++;
      // Asked at once, not once this thread has seen the load answered: the helper answers its
      // calls in order, so it starts each run as soon as it can, while this thread, busy with its
      // own work, would have seen the answer 1.3 s late (measured in the tab on 1M rows).
      const run = Promise.all([loading, helper.run(b)]).then(([, score]) => score);
      const running: Promise<void> = Promise.race([run, helper.stopped.catch((e: unknown) => Promise.reject(helperError(e)))])
        .then((score) => add(b, score), (error: unknown) => void failures.push(error))
        .finally(() => {
          pending.delete(running);
          feed();
        });
      pending.add(running);
    }
  };
  try {
    // Enough resamples to keep the helper busy while this thread does the caller's other work.
    feed(AHEAD_MEANWHILE);
    meanwhile();
    while (next < job.B || pending.size > 0) {
      if (failures.length) throw failures[0];
      if (hooks.shouldStop?.()) throw new Cancelled();
      if (next < job.B) {
        const b = next++;
        add(b, runs.run(b));
      }
      // Lets the helper's replies in, each of which hands it its next resample.
      await (next < job.B ? macrotask() : Promise.race(pending));
    }
    if (failures.length) throw failures[0];
    return tally.result();
  } finally {
    over = true;
    helper.close();
  }
}

function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A helper whose code has loaded, or null when none is ready in time. */
async function startReady(startHelper: () => BootstrapHelper | null): Promise<BootstrapHelper | null> {
  let helper: BootstrapHelper | null = null;
  try {
    helper = startHelper();
  } catch {
    return null;
  }
  if (!helper) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)));
  const loaded = Promise.race([helper.ready(), helper.stopped]).then(() => true, () => false);
  const ok = await Promise.race([loaded, timeout]);
  clearTimeout(timer);
  if (ok) return helper;
  helper.close();
  return null;
}

function helperError(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  return new Error(`validation's second thread stopped: ${message}. Run the cell again.`);
}

/** The helper's side: one job's resamples, run by number. */
export class BootstrapServer {
  #runs: BootstrapRuns | null = null;

  load(job: BootstrapJob): void {
    this.#runs = new BootstrapRuns(job);
  }

  run(b: number): ResampleScore {
    if (!this.#runs) throw new Error(`no bootstrap job loaded before resample ${b}`);
    return this.#runs.run(b);
  }
}
