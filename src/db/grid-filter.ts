import { isBooleanType, isNumericType } from './column-types.ts';
import { quoteIdentifier, quoteLiteral } from './sql-quote.ts';

/** A result grid's column as the grid knows it: DuckDB's name and type. */
export interface GridColumn {
  name: string;
  type: string;
}

/** What a person typed in a column's filter box, turned into a condition. */
export type Filter =
  | { kind: 'null'; negate: boolean }
  | { kind: 'compare'; op: '=' | '<>' | '<' | '<=' | '>' | '>='; value: number }
  | { kind: 'between'; low: number; high: number }
  | { kind: 'equals'; text: string }
  | { kind: 'contains'; text: string };

/** A filter a person typed that cannot be read; the message names the column and the text. */
export class FilterError extends Error {
  constructor(readonly column: string, readonly text: string, message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?`;
const COMPARE = new RegExp(`^(>=|<=|<>|!=|>|<|=)\\s*(${NUMBER})$`, 'i');
const BETWEEN = new RegExp(`^(${NUMBER})\\s*\\.\\.\\s*(${NUMBER})$`, 'i');
const PLAIN = new RegExp(`^${NUMBER}$`, 'i');

/**
 * Reads a filter box. Any column: "null" keeps missing values, "not null" the others. Numbers:
 * "100", ">100", "<= 5", "!= 0" or a range "10..20" (both ends included). Text, dates and the rest:
 * "=Champions" is an exact match, anything else a case-insensitive "contains".
 */
export function parseFilter(column: GridColumn, raw: string): Filter | null {
  const text = raw.trim();
  if (!text) return null;
  if (/^(null|empty)$/i.test(text)) return { kind: 'null', negate: false };
  if (/^(not null|!null|not empty)$/i.test(text)) return { kind: 'null', negate: true };
  if (isNumericType(column.type)) {
    const between = BETWEEN.exec(text);
    if (between) {
      const [low, high] = [Number(between[1]), Number(between[2])].sort((a, b) => a - b);
      return { kind: 'between', low, high };
    }
    const compare = COMPARE.exec(text);
    if (compare) return { kind: 'compare', op: compare[1] === '!=' ? '<>' : (compare[1] as '=' | '<>' | '<' | '<=' | '>' | '>='), value: Number(compare[2]) };
    if (PLAIN.test(text)) return { kind: 'compare', op: '=', value: Number(text) };
    throw new FilterError(column.name, raw, `filter on "${column.name}" is not a number or a comparison: type 100, >100, 10..20 or null: "${raw}"`);
  }
  if (text.startsWith('=') && text.length > 1) return { kind: 'equals', text: text.slice(1).trim() };
  return { kind: 'contains', text };
}

/** A number for SQL text: the filter parser let only finite decimals through. */
function literalNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

/** `%`, `_` and the escape itself match literally in a LIKE pattern. */
function likePattern(text: string): string {
  return quoteLiteral(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** One filter as a SQL condition on the quoted column. */
export function filterCondition(column: GridColumn, filter: Filter): string {
  const col = quoteIdentifier(column.name);
  switch (filter.kind) {
    case 'null':
      return `${col} IS ${filter.negate ? 'NOT ' : ''}NULL`;
    case 'compare':
      return `${col} ${filter.op} ${literalNumber(filter.value)}`;
    case 'between':
      return `${col} BETWEEN ${literalNumber(filter.low)} AND ${literalNumber(filter.high)}`;
    case 'equals':
      return isBooleanType(column.type) ? `CAST(${col} AS VARCHAR) = lower(${quoteLiteral(filter.text)})` : `CAST(${col} AS VARCHAR) = ${quoteLiteral(filter.text)}`;
    case 'contains':
      return `CAST(${col} AS VARCHAR) ILIKE ${likePattern(filter.text)} ESCAPE '\\'`;
  }
}

/**
 * The WHERE clause of every filter box that holds text ('' when none does). Throws a FilterError
 * for the first box that cannot be read, or for a filter on a column the table does not have.
 */
export function whereClause(columns: readonly GridColumn[], filters: Readonly<Record<string, string>>): string {
  const conditions: string[] = [];
  for (const [name, text] of Object.entries(filters)) {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new FilterError(name, text, `no column "${name}" to filter on`);
    const filter = parseFilter(column, text);
    if (filter) conditions.push(filterCondition(column, filter));
  }
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}
