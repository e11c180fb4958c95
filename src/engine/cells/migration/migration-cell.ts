import type { Row } from '../../../db/database.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import { comparableKey } from '../../join-keys.ts';
import type { MigrationCell } from './model.ts';
import { keyProblemsSql, migrationTableSql } from './migration-sql.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { compareSegmentLabels, GONE_CUSTOMERS, NEW_CUSTOMERS, sortSegmentLabels } from '../../segment-labels.ts';
import { checkSegmentCount, requireColumn, tableColumns } from '../../table-checks.ts';
import { SettingsError } from '../settings-error.ts';

/** A matrix wider than this cannot be read; such a column is not a segmentation. */
const MAX_SEGMENTS = 30;
/** How many of the largest moves the summary lists. */
const TOP_MOVES = 5;

/** One cell of the transition matrix. */
export interface Move {
  from: string;
  to: string;
  customers: number;
  /** Share of the customers in `from` who went to `to`. */
  rowShare: number;
}

/** What a finished migration cell found, for its view. */
export interface MigrationSummary {
  /** Row labels in order: the earlier segments, then "(new)" when there are new customers. */
  from: string[];
  /** Column labels in order: the later segments, then "(gone)" when customers left. */
  to: string[];
  /** Every non-empty cell of the matrix, rows in `from` order, columns in `to` order. */
  moves: Move[];
  /** Customers in either table. */
  customers: number;
  /** Customers in both tables. */
  inBoth: number;
  newCustomers: number;
  gone: number;
  /** Customers in both tables whose label is the same in both. */
  stayed: number;
  /** stayed / inBoth; null when no customer is in both. */
  stayedShare: number | null;
  /** The largest moves between two real segments (not new, gone or staying), largest first. */
  topMoves: Move[];
}

export interface MigrationResult {
  kind: 'migration';
  migration: MigrationSummary;
}

/** Writes the transition matrix between two segmentations, with counts and row shares. */
export async function runMigrationCell(cell: MigrationCell, ctx: CellContext): Promise<CellOutcome<MigrationResult>> {
  const { db, signal } = ctx;
  const beforeColumns = await tableColumns(db, cell.before, 'earlier segments table');
  const afterColumns = await tableColumns(db, cell.after, 'later segments table');
  const beforeKey = requireColumn(beforeColumns, cell.before, cell.key, 'customer key column');
  const afterKey = requireColumn(afterColumns, cell.after, cell.key, 'customer key column');
  requireColumn(beforeColumns, cell.before, cell.beforeColumn, 'segment column');
  requireColumn(afterColumns, cell.after, cell.afterColumn, 'segment column');
  await checkSegmentCount(db, cell.before, cell.beforeColumn, MAX_SEGMENTS, signal);
  await checkSegmentCount(db, cell.after, cell.afterColumn, MAX_SEGMENTS, signal);

  const query = {
    output: cell.name,
    before: cell.before, beforeKey: comparableKey(cell.key, beforeKey.type, afterKey.type), beforeColumn: cell.beforeColumn,
    after: cell.after, afterKey: comparableKey(cell.key, afterKey.type, beforeKey.type), afterColumn: cell.afterColumn,
  };
  const notes = [
    ...(await keyNotes(ctx, cell.before, query.beforeKey, cell.key)),
    ...(await keyNotes(ctx, cell.after, query.afterKey, cell.key)),
  ];
  await db.exec(migrationTableSql(query), { signal });
  const rows = await db.query(`SELECT * FROM ${quoteIdentifier(cell.name)}`, { signal });
  if (rows.length === 0) throw new SettingsError(`"${cell.before}" and "${cell.after}" have no customers with a "${cell.key}": there is nothing to compare`);
  const summary = summarise(rows);
  if (summary.inBoth === 0) {
    notes.push(`no customer is in both "${cell.before}" and "${cell.after}": check that both tables use the same "${cell.key}" ids`);
  }
  return { rowCount: rows.length, notes, result: { kind: 'migration', migration: summary } };
}

async function keyNotes(ctx: CellContext, table: string, key: string, keyName: string): Promise<string[]> {
  const [problems] = await ctx.db.query(keyProblemsSql(table, key), { signal: ctx.signal });
  const notes: string[] = [];
  const noKey = Number(problems.no_key);
  const repeated = Number(problems.repeated);
  if (noKey > 0) notes.push(`${noKey.toLocaleString('en')} rows of "${table}" have no "${keyName}" and are left out`);
  if (repeated > 0) notes.push(`${repeated.toLocaleString('en')} rows of "${table}" repeat a "${keyName}"; each customer keeps the first label in sort order`);
  return notes;
}

function summarise(rows: Row[]): MigrationSummary {
  const moves: Move[] = rows.map((r) => ({
    from: String(r.from_segment), to: String(r.to_segment), customers: Number(r.customers), rowShare: Number(r.row_share),
  }));
  const from = sortSegmentLabels(moves.map((m) => m.from));
  const to = sortSegmentLabels(moves.map((m) => m.to));
  moves.sort((a, b) => compareSegmentLabels(a.from, b.from) || compareSegmentLabels(a.to, b.to));
  const sum = (pick: (m: Move) => boolean) => moves.filter(pick).reduce((total, m) => total + m.customers, 0);
  const real = (m: Move) => m.from !== NEW_CUSTOMERS && m.to !== GONE_CUSTOMERS;
  const inBoth = sum(real);
  const stayed = sum((m) => real(m) && m.from === m.to);
  const topMoves = moves
    .filter((m) => real(m) && m.from !== m.to)
    .sort((a, b) => b.customers - a.customers || compareSegmentLabels(a.from, b.from) || compareSegmentLabels(a.to, b.to))
    .slice(0, TOP_MOVES);
  return {
    from, to, moves,
    customers: sum(() => true),
    inBoth,
    newCustomers: sum((m) => m.from === NEW_CUSTOMERS),
    gone: sum((m) => m.to === GONE_CUSTOMERS),
    stayed,
    stayedShare: inBoth ? stayed / inBoth : null,
    topMoves,
  };
}
