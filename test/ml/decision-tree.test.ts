import { describe, expect, it } from 'vitest';
import { fitTree, predict, type TreeData, type TreeNode, type TreeSplit } from '../../src/ml/decision-tree.ts';
import { Random } from '../../src/ml/random.ts';
import { defaultMinLeaf, runTreeJob } from '../../src/ml/tree-job.ts';
import { loadOracle, oraclesAvailable } from './oracles.ts';

function data(numeric: number[][], classes: number[], categorical: number[][] = []): TreeData {
  return {
    numeric: numeric.map((c) => Float64Array.from(c)),
    categorical: categorical.map((c) => Int32Array.from(c)),
    classes: Int32Array.from(classes),
    nClasses: Math.max(...classes) + 1,
  };
}

function split(node: TreeNode): TreeSplit {
  if (node.kind !== 'split') throw new Error(`expected a split, got a leaf predicting ${node.prediction}`);
  return node;
}

// Classes 0 0 1 0 1 1 along a = 1..6. Size-weighted Gini Σ(n − Σcount²/n) of each cut, by hand:
// 1.5 → 0 + (5 − 13/5) = 2.4; 2.5 → 0 + (4 − 10/4) = 1.5; 3.5 → 4/3 + 4/3 = 2.667;
// 4.5 → (4 − 10/4) + 0 = 1.5; 5.5 → 2.4. The parent scores 6 − 18/6 = 3.
const Y = [0, 0, 1, 0, 1, 1];
const A = [1, 2, 3, 4, 5, 6];

describe('decision tree', () => {
  it('splits at the midpoint with the lowest weighted Gini, the lower threshold winning a tie', () => {
    const root = split(fitTree(data([A], Y), { maxDepth: 1, minLeaf: 1 }));
    expect(root.test).toEqual({ kind: 'numeric', column: 0, threshold: 2.5 });
    expect(root.left).toMatchObject({ kind: 'leaf', size: 2, counts: [2, 0], prediction: 0 });
    expect(root.right).toMatchObject({ kind: 'leaf', size: 4, counts: [1, 3], prediction: 1 });
  });

  it('keeps every leaf at least minLeaf rows, even at a worse impurity', () => {
    const root = split(fitTree(data([A], Y), { maxDepth: 1, minLeaf: 3 }));
    expect(root.test).toEqual({ kind: 'numeric', column: 0, threshold: 3.5 });
  });

  it('prefers a categorical one-vs-rest split that separates the classes perfectly', () => {
    const tree = fitTree(data([A], Y, [[1, 1, 2, 1, 2, 2]]), { maxDepth: 3, minLeaf: 1 });
    // Code 1 against the rest and code 2 against the rest tie at 0; the lower code wins.
    expect(split(tree).test).toEqual({ kind: 'category', column: 0, code: 1 });
    expect(split(tree).left).toMatchObject({ kind: 'leaf', counts: [3, 0] });
    expect(split(tree).right).toMatchObject({ kind: 'leaf', counts: [0, 3] });
  });

  it('sends rows with a missing value to the larger child, and counts them in its impurity', () => {
    // Row 3 (class 1) has no value. Present: 0 0 · 0 1 1 at 1 2 4 5 6. Cut 3 (between 2 and 4) puts
    // 2 left and 3 right, so the missing row joins the right: 0 + (4 − 10/4) = 1.5. Cut 4.5 puts 3
    // left, 2 right, so it joins the left: (4 − 10/4) + 0 = 1.5. The tie goes to 3.
    const d = data([[1, 2, NaN, 4, 5, 6]], Y);
    const root = split(fitTree(d, { maxDepth: 1, minLeaf: 1 }));
    expect(root.test).toEqual({ kind: 'numeric', column: 0, threshold: 3 });
    expect(root.missingLeft).toBe(false);
    expect(root.missing).toBe(1);
    expect(root.right.size).toBe(4);
    expect(predict(root, d, 2)).toBe(1);
  });

  it('stops at the maximum depth, with no sibling leaves that predict the same class', () => {
    const deep = fitTree(data([A], Y), { maxDepth: 3, minLeaf: 1 });
    const depth = (node: TreeNode): number => (node.kind === 'leaf' ? 0 : 1 + Math.max(depth(node.left), depth(node.right)));
    expect(depth(deep)).toBeLessThanOrEqual(3);
    const leaves = (node: TreeNode): TreeNode[] => (node.kind === 'leaf' ? [node] : [...leaves(node.left), ...leaves(node.right)]);
    const visit = (n: TreeNode) => {
      if (n.kind !== 'split') return;
      if (n.left.kind === 'leaf' && n.right.kind === 'leaf') expect(n.left.prediction).not.toBe(n.right.prediction);
      visit(n.left);
      visit(n.right);
    };
    visit(deep);
    // Depth 3 is enough to get all six rows right.
    expect(leaves(deep).every((l) => l.counts[l.prediction] === l.size)).toBe(true);
  });

  it('merges a split whose two leaves predict the same class back into one leaf', () => {
    // Cut 4.5 lowers the impurity (1.75 → 1.5), but both sides still predict class 0.
    const tree = fitTree(data([[1, 2, 3, 4, 5, 6, 7, 8]], [0, 0, 0, 0, 1, 0, 0, 0]), { maxDepth: 1, minLeaf: 1 });
    expect(tree).toMatchObject({ kind: 'leaf', size: 8, counts: [7, 1], prediction: 0 });
  });

  it('makes no split when no column lowers the impurity', () => {
    const tree = fitTree(data([[1, 1, 1, 1]], [0, 1, 0, 1]), { maxDepth: 3, minLeaf: 1 });
    expect(tree).toMatchObject({ kind: 'leaf', size: 4, counts: [2, 2], prediction: 0 });
  });
});

describe('tree job', () => {
  it('reports accuracy on a seeded 30% hold-out from 200 rows on, the same for the same seed', () => {
    const random = new Random(5);
    const n = 400;
    const x = Float64Array.from({ length: n }, () => random.next());
    const classes = Int32Array.from(x, (v) => (v + 0.2 * (random.next() - 0.5) > 0.5 ? 1 : 0));
    const job = () => ({ numeric: [x.slice()], categorical: [], classes: classes.slice(), nClasses: 2, maxDepth: 2, minLeaf: defaultMinLeaf(n), seed: 3 });
    const a = runTreeJob(job());
    const b = runTreeJob(job());
    expect(a).toEqual(b);
    expect(a.holdout).toMatchObject({ train: 280, test: 120 });
    expect(a.accuracy).toBeGreaterThan(0.85);
    expect(a.holdout!.accuracy).toBeGreaterThan(0.8);
    expect(runTreeJob({ ...job(), seed: 4 }).holdout).not.toEqual(a.holdout);
    expect(runTreeJob({ ...job(), classes: classes.slice(0, 199), numeric: [x.slice(0, 199)] }).holdout).toBeNull();
  });

  it('refuses a depth outside 1 to 3', () => {
    const job = { numeric: [Float64Array.of(1, 2)], categorical: [], classes: Int32Array.of(0, 1), nClasses: 2, minLeaf: 1, seed: 1 };
    expect(() => runTreeJob({ ...job, maxDepth: 4 })).toThrow(/from 1 to 3: 4/);
    expect(() => runTreeJob({ ...job, maxDepth: 0 })).toThrow(/from 1 to 3: 0/);
  });
});

describe.skipIf(!oraclesAvailable)('decision tree on iris (needs ../shared/oracles)', () => {
  it('at depth 2 splits on petal length at 2.45, then petal width at 1.75, for the well-known 0.96 accuracy', () => {
    const iris = loadOracle('iris');
    const { data: raw, n, d } = iris.raw;
    const numeric = Array.from({ length: d }, (_, t) => Float64Array.from({ length: n }, (_, i) => raw[i * d + t]));
    const classes = Int32Array.from(iris.expected.truth_labels!);
    const result = runTreeJob({ numeric, categorical: [], classes, nClasses: 3, maxDepth: 2, minLeaf: defaultMinLeaf(n), seed: 0 });
    expect(result.accuracy).toBeCloseTo(0.96, 12);
    expect(result.holdout).toBeNull();
    const root = split(result.tree);
    // Petal length ≤ 2.45 and petal width ≤ 0.8 both set setosa apart; the earlier column wins.
    expect(iris.features[root.test.column]).toBe('petal_length');
    expect(root.test).toMatchObject({ kind: 'numeric', threshold: 2.45 });
    expect(root.left).toMatchObject({ kind: 'leaf', size: 50, counts: [50, 0, 0] });
    const right = split(root.right);
    expect(iris.features[right.test.column]).toBe('petal_width');
    expect(right.test).toMatchObject({ kind: 'numeric', threshold: 1.75 });
    expect(right.left).toMatchObject({ size: 54, counts: [0, 49, 5] });
    expect(right.right).toMatchObject({ size: 46, counts: [0, 1, 45] });
  });
});
