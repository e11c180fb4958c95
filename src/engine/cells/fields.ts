import { isValidIdentifier } from '../identifiers.ts';

/**
 * Readers for the fields of a cell in a workbook file or link. Everything there may come from a
 * hostile link, so each field is checked for its type; column names and expressions are quoted
 * or run under DuckDB's lockdown wherever SQL uses them.
 */

export type Raw = Record<string, unknown>;

/** What a cell's reader is given besides the raw cell: where it is, and how to refuse it. */
export interface FieldReader {
  /** 1-based position of the cell in the workbook, for messages. */
  position: number;
  fail(what: string): never;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
export const optionalStr = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The name of the table a cell writes, which must be a plain identifier. */
export function tableName(c: Raw, r: FieldReader): string {
  const name = str(c.name) ?? r.fail(`cell ${r.position} has no name`);
  if (!isValidIdentifier(name)) r.fail(`cell ${r.position} has an invalid table name ${JSON.stringify(name)}`);
  return name;
}

/** Readers of required fields that name the cell when one is missing or of the wrong type. */
export function required(name: string, r: FieldReader) {
  const where = `cell ${name}`;
  return {
    where,
    text: (v: unknown, what: string): string => str(v) ?? r.fail(`${where} has no valid ${what}`),
    number: (v: unknown, what: string): number => num(v) ?? r.fail(`${where} has no valid ${what}`),
  };
}
