import { referencedNames } from '../../sql-references.ts';
import type { CellKindEntry } from '../kind.ts';
import { readSqlCell, type SqlCell } from './model.ts';
import { CellTextError, runSqlCell, sqlCellError } from './sql-cell.ts';

export const sqlKind: CellKindEntry<SqlCell> = {
  kind: 'sql',
  label: 'SQL',
  read: readSqlCell,
  create: ({ id, input, name, sqlCells }) => ({
    id, kind: 'sql', name: name(`query_${sqlCells + 1}`),
    sql: input ? `SELECT *\nFROM ${input}\nLIMIT 100` : 'SELECT 42 AS answer',
  }),
  reads: (cell) => referencedNames(cell.sql),
  writes: (cell) => [cell.name],
  run: (cell, ctx) => runSqlCell(ctx.db, cell, ctx.signal),
  // DuckDB reports no progress inside a statement; saying what runs is what the cell can show.
  startLine: 'running the query in DuckDB',
  // The database's own message points into the text the cell wraps; map it back to the user's text.
  describeError: (e, cell) => (e instanceof CellTextError ? { message: e.message } : sqlCellError(e, cell.sql)),
};
