import { quoteIdentifier } from '../../../db/sql-quote.ts';
import { requireColumn, tableColumns } from '../../table-checks.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import type { SampleCell } from './model.ts';
import { WORK_PREFIX, sampleSql } from './sample-sql.ts';
import { SettingsError } from '../settings-error.ts';

export interface SampleResult {
  kind: 'sample';
  sample: {
    /** Rows taken, of the input's rows. */
    rows: number;
    of: number;
    /** How many strata the rows were taken from; null for a random sample. */
    strata: number | null;
  };
}

/** Writes a seeded random or stratified sample of the input's rows. */
export async function runSampleCell(cell: SampleCell, ctx: CellContext): Promise<CellOutcome<SampleResult>> {
  const fail = (what: string): never => {
    throw new SettingsError(`cell ${cell.name}: ${what}`);
  };
  const columns = await tableColumns(ctx.db, cell.input, 'input table');
  const clash = columns.find((c) => c.name.startsWith(WORK_PREFIX));
  if (clash) fail(`the input has a column "${clash.name}", and columns starting with ${WORK_PREFIX} are the sample's own: rename it in a SQL cell first`);
  const stratified = cell.method === 'stratified';
  if (stratified) {
    if (!cell.stratum) fail('choose the column whose values are the strata');
    requireColumn(columns, cell.input, cell.stratum ?? '', 'stratum column');
  }
  if (cell.unit === 'percent' && !(cell.size > 0 && cell.size <= 100)) {
    fail(`a share must be more than 0% and at most 100%, not ${cell.size}%: enter a percentage such as 10`);
  }
  if (cell.unit === 'rows' && !(Number.isInteger(cell.size) && cell.size >= 1)) {
    fail(`the size must be a whole number of rows, 1 or more, not ${cell.size}: enter a row count such as 1000, or give the size as a share`);
  }
  if (!Number.isSafeInteger(cell.seed)) fail(`the seed must be a whole number, not ${cell.seed}`);
  const [{ n }] = await ctx.db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(cell.input)}`, { signal: ctx.signal });
  const of = Number(n);
  if (cell.unit === 'rows' && cell.size > of) {
    fail(`it asks for ${cell.size.toLocaleString('en')} rows, but "${cell.input}" has ${of.toLocaleString('en')}: ask for at most ${of.toLocaleString('en')} rows, or give the size as a share`);
  }
  const sql = sampleSql({ input: cell.input, stratum: stratified ? cell.stratum : null, size: cell.size, unit: cell.unit, seed: cell.seed });
  await ctx.db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(cell.name)} AS\n${sql}`, { signal: ctx.signal });
  const [{ rows }] = await ctx.db.query(`SELECT count(*) AS rows FROM ${quoteIdentifier(cell.name)}`, { signal: ctx.signal });
  const strata = stratified
    ? Number((await ctx.db.query(`SELECT count(DISTINCT ${quoteIdentifier(cell.stratum ?? '')}) + max(CASE WHEN ${quoteIdentifier(cell.stratum ?? '')} IS NULL THEN 1 ELSE 0 END) AS s FROM ${quoteIdentifier(cell.input)}`, { signal: ctx.signal }))[0].s)
    : null;
  return { rowCount: Number(rows), result: { kind: 'sample', sample: { rows: Number(rows), of, strata } } };
}
