import { quoteIdentifier, quoteLiteral } from '../../../db/sql-quote.ts';
import type { RuleCondition, RuleOperator, RuleSegment, RulesCell } from './model.ts';
import { ValueProblem, listItems, literal, parseMonth, parseNumber, valueKind, type ValueKind } from '../../rule-values.ts';
import { textType, type Dialect } from '../../sql-dialect.ts';
import type { ColumnSpec } from '../../column-types.ts';

/** A problem with a rule cell's settings, named by segment, condition and column. */
export class RuleError extends Error {
  override name = 'RuleError';
}

/** The column every rule cell adds. */
export const SEGMENT_COLUMN = 'segment';

const COMPARE: readonly RuleOperator[] = ['=', '!=', '<', '<=', '>', '>=', 'between', 'in', 'not in'];
const NULLS: readonly RuleOperator[] = ['is null', 'is not null'];

/** The operators that make sense for a column of this kind, in the order a menu lists them. */
export function operatorsFor(kind: ValueKind): RuleOperator[] {
  switch (kind) {
    case 'number':
      return [...COMPARE, 'top %', 'bottom %', ...NULLS];
    case 'date':
    case 'timestamp':
      return [...COMPARE, 'month in', 'top %', 'bottom %', ...NULLS];
    case 'boolean':
      return ['=', '!=', ...NULLS];
    case 'text':
      return [...COMPARE, 'contains', ...NULLS];
  }
}

/** How many value boxes an operator needs. */
export function valueCount(op: RuleOperator): 0 | 1 | 2 {
  if (op === 'is null' || op === 'is not null') return 0;
  return op === 'between' ? 2 : 1;
}

type RuleSettings = Pick<RulesCell, 'input' | 'segments' | 'elseSegment'>;

/**
 * The query that gives each row of the input the first segment whose conditions it meets, in a
 * column named `segment` (replacing one the input already has). It is a plain SELECT, so it can be
 * copied into a SQL cell as it is, or, written for PostgreSQL, run where the data lives. Throws a
 * RuleError naming the segment, condition and column.
 */
export function buildRulesSql(cell: RuleSettings, columns: readonly ColumnSpec[], dialect: Dialect = 'duckdb'): string {
  checkNames(cell);
  const table = quoteIdentifier(cell.input);
  const whens = cell.segments.map((segment, i) => {
    const where = segmentLabel(segment, i);
    if (segment.conditions.length === 0) throw new RuleError(`${where} has no conditions: add one, or remove the segment`);
    const parts = segment.conditions.map((c, j) => conditionSql(c, columns, table, `${where}, condition ${j + 1}`, cell.input, dialect));
    const joined = parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(segment.match === 'any' ? ' OR ' : ' AND ');
    return `    WHEN ${joined} THEN ${quoteLiteral(segment.name.trim())}`;
  });
  // DuckDB names are case-insensitive: an input column "Segment" would clash with the new one.
  const existing = columns.find((c) => c.name.toLowerCase() === SEGMENT_COLUMN);
  // PostgreSQL has no EXCLUDE: the other columns are listed instead.
  const others = () => columns.filter((c) => c !== existing).map((c) => quoteIdentifier(c.name)).join(', ');
  const star = existing ? (dialect === 'duckdb' ? `* EXCLUDE (${quoteIdentifier(existing.name)})` : others()) : '*';
  return [
    `SELECT ${star},`,
    '  CASE',
    ...whens,
    `    ELSE ${quoteLiteral(cell.elseSegment.trim())}`,
    `  END AS ${SEGMENT_COLUMN}`,
    `FROM ${table}`,
  ].join('\n');
}

/** The segment names in output order, the else-segment last. */
export function segmentNames(cell: RuleSettings): string[] {
  return [...cell.segments.map((s) => s.name.trim()), cell.elseSegment.trim()];
}

function segmentLabel(segment: RuleSegment, index: number): string {
  return segment.name.trim() ? `segment ${segment.name.trim()}` : `segment ${index + 1}`;
}

function checkNames(cell: RuleSettings): void {
  if (!cell.input) throw new RuleError('choose an input table');
  if (cell.segments.length === 0) throw new RuleError('there are no segments yet: add a segment or apply a template');
  if (!cell.elseSegment.trim()) throw new RuleError('the else-segment has no name: name the segment for rows that match no rule, e.g. Other');
  const seen = new Map<string, number>();
  cell.segments.forEach((s, i) => {
    const name = s.name.trim();
    if (!name) throw new RuleError(`segment ${i + 1} has no name: give it one`);
    const before = seen.get(name);
    if (before !== undefined) throw new RuleError(`segments ${before + 1} and ${i + 1} are both named "${name}": rename one`);
    if (name === cell.elseSegment.trim()) throw new RuleError(`segment ${i + 1} has the same name as the else-segment, "${name}": rename one`);
    seen.set(name, i);
  });
}

function conditionSql(c: RuleCondition, columns: readonly ColumnSpec[], table: string, where: string, input: string, dialect: Dialect): string {
  const spec = columns.find((col) => col.name === c.column);
  if (!spec) {
    const names = columns.map((col) => col.name);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
    const what = c.column ? `no column "${c.column}" in ${input}` : 'no column chosen';
    throw new RuleError(`${where}: ${what}; choose one of ${shown}`);
  }
  const kind = valueKind(spec.type);
  const allowed = operatorsFor(kind);
  if (!allowed.includes(c.op)) {
    throw new RuleError(`${where}: "${c.op}" does not apply to column "${c.column}" (${spec.type}); use one of ${allowed.join(', ')}`);
  }
  const col = quoteIdentifier(c.column);
  try {
    return operatorSql(c, col, kind, table, dialect);
  } catch (e) {
    if (e instanceof ValueProblem) throw new RuleError(`${where}: ${e.message}`);
    throw e;
  }
}

function operatorSql(c: RuleCondition, col: string, kind: ValueKind, table: string, dialect: Dialect): string {
  const need = (text: string | undefined, what: string): string => {
    if (text === undefined || text.trim() === '') throw new ValueProblem(`"${c.op}" on column "${c.column}" needs ${what}`);
    return text;
  };
  const one = (text: string) => literal(text, kind, c.column);
  switch (c.op) {
    case '=': case '!=': case '<': case '<=': case '>': case '>=':
      return `${col} ${c.op} ${one(need(c.value, 'a value'))}`;
    case 'between': {
      const low = need(c.value, 'a lower value');
      const high = need(c.value2, 'an upper value');
      if (kind === 'number' && parseNumber(low, c.column) > parseNumber(high, c.column)) {
        throw new ValueProblem(`the lower value ${low.trim()} is above the upper value ${high.trim()}; swap them`);
      }
      return `${col} BETWEEN ${one(low)} AND ${one(high)}`;
    }
    case 'in': case 'not in': {
      const items = listItems(need(c.value, 'a comma-separated list of values'));
      return `${col} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${items.map(one).join(', ')})`;
    }
    case 'contains': {
      const text = `lower(CAST(${col} AS ${textType(dialect)}))`;
      const sought = `lower(${quoteLiteral(need(c.value, 'some text to look for'))})`;
      return dialect === 'duckdb' ? `contains(${text}, ${sought})` : `strpos(${text}, ${sought}) > 0`;
    }
    case 'is null':
      return `${col} IS NULL`;
    case 'is not null':
      return `${col} IS NOT NULL`;
    case 'top %': case 'bottom %': {
      const text = need(c.value, 'a percentage');
      const share = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : NaN;
      if (!(share > 0 && share <= 100)) throw new ValueProblem(`"${c.op}" takes a percentage above 0 and up to 100, not ${text.trim()}`);
      // The cut is taken over the whole input, not over the rows earlier segments left over.
      const q = c.op === 'top %' ? (100 - share) / 100 : share / 100;
      const fraction = Number(q.toFixed(6));
      // PostgreSQL's percentile_cont interpolates numbers only, not dates.
      if (dialect === 'postgres' && kind !== 'number') throw new ValueProblem(`"${c.op}" on the ${kind} column "${c.column}" has no PostgreSQL form; use a fixed date instead`);
      const cut = dialect === 'duckdb'
        ? `(SELECT quantile_cont(${col}, ${fraction}) FROM ${table})`
        : `(SELECT percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${col}) FROM ${table})`;
      return `${col} ${c.op === 'top %' ? '>=' : '<='} ${cut}`;
    }
    case 'month in': {
      const months = listItems(need(c.value, 'months, e.g. Nov, Dec')).map(parseMonth);
      const month = dialect === 'duckdb' ? `month(${col})` : `EXTRACT(MONTH FROM ${col})`;
      return `${month} IN (${[...new Set(months)].join(', ')})`;
    }
  }
}
