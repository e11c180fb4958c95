import type { SplitTest, TreeLeaf, TreeNode } from '../ml/decision-tree.ts';

/** A column the tree may split on, as the rules name it. */
export type RuleColumn =
  | { name: string; kind: 'number'; integer: boolean }
  /** Values are whole days since 1970-01-01. */
  | { name: string; kind: 'date' }
  /** Codes 1..n name categories[code - 1]; 0 is every other value. */
  | { name: string; kind: 'category'; categories: string[] };

interface Step {
  test: SplitTest;
  /** True when the path takes the left branch (≤ threshold, or = category). */
  left: boolean;
  /** Whether rows missing this column go this way, and whether there were any. */
  missingHere: boolean;
  missing: number;
}

export interface RulePath {
  tests: Step[];
  leaf: TreeLeaf;
}

/** Every root-to-leaf path of the tree, left branches first. */
export function rulesOf(tree: TreeNode): RulePath[] {
  const out: RulePath[] = [];
  const walk = (node: TreeNode, tests: Step[]) => {
    if (node.kind === 'leaf') {
      out.push({ tests, leaf: node });
      return;
    }
    const step = (left: boolean): Step => ({ test: node.test, left, missingHere: node.missingLeft === left, missing: node.missing });
    walk(node.left, [...tests, step(true)]);
    walk(node.right, [...tests, step(false)]);
  };
  walk(tree, []);
  return out;
}

/**
 * The conditions of one path in words, one per column: thresholds on the same column merge
 * ("30 < recency ≤ 90"), and a category chosen makes the ones ruled out before it redundant.
 * `columns` lists the numeric columns first, then the categorical ones, as the tree numbers them.
 */
export function ruleText(steps: Step[], columns: RuleColumn[]): string[] {
  const nNumeric = columns.filter((c) => c.kind !== 'category').length;
  const groups = new Map<number, Step[]>();
  for (const step of steps) {
    const at = step.test.kind === 'numeric' ? step.test.column : nNumeric + step.test.column;
    groups.set(at, [...(groups.get(at) ?? []), step]);
  }
  return [...groups].map(([at, group]) => {
    const column = columns[at];
    // A missing row reaches this leaf only if every split on the column sent it this way.
    const orMissing = group.every((s) => s.missingHere) && group.some((s) => s.missing > 0) ? ' (or missing)' : '';
    return (column.kind === 'category' ? categoryText(column, group) : rangeText(column, group)) + orMissing;
  });
}

function rangeText(column: Exclude<RuleColumn, { kind: 'category' }>, steps: Step[]): string {
  let above = -Infinity;
  let atMost = Infinity;
  for (const { test, left } of steps) {
    if (test.kind !== 'numeric') continue;
    if (left) atMost = Math.min(atMost, test.threshold);
    else above = Math.max(above, test.threshold);
  }
  const show = (t: number) => formatThreshold(column, t);
  if (above > -Infinity && atMost < Infinity) return `${show(above)} < ${column.name} ≤ ${show(atMost)}`;
  return above > -Infinity ? `${column.name} > ${show(above)}` : `${column.name} ≤ ${show(atMost)}`;
}

function categoryText(column: Extract<RuleColumn, { kind: 'category' }>, steps: Step[]): string {
  const name = (code: number) => column.categories[code - 1] ?? 'other';
  const chosen = steps.find((s) => s.left && s.test.kind === 'category');
  if (chosen && chosen.test.kind === 'category') return `${column.name} is ${name(chosen.test.code)}`;
  const excluded = steps.flatMap((s) => (s.test.kind === 'category' ? [name(s.test.code)] : []));
  return excluded.length === 1 ? `${column.name} is not ${excluded[0]}` : `${column.name} is neither ${excluded.slice(0, -1).join(', ')} nor ${excluded.at(-1)}`;
}

/**
 * A threshold as the reader should see it. Whole numbers and days split halfway between two
 * values, so "≤ 30.5" is "≤ 30" and "> 30.5" is "> 30" for them; other numbers keep enough
 * digits to stay between the two values they separate.
 */
export function formatThreshold(column: Exclude<RuleColumn, { kind: 'category' }>, t: number): string {
  if (column.kind === 'date') return new Date(Math.floor(t) * 86_400_000).toISOString().slice(0, 10);
  if (column.integer) return Math.floor(t).toLocaleString('en');
  const digits = Math.min(21, Math.max(3, Math.floor(Math.log10(Math.abs(t) || 1)) + 2));
  return t.toLocaleString('en', { maximumSignificantDigits: digits });
}
