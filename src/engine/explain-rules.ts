import type { Database } from '../db/database.ts';
import { describeTable } from '../db/catalog.ts';
import type { MlBackend } from '../ml/backend.ts';
import type { TreeNode } from '../ml/decision-tree.ts';
import { MAX_TREE_DEPTH, defaultMinLeaf, type TreeResult } from '../ml/tree-job.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import type { ProfileCell } from './cells/profile/model.ts';
import { ruleText, rulesOf, type RuleColumn } from './rule-text.ts';
import { isIntegerType, isNumericType } from '../db/column-types.ts';
import { SettingsError } from './cells/settings-error.ts';

/** A segment column with more values than this is not a segmentation. */
const MAX_SEGMENTS = 100;
/** Categorical columns keep their most common values; the rest split as one group. */
const MAX_CATEGORIES = 50;
/** The hold-out draw; fixed so the same table always gives the same figures. */
const SEED = 42;
const DATE = /^(DATE|TIMESTAMP)/;

export interface ExplainedRule {
  /** The segment's label as the segment column holds it. */
  segment: string;
  /** Each condition as the reader sees it, e.g. "monetary > 1,249.5". */
  conditions: string[];
  /** The whole rule: "If … then Champions (412 customers, 91% correct)". */
  text: string;
  customers: number;
  /** Share of the customers the rule covers that are in its segment. */
  correct: number;
}

export interface RulesExplanation {
  /** By segment, in the segment column's order; within a segment, largest rule first. */
  rules: ExplainedRule[];
  /** Segments no rule leads to. */
  unexplained: string[];
  accuracy: number;
  holdout: TreeResult['holdout'];
  rows: number;
  depth: number;
  columns: string[];
  notes: string[];
}

/** How a rule names a segment: "Champions", but "segment 3" rather than a bare number. */
export function segmentName(column: string, label: string): string {
  return /^-?\d+$/.test(label) ? `${column} ${label}` : label;
}

/** The columns "Explain in rules" uses: the cell's own choice, else the profile's columns. */
export function explainColumnsOf(cell: ProfileCell): string[] {
  const chosen = cell.explainColumns.length ? cell.explainColumns : [...cell.numeric, ...cell.categorical];
  return [...new Set(chosen)].filter((c) => c !== cell.segmentColumn);
}

/**
 * Fits a tree of at most `depth` levels that predicts the profile's segment column from its
 * columns, and words each leaf as an if-then rule with its size and how often it is right.
 */
export async function explainInRules(
  cell: ProfileCell, deps: { db: Database; ml: MlBackend; signal?: AbortSignal }, depth: number,
): Promise<RulesExplanation> {
  const { db, signal } = deps;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_TREE_DEPTH) throw new SettingsError(`the depth must be 1, 2 or 3: ${depth}`);
  if (!cell.input) throw new SettingsError(`choose an input table for "${cell.name}"`);
  const table = quoteIdentifier(cell.input);
  const described = await describeTable(db, cell.input).catch(() => {
    throw new SettingsError(`the input table "${cell.input}" does not exist: run the cell that makes it, or pick another input`);
  });
  const typeOf = new Map(described.map((c) => [c.name, c.type]));
  const names = explainColumnsOf(cell);
  for (const column of [cell.segmentColumn, ...names]) {
    if (!typeOf.has(column)) {
      throw new SettingsError(`the table "${cell.input}" has no column "${column}"; its columns are ${described.map((c) => c.name).join(', ')}`);
    }
  }
  if (!names.length) throw new SettingsError(`choose the columns the rules may use: "${cell.name}" has no profile or explain columns yet`);

  const segment = quoteIdentifier(cell.segmentColumn);
  const distinct = await db.query(
    `SELECT CAST(${segment} AS VARCHAR) AS s FROM ${table} WHERE ${segment} IS NOT NULL GROUP BY ${segment} ORDER BY ${segment} LIMIT ${MAX_SEGMENTS + 1}`,
    { signal },
  );
  if (distinct.length > MAX_SEGMENTS) {
    throw new SettingsError(`column "${cell.segmentColumn}" has more than ${MAX_SEGMENTS} distinct values, too many for a segment column: pick the column of segment labels`);
  }
  const segments = distinct.map((r) => String(r.s));
  if (segments.length < 2) {
    throw new SettingsError(`column "${cell.segmentColumn}" holds ${segments.length ? `one segment only (${segments[0]})` : 'no segments'}: there is nothing to tell apart`);
  }

  const columns: RuleColumn[] = [];
  const notes: string[] = [];
  for (const name of names) {
    const type = typeOf.get(name)!;
    if (isNumericType(type)) columns.push({ name, kind: 'number', integer: isIntegerType(type) });
    else if (DATE.test(type)) columns.push({ name, kind: 'date' });
    else {
      const col = quoteIdentifier(name);
      const rows = await db.query(
        `SELECT CAST(${col} AS VARCHAR) AS v FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, v LIMIT ${MAX_CATEGORIES + 1}`,
        { signal },
      );
      const categories = rows.slice(0, MAX_CATEGORIES).map((r) => String(r.v));
      if (rows.length > MAX_CATEGORIES) notes.push(`Only the ${MAX_CATEGORIES} most common values of "${name}" are used; the rest count as one group.`);
      columns.push({ name, kind: 'category', categories });
    }
  }

  const numeric = columns.filter((c) => c.kind !== 'category');
  const categorical = columns.filter((c) => c.kind === 'category');
  const list = `[${segments.map(quoteLiteral).join(', ')}]`;
  const selects = [`(list_position(${list}, CAST(${segment} AS VARCHAR)) - 1)::DOUBLE AS "cls"`];
  numeric.forEach((c, j) => selects.push(`coalesce(${numberExpression(c)}, 'NaN'::DOUBLE) AS "n${j}"`));
  categorical.forEach((c, j) => {
    const col = quoteIdentifier(c.name);
    const values = c.kind === 'category' && c.categories.length ? `[${c.categories.map(quoteLiteral).join(', ')}]` : '[]::VARCHAR[]';
    selects.push(`(CASE WHEN ${col} IS NULL THEN -1 ELSE coalesce(list_position(${values}, CAST(${col} AS VARCHAR)), 0) END)::DOUBLE AS "c${j}"`);
  });
  // Rows in the order of their values, so the hold-out draw is the same in the browser and in Node.
  const order = [...described.map((c) => quoteIdentifier(c.name)), 'rowid'].join(', ');
  const data = await db.queryColumns(`SELECT ${selects.join(', ')} FROM ${table} WHERE ${segment} IS NOT NULL ORDER BY ${order}`, { signal });
  const classes = Int32Array.from(data.cls);
  const rows = classes.length;

  const ordered = [...numeric, ...categorical];
  const result = await deps.ml.tree(
    {
      numeric: numeric.map((_, j) => data[`n${j}`]),
      categorical: categorical.map((_, j) => Int32Array.from(data[`c${j}`])),
      classes, nClasses: segments.length, maxDepth: depth, minLeaf: defaultMinLeaf(rows), seed: SEED,
    },
    { signal },
  );

  const rules = rulesOf(result.tree).map((path): ExplainedRule => {
    const conditions = ruleText(path.tests, ordered);
    const leaf = path.leaf;
    const customers = leaf.size;
    const correct = leaf.counts[leaf.prediction] / customers;
    const label = segmentName(cell.segmentColumn, segments[leaf.prediction]);
    const what = `${customers.toLocaleString('en')} customers, ${Math.round(correct * 100)}% correct`;
    const text = conditions.length ? `If ${conditions.join(' and ')} then ${label} (${what})` : `Everyone: ${label} (${what})`;
    return { segment: segments[leaf.prediction], conditions, text, customers, correct };
  });
  const rank = new Map(segments.map((s, i) => [s, i]));
  rules.sort((a, b) => rank.get(a.segment)! - rank.get(b.segment)! || b.customers - a.customers);
  const unexplained = segments.filter((s) => !rules.some((r) => r.segment === s));
  if (hasMissing(result.tree)) {
    notes.push('Customers with no value in a column a rule tests follow the branch that held more customers; those conditions say "or missing".');
  }
  if (unexplained.length) {
    notes.push(`No rule leads to ${unexplained.map((u) => segmentName(cell.segmentColumn, u)).join(', ')}: at this depth these customers look too much like those of other segments.`);
  }
  return { rules, unexplained, accuracy: result.accuracy, holdout: result.holdout, rows, depth, columns: ordered.map((c) => c.name), notes };
}

function numberExpression(c: RuleColumn): string {
  const col = quoteIdentifier(c.name);
  // Dates split by whole days; NaN and Infinity count as missing rather than as a value.
  if (c.kind === 'date') return `date_diff('day', DATE '1970-01-01', CAST(${col} AS DATE))::DOUBLE`;
  return `CASE WHEN isfinite(${col}::DOUBLE) THEN ${col}::DOUBLE END`;
}

function hasMissing(node: TreeNode): boolean {
  return node.kind === 'split' && (node.missing > 0 || hasMissing(node.left) || hasMissing(node.right));
}
