import { quoteLiteral } from '../db/sql-quote.ts';
import { isNumericType } from '../db/column-types.ts';

/** How a rule compares a column, decided by the column's DuckDB type. */
export type ValueKind = 'number' | 'date' | 'timestamp' | 'boolean' | 'text';

export function valueKind(type: string): ValueKind {
  if (isNumericType(type)) return 'number';
  if (/^DATE$/i.test(type)) return 'date';
  if (/^TIMESTAMP/i.test(type)) return 'timestamp';
  if (/^BOOL/i.test(type)) return 'boolean';
  return 'text';
}

/** Thrown with the text the user should see; the caller adds which segment and condition. */
export class ValueProblem extends Error {
  override name = 'ValueProblem';
}

// Strict on purpose: the text is pasted into SQL as it is, so it may hold nothing but a number.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?$/;

/** Parses the text as a number, or throws saying why it is not one. */
export function parseNumber(text: string, column: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new ValueProblem(`column "${column}" holds numbers, but ${JSON.stringify(text)} is not a number; write it like 1200 or 0.5`);
  return Number(t);
}

function validDay(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * The SQL literal for one value compared with a column of this kind. Numbers, dates and booleans
 * are checked against a strict pattern before they reach SQL; anything else becomes a quoted
 * string, so no value can end the literal and add SQL of its own.
 */
export function literal(text: string, kind: ValueKind, column: string): string {
  const t = text.trim();
  switch (kind) {
    case 'number': {
      parseNumber(t, column);
      return t.replace(/^\+/, '');
    }
    case 'date': {
      const m = DATE.exec(t);
      if (!m || !validDay(m[1], m[2], m[3])) throw new ValueProblem(`column "${column}" holds dates, but ${JSON.stringify(text)} is not a date; write it as YYYY-MM-DD`);
      return `DATE ${quoteLiteral(t)}`;
    }
    case 'timestamp': {
      const m = TIMESTAMP.exec(t);
      const timeOk = !m || ((m[4] ?? '00') < '24' && (m[5] ?? '00') < '60' && (m[6] ?? '00') < '60');
      if (!m || !validDay(m[1], m[2], m[3]) || !timeOk) {
        throw new ValueProblem(`column "${column}" holds timestamps, but ${JSON.stringify(text)} is not one; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS`);
      }
      return `TIMESTAMP ${quoteLiteral(t.replace('T', ' '))}`;
    }
    case 'boolean': {
      const v = t.toLowerCase();
      if (['true', 'yes', '1'].includes(v)) return 'TRUE';
      if (['false', 'no', '0'].includes(v)) return 'FALSE';
      throw new ValueProblem(`column "${column}" holds true/false, but ${JSON.stringify(text)} is neither; write true or false`);
    }
    case 'text':
      return quoteLiteral(text);
  }
}

/** The items of a comma-separated list, trimmed, without empty ones. */
export function listItems(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month as 1 to 12, from its number or its English name or a start of it (e.g. "Nov", "sept"). */
export function parseMonth(text: string): number {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(t) && Number(t) >= 1 && Number(t) <= 12) return Number(t);
  const i = t.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(t)) : -1;
  if (i < 0) throw new ValueProblem(`${JSON.stringify(text)} is not a month; write 1 to 12 or a name such as Nov`);
  return i + 1;
}
