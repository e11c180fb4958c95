import { assignToCentroids } from './kmeans.ts';
import { applyPreparation, type Preparation, type RawFeatures } from './preprocess.ts';
import { segmentsToArrowIPC } from './result-arrow.ts';

export interface ScoreModel {
  preparation: Preparation;
  centroids: number[];
  k: number;
  distanceP99: number;
}

export interface ScoreJob {
  raw: RawFeatures;
  rowids: Float64Array;
  model: ScoreModel;
}

export interface ScoreResult {
  segmentsIpc: Uint8Array;
  scored: number;
  /** Rows farther from every centre than 99% of the training rows were from theirs. */
  unfit: number;
  /** Rows with a missing value the model has no way to fill. */
  dropped: number;
}

/** Gives each new row the segment of its nearest centre, without clustering again. */
export function runScoreJob(job: ScoreJob): ScoreResult {
  const { matrix, rows } = applyPreparation(job.raw, job.model.preparation);
  const { labels, distances } = assignToCentroids(matrix, Float64Array.from(job.model.centroids), job.model.k);
  let unfit = 0;
  for (let i = 0; i < labels.length; i++) {
    if (distances[i] > job.model.distanceP99) {
      labels[i] = -1;
      unfit++;
    }
  }
  const rowids = Float64Array.from(rows, (r) => job.rowids[r]);
  return { segmentsIpc: segmentsToArrowIPC(rowids, labels, distances), scored: rows.length, unfit, dropped: job.raw.n - rows.length };
}
