import type { Row } from '../../../db/database.ts';
import { describeTable } from '../../../db/catalog.ts';
import type { CellContext, CellOutcome, Lineage } from '../context.ts';
import type { ProfileCell } from './model.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import type { ColumnMeanings } from '../../persona-traits.ts';
import { compareSegmentLabels } from '../../segment-labels.ts';
import { categoricalSql, numericSql, previousSizesSql, sizesSql, type ProfileSource } from './profile-sql.ts';
import { writeValuesTable, type CellValue } from '../../segment-tables.ts';
import type { ColumnSpec } from '../../column-types.ts';
import { isBooleanType, isNumericType } from '../../../db/column-types.ts';
import { SettingsError } from '../settings-error.ts';

/** A segment column with more values than this is not a segmentation. */
const MAX_SEGMENTS = 100;

// A BOOLEAN column is described as a 0/1 share, so it may be a numeric column of a profile.
const isNumberLike = (type: string) => isNumericType(type) || isBooleanType(type);

export interface NumericStat {
  column: string;
  mean: number | null;
  median: number | null;
  /** The mean of everyone outside the segment. */
  restMean: number | null;
  /** Standardised difference from everyone else (Cohen's d with the pooled sd). */
  z: number | null;
}

export interface CategoryShare {
  value: string;
  share: number;
  popShare: number;
  lift: number;
}

export interface SegmentProfile {
  label: string;
  size: number;
  share: number;
  value: number | null;
  valueShare: number | null;
  valuePerCustomer: number | null;
  /** In the order of ProfileSummary.numeric. */
  numeric: NumericStat[];
  /** In the order of ProfileSummary.categorical; each column's most common values first. */
  categorical: Array<{ column: string; values: CategoryShare[] }>;
  /** Share of the segment's customers with a known P(alive) below the threshold. */
  churnRiskShare: number | null;
  meanPAlive: number | null;
  previousSize: number | null;
  /** Size now / size in the earlier snapshot - 1; null when it was not there. */
  growth: number | null;
}

/** What a finished profile cell found, for its view, its personas and its report. */
export interface ProfileSummary {
  input: string;
  segmentColumn: string;
  valueColumn: string | null;
  /** What the user (the value column) and the cells upstream say the columns mean. */
  meanings: ColumnMeanings;
  /** Labels a rules or RFM cell upstream gave as names: a persona keeps them as its name. */
  namedLabels: string[];
  rows: number;
  totalValue: number | null;
  numeric: Array<{ column: string; mean: number | null; median: number | null }>;
  categorical: string[];
  churnThreshold: number | null;
  hasGrowth: boolean;
  segments: SegmentProfile[];
}

/** Cluster outputs carry these; they describe the clustering, not the customers. */
const CLUSTER_ARTEFACTS = new Set(['distance', 'fits_segment']);

export function isIdColumn(name: string): boolean {
  const n = name.toLowerCase();
  return /(^|_)(id|key|no|number)$/.test(n) || /^(customer|client|user|member|account|invoice|order)(id|key|no)$/.test(n.replace(/[^a-z]/g, '')) || /[a-z]ID$/.test(name);
}

/** The numeric columns a profile describes when the user has chosen none: all but ids and the segment. */
export function defaultNumericColumns(columns: readonly ColumnSpec[], segmentColumn: string): string[] {
  return columns
    .filter((c) => isNumericType(c.type))
    .map((c) => c.name)
    .filter((n) => n !== segmentColumn && !isIdColumn(n) && !CLUSTER_ARTEFACTS.has(n));
}

export interface ProfileResult {
  kind: 'profile';
  profile: ProfileSummary;
}

/** Describes each segment of the input by its size, value and columns, and writes one row per segment. */
export async function runProfileCell(cell: ProfileCell, ctx: CellContext): Promise<CellOutcome<ProfileResult>> {
  ctx.report('checking the columns');
  const source = await checkedSource(cell, ctx);
  const notes: string[] = [];
  const opts = { signal: ctx.signal };
  ctx.report('counting the segments');
  const sizes = await ctx.db.query(sizesSql(source), opts);
  if (sizes.length === 0) throw new SettingsError(`the input table "${cell.input}" has no rows with a segment in column "${cell.segmentColumn}": run the cell that makes it, or pick another column`);
  if (sizes.length > MAX_SEGMENTS) {
    throw new SettingsError(`column "${cell.segmentColumn}" has ${sizes.length} distinct values, too many for a segment column (at most ${MAX_SEGMENTS}): pick the column of segment labels`);
  }
  ctx.report('describing the numeric columns');
  const numeric = source.numeric.length ? await ctx.db.query(numericSql(source), opts) : [];
  ctx.report('counting the categorical values');
  const categorical = source.categorical.length ? await ctx.db.query(categoricalSql(source), opts) : [];
  const previous = cell.previous ? await ctx.db.query(previousSizesSql(cell.previous, cell.segmentColumn), opts) : null;

  const summary = summarise(cell, source, sizes, numeric, categorical, previous, ctx.lineage);
  const [{ n: all }] = await ctx.db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(cell.input)}`, opts);
  const left = Number(all) - summary.rows;
  if (left > 0) notes.push(`Left out ${left.toLocaleString('en')} ${left === 1 ? 'row' : 'rows'} with no segment (NULL in "${cell.segmentColumn}").`);
  if (source.churn) {
    const known = sizes.reduce((a, r) => a + Number(r.churn_known), 0);
    if (known < summary.rows) notes.push(`${(summary.rows - known).toLocaleString('en')} of ${summary.rows.toLocaleString('en')} rows have no P(alive) in "${source.churn.table}"; churn risk counts only the others.`);
  }
  if (previous) {
    const absent = summary.segments.filter((s) => s.previousSize === null).map((s) => s.label);
    if (absent.length) notes.push(`Not in "${cell.previous}", so no growth: ${absent.join(', ')}.`);
  }
  const columns = outputColumns(summary);
  await writeValuesTable(ctx.db, cell.name, columns.map(({ name, type }) => ({ name, type })), summary.segments.map((s) => columns.map((c) => c.get(s))));
  return { rowCount: summary.segments.length, notes, result: { kind: 'profile', profile: summary } };
}

async function checkedSource(cell: ProfileCell, ctx: CellContext): Promise<ProfileSource> {
  if (!cell.input) throw new SettingsError('choose an input table');
  const columnsOf = async (table: string, what: string) =>
    describeTable(ctx.db, table).catch(() => {
      throw new SettingsError(`the ${what} "${table}" does not exist: run the cell that makes it, or pick another table`);
    });
  const columns = await columnsOf(cell.input, 'input table');
  const typeOf = (name: string) => columns.find((c) => c.name === name)?.type;
  const need = (name: string, table = cell.input, list = columns) => {
    if (!list.some((c) => c.name === name)) throw new SettingsError(`the table "${table}" has no column "${name}"; its columns are ${list.map((c) => c.name).join(', ')}`);
  };
  need(cell.segmentColumn);
  if (cell.valueColumn) {
    need(cell.valueColumn);
    if (!isNumberLike(typeOf(cell.valueColumn) ?? '')) throw new SettingsError(`the value column "${cell.valueColumn}" is ${typeOf(cell.valueColumn)}, not a number: pick a numeric column or none`);
  }
  const chosen = cell.numeric.length || cell.categorical.length;
  const numeric = chosen ? [...new Set(cell.numeric)] : defaultNumericColumns(columns, cell.segmentColumn);
  const categorical = [...new Set(cell.categorical)].filter((c) => !numeric.includes(c));
  for (const column of [...numeric, ...categorical]) {
    need(column);
    if (column === cell.segmentColumn) throw new SettingsError(`"${column}" is the segment column: it cannot also describe the segments`);
  }
  for (const column of numeric) {
    if (!isNumberLike(typeOf(column) ?? '')) throw new SettingsError(`column "${column}" is ${typeOf(column)}, not a number: describe it as categorical instead`);
  }
  let churn: ProfileSource['churn'] = null;
  if (cell.churn) {
    const { table, key, threshold } = cell.churn;
    if (!(threshold >= 0 && threshold <= 1)) throw new SettingsError(`the P(alive) threshold must be between 0 and 1: ${threshold}`);
    const clv = await columnsOf(table, 'CLV table');
    need(key);
    need(key, table, clv);
    if (!clv.some((c) => c.name === 'p_alive')) throw new SettingsError(`the table "${table}" has no column "p_alive": pick the output of a CLV cell`);
    const inputKey = typeOf(key) ?? '';
    const clvKey = clv.find((c) => c.name === key)?.type ?? '';
    const castKeys = inputKey !== clvKey && !(isNumberLike(inputKey) && isNumberLike(clvKey));
    churn = { table, key, threshold, castKeys };
  }
  if (cell.previous) {
    const before = await columnsOf(cell.previous, 'earlier snapshot');
    need(cell.segmentColumn, cell.previous, before);
  }
  return { input: cell.input, segmentColumn: cell.segmentColumn, numeric, categorical, valueColumn: cell.valueColumn, churn };
}

const num = (v: Row[string] | undefined): number | null => {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

function summarise(cell: ProfileCell, s: ProfileSource, sizes: Row[], numeric: Row[], categorical: Row[], previous: Row[] | null, lineage: Lineage): ProfileSummary {
  const rows = sizes.reduce((a, r) => a + Number(r.size), 0);
  const totalValue = s.valueColumn ? sizes.reduce((a, r) => a + (num(r.value) ?? 0), 0) : null;
  const stat = (label: string, i: number) => numeric.find((r) => !r.overall && r.segment === label && r.col === `n${i}`);
  const overall = (i: number) => numeric.find((r) => r.overall && r.col === `n${i}`);
  const before = new Map((previous ?? []).map((r) => [String(r.segment), Number(r.size)]));
  const segments = sizes
    .map((r): SegmentProfile => {
      const label = String(r.segment);
      const size = Number(r.size);
      const value = s.valueColumn ? (num(r.value) ?? 0) : null;
      const previousSize = before.get(label) ?? null;
      return {
        label, size, share: size / rows,
        value,
        valueShare: value !== null && totalValue ? value / totalValue : null,
        valuePerCustomer: value !== null ? value / size : null,
        numeric: s.numeric.map((column, i) => {
          const st = stat(label, i);
          return { column, mean: num(st?.mean), median: num(st?.median), restMean: num(st?.rest_mean), z: num(st?.z) };
        }),
        categorical: s.categorical.map((column, i) => ({
          column,
          values: categorical
            .filter((c) => c.segment === label && c.col === `c${i}`)
            .map((c) => ({ value: String(c.value), share: Number(c.share), popShare: Number(c.pop_share), lift: Number(c.lift) }))
            .sort((a, b) => b.share - a.share || a.value.localeCompare(b.value, 'en')),
        })),
        churnRiskShare: s.churn ? num(r.churn_risk_share) : null,
        meanPAlive: s.churn ? num(r.mean_p_alive) : null,
        previousSize,
        growth: previous && previousSize ? size / previousSize - 1 : null,
      };
    })
    .sort((a, b) => compareSegmentLabels(a.label, b.label));
  // The value column is money because the user chose it as the value; that outranks the cells upstream.
  const declared = lineage.meanings(cell.input);
  const meanings = Object.fromEntries(
    [...s.numeric, ...(s.valueColumn ? [s.valueColumn] : [])].filter((c) => Object.hasOwn(declared, c)).map((c) => [c, declared[c]]),
  );
  if (s.valueColumn) meanings[s.valueColumn] = 'monetary';
  const names = lineage.segmentNames(cell.input, cell.segmentColumn);
  return {
    input: cell.input, segmentColumn: cell.segmentColumn, valueColumn: s.valueColumn, meanings,
    namedLabels: segments.map((x) => x.label).filter((label) => names.has(label)), rows, totalValue,
    numeric: s.numeric.map((column, i) => ({ column, mean: num(overall(i)?.mean), median: num(overall(i)?.median) })),
    categorical: s.categorical, churnThreshold: s.churn?.threshold ?? null, hasGrowth: previous !== null, segments,
  };
}

interface OutputColumn {
  name: string;
  type: string;
  get: (s: SegmentProfile) => CellValue;
}

/** The wide output: one row per segment, so later cells can read any statistic as a column. */
function outputColumns(summary: ProfileSummary): OutputColumn[] {
  const out: OutputColumn[] = [
    { name: 'segment', type: 'VARCHAR', get: (s) => s.label },
    { name: 'size', type: 'BIGINT', get: (s) => s.size },
    { name: 'share', type: 'DOUBLE', get: (s) => s.share },
  ];
  if (summary.valueColumn) {
    out.push(
      { name: 'value_total', type: 'DOUBLE', get: (s) => s.value },
      { name: 'value_share', type: 'DOUBLE', get: (s) => s.valueShare },
      { name: 'value_per_customer', type: 'DOUBLE', get: (s) => s.valuePerCustomer },
    );
  }
  summary.numeric.forEach(({ column }, i) => {
    out.push(
      { name: `mean_${column}`, type: 'DOUBLE', get: (s) => s.numeric[i].mean },
      { name: `median_${column}`, type: 'DOUBLE', get: (s) => s.numeric[i].median },
      { name: `z_${column}`, type: 'DOUBLE', get: (s) => s.numeric[i].z },
    );
  });
  summary.categorical.forEach((column, i) => {
    out.push(
      { name: `top_${column}`, type: 'VARCHAR', get: (s) => s.categorical[i].values[0]?.value ?? null },
      { name: `top_${column}_share`, type: 'DOUBLE', get: (s) => s.categorical[i].values[0]?.share ?? null },
      { name: `top_${column}_lift`, type: 'DOUBLE', get: (s) => s.categorical[i].values[0]?.lift ?? null },
    );
  });
  if (summary.churnThreshold !== null) {
    out.push({ name: 'churn_risk_share', type: 'DOUBLE', get: (s) => s.churnRiskShare }, { name: 'mean_p_alive', type: 'DOUBLE', get: (s) => s.meanPAlive });
  }
  if (summary.hasGrowth) {
    out.push({ name: 'previous_size', type: 'BIGINT', get: (s) => s.previousSize }, { name: 'growth', type: 'DOUBLE', get: (s) => s.growth });
  }
  // Two user columns can make the same output name (a column "x" and one "mean_x"): keep the first.
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.name.toLowerCase()) && seen.add(c.name.toLowerCase()));
}
