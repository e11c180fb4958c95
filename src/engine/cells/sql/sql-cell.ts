import type { Database } from '../../../db/database.ts';
import { extensionRefusal } from '../../../db/lockdown.ts';
import type { CellError } from '../context.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import { splitStatements, withoutComments } from '../../sql-statements.ts';
import type { SqlCell } from './model.ts';

export { splitStatements };

/** Thrown for problems with a cell's own text, found before it reaches the database. */
export class CellTextError extends Error {
  override name = 'CellTextError';
}

/** Statements that fetch or load DuckDB extensions, which the lockdown refuses: said plainly rather than as a syntax error. */
const EXTENSION = /^\s*(install|load|force\s+install)\b/i;

const WRAPPED = /^\s*(describe|summarize|show|pivot|unpivot)\b/i;

/**
 * The statement that stores a SQL cell's result as its table. The user's text starts on line 2,
 * so the database's "LINE n" positions map back to the cell by subtracting one.
 */
export function materializeSql(cell: SqlCell): string {
  const statements = splitStatements(cell.sql);
  if (statements.length === 0) {
    throw new CellTextError(`cell ${cell.name} is empty: write a query, such as SELECT * FROM some_table`);
  }
  if (statements.length > 1) {
    throw new CellTextError(
      `cell ${cell.name} holds ${statements.length} statements; a SQL cell holds one query, whose result becomes table ${cell.name}. Split it into ${statements.length} cells`,
    );
  }
  if (EXTENSION.test(withoutComments(statements[0]))) throw new CellTextError(`cell ${cell.name}: ${extensionRefusal()}`);
  const body = cell.sql.slice(0, cell.sql.lastIndexOf(statements[0]) + statements[0].length);
  const target = quoteIdentifier(cell.name);
  // DESCRIBE and friends cannot follow AS directly, but they can be a subquery.
  if (WRAPPED.test(withoutComments(body))) return `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM (\n${body}\n)`;
  return `CREATE OR REPLACE TABLE ${target} AS\n${body}`;
}

export async function runSqlCell(db: Database, cell: SqlCell, signal: AbortSignal): Promise<{ rowCount: number }> {
  await db.exec(materializeSql(cell), { signal });
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(cell.name)}`, { signal });
  return { rowCount: Number(n) };
}

/**
 * Turns a database error into a message for the cell, with the position it points at mapped
 * back into the cell's own text.
 */
export function sqlCellError(error: unknown, sql: string): CellError {
  const text = error instanceof Error ? error.message : String(error);
  const match = /\n\s*LINE (\d+): ([^\n]*)\n( *)\^/.exec(text);
  const message = text.replace(/\n\s*LINE \d+:[\s\S]*$/, '').trim();
  if (!match) return { message };
  const line = Number(match[1]) - 1;
  const lines = sql.split('\n');
  if (line < 1 || line > lines.length) return { message };
  const shown = match[2];
  const caret = match[3].length - `LINE ${match[1]}: `.length;
  let column = caret + 1;
  // Long lines are shown cut, with "..." at either end; find the shown part in the real line.
  if (shown.startsWith('...')) {
    const snippet = shown.slice(3).replace(/\.\.\.$/, '');
    const at = lines[line - 1].indexOf(snippet.slice(0, Math.min(snippet.length, 40)));
    column = at >= 0 ? at + caret - 3 + 1 : 1;
  }
  return { message, line, column: Math.max(1, Math.min(column, lines[line - 1].length + 1)) };
}
