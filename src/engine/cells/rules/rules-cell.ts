import { describeTable } from '../../../db/catalog.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import type { RulesCell } from './model.ts';
import { RuleError, SEGMENT_COLUMN, buildRulesSql, segmentNames } from './rules-sql.ts';
import type { CellContext, CellOutcome } from '../context.ts';

/** What a finished rules cell found, for its view. */
export interface RulesSummary {
  /** Every segment in rule order, the else-segment last, with how many rows it got. */
  segments: Array<{ name: string; rows: number }>;
  /** The SELECT that made the table; it runs unchanged in a SQL cell. */
  sql: string;
  rows: number;
}

export interface RulesResult {
  kind: 'rules';
  rules: RulesSummary;
}

/** Gives each row of the input the first segment whose rule it meets and writes the table. */
export async function runRulesCell(cell: RulesCell, ctx: CellContext): Promise<CellOutcome<RulesResult>> {
  if (!cell.input) throw new RuleError(`cell ${cell.name}: choose an input table`);
  const columns = await describeTable(ctx.db, cell.input).catch(() => {
    throw new RuleError(`the input table "${cell.input}" does not exist: run the cell that makes it, or pick another input`);
  });
  const sql = buildRulesSql(cell, columns);
  await ctx.db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(cell.name)} AS\n${sql}`, { signal: ctx.signal });
  const counted = await ctx.db.query(
    `SELECT ${SEGMENT_COLUMN} AS name, count(*) AS n FROM ${quoteIdentifier(cell.name)} GROUP BY ALL`,
    { signal: ctx.signal },
  );
  const byName = new Map(counted.map((r) => [String(r.name), Number(r.n)]));
  const segments = segmentNames(cell).map((name) => ({ name, rows: byName.get(name) ?? 0 }));
  const rows = segments.reduce((sum, s) => sum + s.rows, 0);
  const empty = segments.slice(0, -1).filter((s) => s.rows === 0).map((s) => s.name);
  const notes = empty.length
    ? [`No rows in ${empty.map((n) => `"${n}"`).join(', ')}: no row meets ${empty.length === 1 ? 'its rule' : 'their rules'}, or a segment above takes them first.`]
    : [];
  return { rowCount: rows, notes, result: { kind: 'rules', rules: { segments, sql, rows } } };
}
