import { readFile } from 'node:fs/promises';
import { defaultReferenceSql, rfmSelectSql } from '../engine/cells/rfm/rfm-sql.ts';
import { buildRulesSql } from '../engine/cells/rules/rules-sql.ts';
import { buildScoreSql } from '../engine/cells/score/score-sql.ts';
import { DIALECTS, type Dialect } from '../engine/sql-dialect.ts';
import type { Cell, ClusterCell, Workbook } from '../engine/workbook.ts';
import { quoteLiteral } from '../db/sql-quote.ts';
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
  const sql = (() => {
    switch (cell.kind) {
      case 'cluster':
        return buildScoreSql(options.table ?? cell.input, fitted(cell), options.dialect);
      case 'score': {
        const source = wb.cells.find((c): c is ClusterCell => c.kind === 'cluster' && c.name === cell.model);
        if (!source) throw new RunnerError(`score cell "${cell.name}" applies "${cell.model}", but no cluster cell has that name`);
        return buildScoreSql(options.table ?? cell.input, fitted(source), options.dialect);
      }
      case 'rules': {
        const source = wb.sources.find((s) => s.name === cell.input);
        if (!source || source.schema.length === 0) {
          throw new RunnerError(`rules cell "${cell.name}" reads "${cell.input}", which is not a data source with remembered columns; point it at a source, or copy its SQL from the tab`);
        }
        return buildRulesSql(cell, source.schema, options.dialect);
      }
      case 'rfm': {
        const mapping = {
          input: cell.input, customer: cell.customer, date: cell.date, amount: cell.amount,
          invoice: cell.invoice || null, exclude: cell.exclude || null,
        };
        const reference = cell.referenceDate ? `DATE ${quoteLiteral(cell.referenceDate)}` : defaultReferenceSql(mapping);
        return rfmSelectSql(mapping, reference, cell.bins, cell.segmentMap, options.dialect);
      }
      default:
        throw new RunnerError(`cell "${options.cell}" is a ${cell.kind} cell; only cluster, score, rules and RFM cells have a SQL form`);
    }
  })();
  return `${sql};`;
}

const SQL_KINDS: readonly Cell['kind'][] = ['cluster', 'score', 'rules', 'rfm'];

function fitted(cell: ClusterCell) {
  if (!cell.model) {
    throw new RunnerError(`cluster cell "${cell.name}" has no fitted model in the workbook: run it with \`npm run segbook -- run WB.json --out DIR --save FITTED.json\`, or save the workbook from the tab after running it`);
  }
  return cell.model;
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
