import type { ColumnSpec } from './column-types.ts';

/** How a file's columns differ from those a workbook expects of it. */
export interface SchemaDifference {
  missing: ColumnSpec[];
  changed: Array<{ name: string; expected: string; actual: string }>;
  extra: ColumnSpec[];
}

/**
 * Compares columns by name, as DuckDB does: case does not matter. Types are compared as DuckDB
 * writes them, ignoring case and spaces, so `decimal(18, 2)` equals `DECIMAL(18,2)`.
 */
export function compareSchemas(expected: ColumnSpec[], actual: ColumnSpec[]): SchemaDifference {
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const wanted = new Set(expected.map((c) => c.name.toLowerCase()));
  const diff: SchemaDifference = { missing: [], changed: [], extra: [] };
  for (const column of expected) {
    const found = byName.get(column.name.toLowerCase());
    if (!found) diff.missing.push(column);
    else if (normalType(found.type) !== normalType(column.type)) diff.changed.push({ name: column.name, expected: column.type, actual: found.type });
  }
  for (const column of actual) if (!wanted.has(column.name.toLowerCase())) diff.extra.push(column);
  return diff;
}

/** True when every expected column is there with its type; extra columns do no harm. */
export function isCompatible(diff: SchemaDifference): boolean {
  return diff.missing.length === 0 && diff.changed.length === 0;
}

/** "id BIGINT, name VARCHAR, … (12 columns)": the columns a prompt lists, shortened past `max`. */
export function describeColumns(columns: ColumnSpec[], max = 8): string {
  if (columns.length === 0) return 'no columns recorded';
  const shown = columns.slice(0, max).map((c) => `${c.name} ${c.type}`);
  return columns.length > max ? `${shown.join(', ')}, … (${columns.length} columns)` : shown.join(', ');
}

/** One sentence per kind of difference, naming the columns, for the message beside the file. */
export function describeDifference(fileName: string, expectedFile: string, diff: SchemaDifference): string[] {
  const lines: string[] = [];
  if (diff.missing.length) {
    lines.push(`${fileName} has no column${diff.missing.length > 1 ? 's' : ''} ${diff.missing.map((c) => `${c.name} (${c.type})`).join(', ')}.`);
  }
  for (const c of diff.changed) lines.push(`Column ${c.name} is ${c.actual} in ${fileName}; ${expectedFile} had ${c.expected}.`);
  if (diff.extra.length) lines.push(`${fileName} also has ${diff.extra.map((c) => c.name).join(', ')}, which the workbook does not use.`);
  return lines;
}

function normalType(type: string): string {
  return type.replace(/\s+/g, '').toUpperCase();
}
