import { readFile } from 'node:fs/promises';
import { CELL_KINDS, entryOf, kindEntry, kindLabel, type CellKind } from '../engine/cells/registry.ts';
import { SettingsError } from '../engine/cells/settings-error.ts';
import { DIALECTS, type Dialect } from '../engine/sql-dialect.ts';
import type { Workbook } from '../engine/workbook.ts';
import { parseWorkbook } from '../engine/workbook-format.ts';
import { RunnerError } from './runner-error.ts';

export const SQL_USAGE = 'usage: npm run segbook -- sql WORKBOOK.json --cell NAME [--dialect duckdb|postgres] [--table TABLE]';

export const SQL_HELP = `  sql WORKBOOK.json     Print one SQL query that does what the cell NAME does, to run where the data lives:
                        a cluster or score cell's fitted model (preparation, nearest centre, distance,
                        NULL segment beyond the model's threshold), a rules cell or an RFM cell.
                        --cell NAME (required), --dialect duckdb|postgres (default duckdb),
                        --table TABLE: the table to score, for cluster and score cells (default: the cell's input).`;

export interface SqlOptions {
  workbookPath: string;
  cell: string;
  dialect: Dialect;
  table: string | null;
}

export function parseSqlArgs(argv: string[]): SqlOptions {
  const [workbookPath, ...rest] = argv;
  if (!workbookPath || workbookPath.startsWith('--')) throw new RunnerError(`sql needs a workbook file\n${SQL_USAGE}`);
  const options: SqlOptions = { workbookPath, cell: '', dialect: 'duckdb', table: null };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (!['--cell', '--dialect', '--table'].includes(flag)) throw new RunnerError(`unknown option: "${flag}"\n${SQL_USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new RunnerError(`${flag} needs a value\n${SQL_USAGE}`);
    if (flag === '--cell') options.cell = value;
    else if (flag === '--table') options.table = value;
    else {
      const dialect = DIALECTS.find((d) => d === value);
      if (!dialect) throw new RunnerError(`--dialect must be duckdb or postgres: "${value}"`);
      options.dialect = dialect;
    }
  }
  if (!options.cell) throw new RunnerError(`--cell NAME is required\n${SQL_USAGE}`);
  return options;
}

/** Reads the workbook and returns the query of the named cell. */
export async function sqlForCell(options: SqlOptions): Promise<string> {
  const text = await readFile(options.workbookPath, 'utf8').catch(() => {
    throw new RunnerError(`cannot read workbook ${options.workbookPath}: no such file`);
  });
  return cellSql(parseWorkbook(text, options.workbookPath), options);
}

export function cellSql(wb: Workbook, options: Omit<SqlOptions, 'workbookPath'>): string {
  const cell = wb.cells.find((c) => 'name' in c && c.name === options.cell);
  if (!cell) {
    const names = wb.cells.filter((c) => SQL_KINDS.includes(c.kind)).map((c) => ('name' in c ? c.name : '')).filter(Boolean);
    throw new RunnerError(`the workbook has no cell named "${options.cell}"; cells with a SQL form: ${names.join(', ') || 'none'}`);
  }
  const entry = entryOf(cell);
  if (!entry.sqlForm) throw new RunnerError(`cell "${options.cell}" is a ${cell.kind} cell; only ${sqlKindNames()} cells have a SQL form`);
  try {
    return `${entry.sqlForm(cell, { dialect: options.dialect, table: options.table, sources: wb.sources, cells: wb.cells })};`;
  } catch (e) {
    // A cell that cannot have its SQL yet is the command's problem to report, without a stack.
    if (e instanceof SettingsError) throw new RunnerError(e.message);
    throw e;
  }
}

const SQL_KINDS: readonly CellKind[] = CELL_KINDS.filter((kind) => kindEntry(kind)?.sqlForm);

/** "RFM, Rule segments, Cluster and Score": the kinds with a SQL form, as the user calls them. */
function sqlKindNames(): string {
  const names = SQL_KINDS.map(kindLabel);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
}

/** The `sql` subcommand: prints the query on stdout. */
export async function runSqlCommand(argv: string[]): Promise<void> {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    console.log(`${SQL_USAGE}\n\n${SQL_HELP}`);
    return;
  }
  const query = await sqlForCell(parseSqlArgs(argv));
  process.stdout.write(`${query}\n`);
}
