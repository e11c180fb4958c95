import { isObject, required, tableName, type FieldReader, type Raw } from '../fields.ts';

export type RuleOperator =
  | '=' | '!=' | '<' | '<=' | '>' | '>='
  | 'between' | 'in' | 'not in' | 'contains' | 'is null' | 'is not null'
  /** The top or bottom share of rows by the column; value is a percentage. */
  | 'top %' | 'bottom %'
  /** For occasion flags: the month of a date column is one of a comma-separated list, e.g. "Nov, Dec" or "11, 12". */
  | 'month in';

export interface RuleCondition {
  column: string;
  op: RuleOperator;
  /** Literal text; numbers are recognised, lists for in / not in are comma-separated. */
  value: string;
  /** The upper end for between. */
  value2?: string;
}

export interface RuleSegment {
  name: string;
  match: 'all' | 'any';
  conditions: RuleCondition[];
}

export interface RulesCell {
  id: string;
  kind: 'rules';
  name: string;
  input: string;
  /** In order: a row takes the first segment whose conditions it meets. */
  segments: RuleSegment[];
  elseSegment: string;
}

const RULE_OPERATORS: readonly RuleOperator[] = [
  '=', '!=', '<', '<=', '>', '>=', 'between', 'in', 'not in', 'contains', 'is null', 'is not null', 'top %', 'bottom %', 'month in',
];

export function readRulesCell(c: Raw, id: string, r: FieldReader): RulesCell {
  const name = tableName(c, r);
  const { where, text } = required(name, r);
  return {
    id, kind: 'rules', name, input: text(c.input, 'input'),
    segments: Array.isArray(c.segments) ? c.segments.map((s) => readRuleSegment(s, where, r)) : r.fail(`${where} has no segments`),
    elseSegment: text(c.elseSegment, 'else-segment'),
  };
}

function readRuleSegment(v: unknown, where: string, r: FieldReader): RuleSegment {
  if (!isObject(v) || typeof v.name !== 'string' || !Array.isArray(v.conditions)) return r.fail(`${where} has a segment without a name or conditions`);
  const conditions = v.conditions.map((c): RuleCondition => {
    const op = RULE_OPERATORS.find((o) => isObject(c) && o === c.op);
    if (!isObject(c) || typeof c.column !== 'string' || !op) return r.fail(`${where} has an invalid condition in segment ${JSON.stringify(v.name)}`);
    const value = typeof c.value === 'string' ? c.value : typeof c.value === 'number' ? String(c.value) : '';
    // Only text or a number: String() of a list or object walks it, and a hostile one is nested beyond the stack.
    if (c.value2 !== undefined && typeof c.value2 !== 'string' && typeof c.value2 !== 'number') {
      return r.fail(`${where} has a condition on ${JSON.stringify(c.column)} whose second value is not text or a number`);
    }
    return { column: c.column, op, value, ...(c.value2 !== undefined ? { value2: String(c.value2) } : {}) };
  });
  return { name: v.name, match: v.match === 'any' ? 'any' : 'all', conditions };
}
