import type { Database, Row } from '../../../db/database.ts';
import { describeTable } from '../../../db/catalog.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import type { RfmBins, RfmCell } from './model.ts';
import { segmentMapProblem } from './rfm-segments.ts';
import {
  EXCLUSION_RULES, exclusionCountsSql, rfmSummarySql, rfmTableSql, type ExclusionRule, type RfmMapping,
} from './rfm-sql.ts';
import { splitStatements } from '../sql/sql-cell.ts';
import type { ColumnSpec } from '../../column-types.ts';
import { isNumericType } from '../../../db/column-types.ts';
import { SettingsError } from '../settings-error.ts';

/** One square of the R x F grid; meanMonetary is null where no customer has that pair. */
export interface RfmGridCell {
  r: number;
  f: number;
  customers: number;
  meanMonetary: number | null;
}

export interface RfmSegmentCount {
  /** null for customers whose scores no line of the segment map holds. */
  segment: string | null;
  customers: number;
  revenue: number;
}

/** What a finished rfm cell found, for its view. */
export interface RfmSummary {
  /** YYYY-MM-DD: the day recency is counted back from. */
  referenceDate: string;
  /** True when the reference date was the default, the day after the last transaction. */
  referenceDefaulted: boolean;
  customers: number;
  revenue: number;
  meanRecency: number;
  meanFrequency: number;
  medianMonetary: number;
  /** Transactions read, and those left out by each rule. */
  rows: number;
  excluded: Record<ExclusionRule, number>;
  /** In the segment map's order, then customers with no segment. */
  segments: RfmSegmentCount[];
  /** All 25 pairs, R from 5 down to 1, F from 1 up to 5. */
  grid: RfmGridCell[];
}

/** Columns the output adds; a customer column with one of these names would clash. */
const OUTPUT_COLUMNS = ['recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'rfm_code', 'segment'];
const TEMPORAL = /^(DATE|TIMESTAMP)/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const RULE_TEXT: Record<ExclusionRule, string> = {
  noCustomer: 'had no customer',
  condition: 'met the exclusion condition',
  noDate: 'had no date',
  afterReference: 'were dated on or after the reference date',
};

export interface RfmResult {
  kind: 'rfm';
  rfm: RfmSummary;
}

/**
 * Writes one row per customer with recency, frequency, monetary value, their 1-5 scores, the RFM
 * code and a named segment, as of the reference date: transactions on or after it are left out,
 * so two RFM cells with two reference dates are two snapshots a migration cell can compare.
 */
export async function runRfmCell(cell: RfmCell, ctx: CellContext): Promise<CellOutcome<RfmResult>> {
  const { db, signal } = ctx;
  ctx.report('checking the columns');
  const mapping = await checkMapping(cell, db);
  checkSettings(cell);
  ctx.report('counting the rows each rule leaves out');
  const [counts] = await db.query(exclusionCountsSql(mapping, cell.referenceDate), { signal }).catch((e: unknown) => {
    throw new SettingsError(`cell ${cell.name} could not apply its exclusion condition or dates: ${firstLine(e)}`, { cause: e });
  });
  const excluded: Record<ExclusionRule, number> = {
    noCustomer: Number(counts.noCustomer), condition: Number(counts.condition), noDate: Number(counts.noDate), afterReference: Number(counts.afterReference),
  };
  const rows = Number(counts.total_rows);
  const referenceDate = counts.reference === null ? null : String(counts.reference);
  const kept = rows - EXCLUSION_RULES.reduce((sum, rule) => sum + excluded[rule], 0);
  if (referenceDate === null || kept === 0) {
    throw new SettingsError(
      `cell ${cell.name}: no transaction of "${cell.input}" is left (${describeExclusions(rows, excluded)}); check the exclusion condition and the reference date`,
    );
  }
  ctx.report('scoring customers');
  await db.exec(rfmTableSql(cell.name, mapping, referenceDate, cell.bins, cell.segmentMap), { signal }).catch((e: unknown) => {
    throw new SettingsError(`cell ${cell.name} could not compute RFM: ${firstLine(e)}. Check the amount "${cell.amount}"`, { cause: e });
  });
  ctx.report('summarising the segments');
  const summary = await summarise(db, cell, signal, { referenceDate, referenceDefaulted: !cell.referenceDate, rows, excluded });
  const notes = [`Reference date ${referenceDate}${cell.referenceDate ? '' : ' (the day after the last transaction)'}; ${describeExclusions(rows, excluded)}.`];
  const unmapped = summary.segments.find((s) => s.segment === null);
  if (unmapped) notes.push(`${count(unmapped.customers)} customers have scores no line of the segment map covers; their segment is empty.`);
  return { rowCount: summary.customers, notes, result: { kind: 'rfm', rfm: summary } };
}

async function summarise(
  db: Database, cell: RfmCell, signal: AbortSignal, known: Pick<RfmSummary, 'referenceDate' | 'referenceDefaulted' | 'rows' | 'excluded'>,
): Promise<RfmSummary> {
  const summary = await db.query(rfmSummarySql(cell.name), { signal });
  const totals = summary.find((r) => r.level === 'all');
  if (!totals) throw new Error(`cell ${cell.name}: the RFM summary has no totals row`);
  const bySegment = summary.filter((r) => r.level === 'segment');
  const grid = summary.filter((r) => r.level === 'grid');
  const order = cell.segmentMap.map((m) => m.segment);
  const rank = (s: string | null) => (s === null ? order.length : order.indexOf(s));
  const segments = bySegment
    .map((r): RfmSegmentCount => ({ segment: r.segment === null ? null : String(r.segment), customers: Number(r.customers), revenue: Number(r.revenue) }))
    .sort((a, b) => rank(a.segment) - rank(b.segment));
  return {
    ...known,
    customers: Number(totals.customers),
    revenue: Number(totals.revenue),
    meanRecency: Number(totals.mean_recency),
    meanFrequency: Number(totals.mean_frequency),
    medianMonetary: Number(totals.median_monetary),
    segments,
    grid: fullGrid(grid),
  };
}

function fullGrid(rows: Row[]): RfmGridCell[] {
  const out: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--) {
    for (let f = 1; f <= 5; f++) {
      const row = rows.find((x) => Number(x.r) === r && Number(x.f) === f);
      out.push({ r, f, customers: row ? Number(row.customers) : 0, meanMonetary: row ? Number(row.mean_monetary) : null });
    }
  }
  return out;
}

/** Checks that the columns exist with usable types and that the amount and condition are valid SQL over them. */
async function checkMapping(cell: RfmCell, db: Database): Promise<RfmMapping> {
  if (!cell.input) throw new SettingsError(`cell ${cell.name}: choose the transactions table`);
  const described = await describeAtOnce(db, cell);
  const columns = described?.columns ?? await describeTable(db, cell.input).catch(() => {
    throw new SettingsError(`cell ${cell.name}: the table "${cell.input}" does not exist; run the cell that makes it, or pick another table`);
  });
  const column = (name: string, role: string): ColumnSpec => {
    if (!name) throw new SettingsError(`cell ${cell.name}: choose the ${role} column`);
    const found = columns.find((c) => c.name === name);
    if (!found) throw new SettingsError(`cell ${cell.name}: the table "${cell.input}" has no ${role} column "${name}"; pick one of ${columns.map((c) => c.name).join(', ')}`);
    return found;
  };
  const customer = column(cell.customer, 'customer');
  if (OUTPUT_COLUMNS.includes(customer.name.toLowerCase())) {
    throw new SettingsError(`cell ${cell.name}: the customer column "${customer.name}" has the name of an RFM output column; rename it in a SQL cell first`);
  }
  const date = column(cell.date, 'date');
  if (!TEMPORAL.test(date.type)) {
    throw new SettingsError(
      `cell ${cell.name}: the date column "${date.name}" is ${date.type}, not a date; change the column's type to TIMESTAMP in the source's schema, or pick another column`,
    );
  }
  if (cell.invoice) column(cell.invoice, 'invoice');
  const amountType = described?.amountType ?? await fragmentType(db, cell.input, cell.amount, 'amount', cell.name);
  if (!isNumericType(amountType)) {
    throw new SettingsError(`cell ${cell.name}: the amount "${cell.amount}" is ${amountType}, not a number; pick a numeric column or write an expression such as "Quantity" * "UnitPrice"`);
  }
  if (cell.exclude) {
    const type = described?.excludeType ?? await fragmentType(db, cell.input, cell.exclude, 'exclusion condition', cell.name);
    if (type !== 'BOOLEAN') {
      throw new SettingsError(`cell ${cell.name}: the exclusion condition "${cell.exclude}" is ${type}, not true or false; write a condition such as "Quantity" <= 0`);
    }
  }
  return { input: cell.input, customer: customer.name, date: date.name, amount: cell.amount, invoice: cell.invoice || null, exclude: cell.exclude || null };
}

/**
 * The input's columns and the types of the amount and exclusion condition in one statement, the
 * usual case; null when that fails, and the checks then run one at a time to say what is wrong.
 */
async function describeAtOnce(db: Database, cell: RfmCell): Promise<{ columns: ColumnSpec[]; amountType: string; excludeType?: string } | null> {
  const fragments = [cell.amount, ...(cell.exclude ? [cell.exclude] : [])];
  if (fragments.some((f) => !f.trim() || splitStatements(f).length !== 1)) return null;
  const extra = fragments.map((f, i) => `(${f}) AS __fragment_${i}`).join(', ');
  const rows = await db.query(`DESCRIBE SELECT *, ${extra} FROM ${quoteIdentifier(cell.input)}`).catch(() => null);
  if (!rows || rows.length < fragments.length) return null;
  const types = rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const columns = types.slice(0, types.length - fragments.length);
  const [amount, exclude] = types.slice(columns.length);
  return { columns, amountType: amount.type, excludeType: exclude?.type };
}

/**
 * The type of a user's SQL fragment over the input, found without reading any rows. Fragments run
 * under DuckDB's lockdown, like SQL cells; one that holds a second statement is refused outright.
 */
async function fragmentType(db: Database, input: string, fragment: string, what: string, cellName: string): Promise<string> {
  if (!fragment.trim()) throw new SettingsError(`cell ${cellName}: write the ${what}, e.g. a column name`);
  if (splitStatements(fragment).length !== 1) throw new SettingsError(`cell ${cellName}: the ${what} must be one expression, without semicolons: ${fragment}`);
  const rows = await db.query(`DESCRIBE SELECT (${fragment}) AS x FROM ${quoteIdentifier(input)}`).catch((e: unknown) => {
    throw new SettingsError(`cell ${cellName}: the ${what} "${fragment}" does not work on "${input}": ${firstLine(e)}`, { cause: e });
  });
  return String(rows[0]?.column_type ?? 'unknown');
}

function checkSettings(cell: RfmCell): void {
  const ref = cell.referenceDate;
  if (ref && (!ISO_DAY.test(ref) || Number.isNaN(Date.parse(`${ref}T00:00:00Z`)) || new Date(`${ref}T00:00:00Z`).toISOString().slice(0, 10) !== ref)) {
    throw new SettingsError(`cell ${cell.name}: the reference date must be a day written YYYY-MM-DD: ${ref}`);
  }
  checkBins(cell.name, cell.bins);
  const problem = segmentMapProblem(cell.segmentMap);
  if (problem) throw new SettingsError(`cell ${cell.name}: ${problem}`);
}

function checkBins(cellName: string, bins: RfmBins): void {
  if (bins.kind === 'quintile') return;
  for (const measure of ['recency', 'frequency', 'monetary'] as const) {
    const edges = bins[measure];
    const ascending = edges.every((e, i) => Number.isFinite(e) && (i === 0 || e > edges[i - 1]));
    if (edges.length !== 4 || !ascending) {
      throw new SettingsError(
        `cell ${cellName}: give four ascending ${measure} bin edges for scores 1 to 5, such as ${measure === 'recency' ? '30, 90, 180, 365' : measure === 'frequency' ? '1, 2, 4, 8' : '100, 500, 1000, 5000'}: ${edges.join(', ') || 'none'}`,
      );
    }
  }
}

function describeExclusions(rows: number, excluded: Record<ExclusionRule, number>): string {
  const left = EXCLUSION_RULES.filter((rule) => excluded[rule] > 0).map((rule) => `${count(excluded[rule])} ${RULE_TEXT[rule]}`);
  return `of ${count(rows)} transactions, ${left.length ? `left out ${left.join(', ')}` : 'none was left out'}`;
}

const count = (n: number) => n.toLocaleString('en');

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
