import type { Cell } from '../engine/workbook.ts';

export type MatchField = 'name' | 'SQL' | 'note' | 'settings';

export interface FindMatch {
  cellId: string;
  field: MatchField;
  /** A few words around the match, for the screen reader and the match list. */
  excerpt: string;
}

/** Fields of a cell that are not the user's words: ids, kinds and the fitted model's numbers. */
const NOT_TEXT = new Set(['id', 'kind', 'name', 'sql', 'text', 'model']);

/** Every string in a value (column names, segment names, titles), however deep. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

function settingsText(cell: Cell): string {
  return Object.entries(cell).flatMap(([key, v]) => (NOT_TEXT.has(key) ? [] : strings(v))).join('\n');
}

function fieldsOf(cell: Cell): [MatchField, string][] {
  const fields: [MatchField, string][] = [];
  if ('name' in cell && typeof cell.name === 'string') fields.push(['name', cell.name]);
  if (cell.kind === 'sql') fields.push(['SQL', cell.sql]);
  if (cell.kind === 'markdown') fields.push(['note', cell.text]);
  const settings = settingsText(cell);
  if (settings) fields.push(['settings', settings]);
  return fields;
}

function excerpt(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 20);
  const end = Math.min(text.length, at + length + 20);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
}

/** Every occurrence of `query` in the workbook's cells, case-insensitively, in workbook order. */
export function findInCells(cells: readonly Cell[], query: string): FindMatch[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const matches: FindMatch[] = [];
  for (const cell of cells) {
    for (const [field, text] of fieldsOf(cell)) {
      const haystack = text.toLowerCase();
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
        matches.push({ cellId: cell.id, field, excerpt: excerpt(text, at, needle.length) });
      }
    }
  }
  return matches;
}
