import type { JobHooks } from './hooks.ts';
import { kmeans, type KMeansOptions } from './kmeans.ts';
import type { FeatureMatrix } from './matrix.ts';
import { FeatureError, type MlNote } from './notes.ts';
import { RESTART_SAMPLE_ROWS, sampleRows } from './sampling.ts';

/**
 * The options of the fit on every row: unchanged when exact or small, else one start, the centres
 * of the best of the restarts run on a seeded sample. A restart on all rows mostly spends its
 * iterations moving centres that a sample places as well; the full Lloyd then only refines them.
 */
export function sampledStart(m: FeatureMatrix, job: { sample?: number | null; seed: number }, options: KMeansOptions, notes: MlNote[], hooks?: JobHooks): KMeansOptions {
  const size = job.sample === undefined ? RESTART_SAMPLE_ROWS : job.sample;
  if (size === null || m.n <= size || options.init) return options;
  if (!Number.isInteger(size) || size < options.k) throw new FeatureError({ code: 'bad-sample', sample: size, step: 'restarts' });
  const sample = sampleRows(m, size, job.seed).matrix;
  const best = kmeans(sample, options, {
    onProgress: (p) => hooks?.onProgress?.({ stage: 'sample-restart', restart: p.restart, restarts: p.restarts, iteration: p.iteration, sample: size }),
    shouldStop: hooks?.shouldStop,
  });
  notes.push({ kind: 'sampled-restarts', restarts: options.nInit, sample: size, rows: m.n });
  return { ...options, nInit: 1, init: best.centroids };
}
