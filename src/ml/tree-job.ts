import { fitTree, predict, sortColumns, type TreeData, type TreeNode } from './decision-tree.ts';
import { Random } from './random.ts';

/** A tree deeper than this no longer reads as a handful of rules. */
export const MAX_TREE_DEPTH = 3;
/** Below this many rows a hold-out is too small to say anything; the accuracy is then on the training rows only. */
export const HOLDOUT_MIN_ROWS = 200;
export const HOLDOUT_SHARE = 0.3;

/** A shallow decision tree that predicts the segment from the original columns. */
export interface TreeJob extends TreeData {
  /** 1 to MAX_TREE_DEPTH. */
  maxDepth: number;
  minLeaf: number;
  /** Picks the hold-out rows. */
  seed: number;
}

export interface TreeResult {
  /** Fitted on every row; leaf sizes and counts are over every row. */
  tree: TreeNode;
  rows: number;
  /** Share of rows whose segment the tree gets right. */
  accuracy: number;
  /** The same kind of tree fitted on the other rows, scored on a seeded share it never saw. */
  holdout: { accuracy: number; train: number; test: number } | null;
}

/** Rows a leaf must hold at least: 1% of the rows, and 20 where there are enough rows for it. */
export function defaultMinLeaf(rows: number): number {
  return Math.max(1, Math.min(Math.max(20, Math.ceil(rows / 100)), Math.floor(rows / 4)));
}

export function runTreeJob(job: TreeJob): TreeResult {
  const n = job.classes.length;
  if (!Number.isInteger(job.maxDepth) || job.maxDepth < 1 || job.maxDepth > MAX_TREE_DEPTH) {
    throw new RangeError(`the depth must be a whole number from 1 to ${MAX_TREE_DEPTH}: ${job.maxDepth}`);
  }
  if (n === 0) throw new RangeError('there are no rows to explain');
  for (const column of [...job.numeric, ...job.categorical]) {
    if (column.length !== n) throw new RangeError(`every column needs ${n} values, one has ${column.length}`);
  }
  for (const c of job.classes) if (!(c >= 0 && c < job.nClasses)) throw new RangeError(`class codes must be from 0 to ${job.nClasses - 1}: ${c}`);
  const options = { maxDepth: job.maxDepth, minLeaf: job.minLeaf };
  const order = sortColumns(job);
  const tree = fitTree(job, options, undefined, order);
  return { tree, rows: n, accuracy: accuracyOn(tree, job, null), holdout: n >= HOLDOUT_MIN_ROWS ? holdout(job, options, order) : null };
}

function holdout(job: TreeJob, options: { maxDepth: number; minLeaf: number }, order: Int32Array[]): TreeResult['holdout'] {
  const n = job.classes.length;
  const test = new Random(job.seed).sample(n, Math.round(n * HOLDOUT_SHARE));
  const isTest = new Uint8Array(n);
  for (const r of test) isTest[r] = 1;
  const train = Int32Array.from({ length: n }, (_, i) => i).filter((r) => !isTest[r]);
  const tree = fitTree(job, options, train, order);
  return { accuracy: accuracyOn(tree, job, test), train: train.length, test: test.length };
}

function accuracyOn(tree: TreeNode, data: TreeData, rows: Int32Array | null): number {
  const count = rows ? rows.length : data.classes.length;
  let right = 0;
  for (let i = 0; i < count; i++) {
    const r = rows ? rows[i] : i;
    if (predict(tree, data, r) === data.classes[r]) right++;
  }
  return right / count;
}
