/**
 * A shallow CART classification tree with Gini impurity, on typed arrays. Numeric columns split
 * at midpoints between neighbouring distinct values; categorical columns split one category
 * against the rest. Rows with a missing value in the split column follow the larger child.
 */

export interface TreeData {
  /** One array per numeric column, NaN where the value is missing. */
  numeric: Float64Array[];
  /** One array per categorical column: 1-based category code, 0 for "other", -1 where missing. */
  categorical: Int32Array[];
  /** Class of each row, 0 to nClasses - 1. */
  classes: Int32Array;
  nClasses: number;
}

export interface TreeOptions {
  maxDepth: number;
  /** No child may hold fewer rows than this. */
  minLeaf: number;
}

interface NodeBase {
  size: number;
  /** Rows of each class that reach this node. */
  counts: number[];
  /** The majority class (the lowest class index among equals). */
  prediction: number;
}

export interface TreeLeaf extends NodeBase {
  kind: 'leaf';
}

/** Numeric: left is value ≤ threshold. Categorical: left is code = category. */
export type SplitTest = { kind: 'numeric'; column: number; threshold: number } | { kind: 'category'; column: number; code: number };

export interface TreeSplit extends NodeBase {
  kind: 'split';
  test: SplitTest;
  /** Where rows with a missing value go: the child that held more of the other rows. */
  missingLeft: boolean;
  /** Rows at this node whose value was missing when it was fitted. */
  missing: number;
  left: TreeNode;
  right: TreeNode;
}

export type TreeNode = TreeLeaf | TreeSplit;

/**
 * Fits a tree on `rows` of `data` (all rows when omitted). `order` (from sortColumns) can be
 * shared between fits on the same data, since sorting is most of the work.
 */
export function fitTree(data: TreeData, options: TreeOptions, rows?: Int32Array, order = sortColumns(data)): TreeNode {
  const { maxDepth, minLeaf } = options;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new RangeError(`maxDepth must be a whole number, 0 or more: ${maxDepth}`);
  if (!Number.isInteger(minLeaf) || minLeaf < 1) throw new RangeError(`minLeaf must be a whole number of at least 1: ${minLeaf}`);
  const n = data.classes.length;
  const all = rows ?? Int32Array.from({ length: n }, (_, i) => i);
  const mark = new Int32Array(n).fill(-1);
  let nextId = 0;

  const grow = (members: Int32Array, depth: number): TreeNode => {
    const counts = classCounts(data, members);
    const leaf: TreeLeaf = { kind: 'leaf', size: members.length, counts, prediction: majority(counts) };
    if (depth >= maxDepth || members.length < 2 * minLeaf || counts[leaf.prediction] === members.length) return leaf;
    const id = nextId++;
    for (const r of members) mark[r] = id;
    const best = bestSplit(data, order, mark, id, members.length, counts, minLeaf);
    if (!best) return leaf;
    const leftRows: number[] = [];
    const rightRows: number[] = [];
    for (const r of members) (goesLeft(data, best.test, best.missingLeft, r) ? leftRows : rightRows).push(r);
    const left = grow(Int32Array.from(leftRows), depth + 1);
    const right = grow(Int32Array.from(rightRows), depth + 1);
    // Two leaves that say the same thing are one rule, not two.
    if (left.kind === 'leaf' && right.kind === 'leaf' && left.prediction === right.prediction) return leaf;
    return { kind: 'split', size: members.length, counts, prediction: leaf.prediction, test: best.test, missingLeft: best.missingLeft, missing: best.missing, left, right };
  };
  return grow(all, 0);
}

/** The class the tree gives row `row` of `data`. */
export function predict(tree: TreeNode, data: Pick<TreeData, 'numeric' | 'categorical'>, row: number): number {
  let node = tree;
  while (node.kind === 'split') node = goesLeft(data, node.test, node.missingLeft, row) ? node.left : node.right;
  return node.prediction;
}

/** The leaf that row `row` reaches. */
export function leafOf(tree: TreeNode, data: Pick<TreeData, 'numeric' | 'categorical'>, row: number): TreeLeaf {
  let node = tree;
  while (node.kind === 'split') node = goesLeft(data, node.test, node.missingLeft, row) ? node.left : node.right;
  return node;
}

function goesLeft(data: Pick<TreeData, 'numeric' | 'categorical'>, test: SplitTest, missingLeft: boolean, row: number): boolean {
  if (test.kind === 'numeric') {
    const v = data.numeric[test.column][row];
    return Number.isNaN(v) ? missingLeft : v <= test.threshold;
  }
  const code = data.categorical[test.column][row];
  return code < 0 ? missingLeft : code === test.code;
}

interface Candidate {
  test: SplitTest;
  missingLeft: boolean;
  missing: number;
  /** Size-weighted Gini impurity of the two children: Σ (n_child − Σ count² / n_child). */
  score: number;
}

/**
 * The split with the lowest weighted impurity, or null when none lowers it. Ties go to the
 * earlier column (numeric columns first), then to the lower threshold or category code.
 */
function bestSplit(
  data: TreeData, order: Int32Array[], mark: Int32Array, id: number, size: number, counts: number[], minLeaf: number,
): Candidate | null {
  const parent = size - sumSquares(counts) / size;
  const eps = 1e-12 * size;
  let best: Candidate | null = null;
  const consider = (c: Candidate) => {
    if (c.score < parent - eps && (!best || c.score < best.score - eps)) best = c;
  };
  data.numeric.forEach((values, column) => numericSplits(values, column, order[column], mark, id, size, counts, data.classes, minLeaf, consider));
  data.categorical.forEach((codes, column) => categorySplits(codes, column, mark, id, data, minLeaf, consider));
  return best;
}

function numericSplits(
  values: Float64Array, column: number, sorted: Int32Array, mark: Int32Array, id: number, size: number,
  counts: number[], classes: Int32Array, minLeaf: number, consider: (c: Candidate) => void,
): void {
  const k = counts.length;
  const present = new Float64Array(k);
  let nPresent = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (mark[r] === id) (present[classes[r]]++, nPresent++);
  }
  if (nPresent < 2) return;
  const missing = counts.map((c, j) => c - present[j]);
  const nMissing = size - nPresent;
  const missingSq = sumSquares(missing);
  let presentMissing = 0;
  for (let j = 0; j < k; j++) presentMissing += present[j] * missing[j];
  const left = new Float64Array(k);
  let nLeft = 0;
  let sqLeft = 0;
  let sqRight = sumSquares(present);
  let leftMissing = 0;
  let previous = NaN;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (mark[r] !== id) continue;
    const v = values[r];
    if (nLeft > 0 && v !== previous) {
      const nRight = nPresent - nLeft;
      const missingLeft = nLeft >= nRight;
      // The missing rows join one side: its Σ count² gains 2 Σ side·missing + Σ missing².
      const a = missingLeft ? nLeft + nMissing : nLeft;
      const b = missingLeft ? nRight : nRight + nMissing;
      if (a >= minLeaf && b >= minLeaf) {
        const sa = missingLeft ? sqLeft + 2 * leftMissing + missingSq : sqLeft;
        const sb = missingLeft ? sqRight : sqRight + 2 * (presentMissing - leftMissing) + missingSq;
        // As scikit-learn: the midpoint, unless rounding lands it on the upper value.
        const mid = (previous + v) / 2;
        const threshold = mid === v || !Number.isFinite(mid) ? previous : mid;
        consider({ test: { kind: 'numeric', column, threshold }, missingLeft, missing: nMissing, score: a - sa / a + (b - sb / b) });
      }
    }
    const c = classes[r];
    sqLeft += 2 * left[c] + 1;
    sqRight -= 2 * (present[c] - left[c]) - 1;
    left[c]++;
    nLeft++;
    leftMissing += missing[c];
    previous = v;
  }
}

function categorySplits(
  codes: Int32Array, column: number, mark: Int32Array, id: number, data: TreeData, minLeaf: number, consider: (c: Candidate) => void,
): void {
  const k = data.nClasses;
  let maxCode = 0;
  for (let r = 0; r < codes.length; r++) if (mark[r] === id && codes[r] > maxCode) maxCode = codes[r];
  if (maxCode === 0) return;
  // byCode[code * k + class]; code -1 (missing) is counted apart.
  const byCode = new Float64Array((maxCode + 1) * k);
  const missing = new Float64Array(k);
  const present = new Float64Array(k);
  for (let r = 0; r < codes.length; r++) {
    if (mark[r] !== id) continue;
    const c = data.classes[r];
    if (codes[r] < 0) missing[c]++;
    else (byCode[codes[r] * k + c]++, present[c]++);
  }
  const nMissing = sum(missing);
  const nPresent = sum(present);
  const inSide = new Float64Array(k);
  const outSide = new Float64Array(k);
  // "Other" groups the rarer categories; a rule about it would tell the reader nothing.
  for (let code = 1; code <= maxCode; code++) {
    let nIn = 0;
    for (let j = 0; j < k; j++) (inSide[j] = byCode[code * k + j]), (nIn += inSide[j]);
    const nOut = nPresent - nIn;
    if (nIn === 0 || nOut === 0) continue;
    for (let j = 0; j < k; j++) outSide[j] = present[j] - inSide[j];
    const missingLeft = nIn >= nOut;
    for (let j = 0; j < k; j++) (missingLeft ? inSide : outSide)[j] += missing[j];
    const a = nIn + (missingLeft ? nMissing : 0);
    const b = nOut + (missingLeft ? 0 : nMissing);
    if (a < minLeaf || b < minLeaf) continue;
    consider({ test: { kind: 'category', column, code }, missingLeft, missing: nMissing, score: a - sumSquares(inSide) / a + (b - sumSquares(outSide) / b) });
  }
}

/**
 * Per numeric column, the rows with a value in increasing order of value (ties by row). A node
 * reads its own rows off this order, so each column is sorted once per tree, not once per node.
 */
export function sortColumns(data: Pick<TreeData, 'numeric'>): Int32Array[] {
  return data.numeric.map((values) => {
    const present: number[] = [];
    for (let r = 0; r < values.length; r++) if (!Number.isNaN(values[r])) present.push(r);
    return Int32Array.from(present).sort((a, b) => values[a] - values[b] || a - b);
  });
}

function classCounts(data: TreeData, rows: Int32Array): number[] {
  const counts = new Array<number>(data.nClasses).fill(0);
  for (const r of rows) counts[data.classes[r]]++;
  return counts;
}

function majority(counts: number[]): number {
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
  return best;
}

function sumSquares(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return s;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
