import type { Value } from '../../../db/database.ts';

/** A cell of the page on show: row and column indexes. */
export interface CellAt {
  row: number;
  col: number;
}

/** A rectangle of cells from where the selection started to where it ends now. */
export interface Selection {
  anchor: CellAt;
  focus: CellAt;
}

export function bounds(s: Selection): { top: number; bottom: number; left: number; right: number } {
  return {
    top: Math.min(s.anchor.row, s.focus.row), bottom: Math.max(s.anchor.row, s.focus.row),
    left: Math.min(s.anchor.col, s.focus.col), right: Math.max(s.anchor.col, s.focus.col),
  };
}

export function contains(s: Selection | null, row: number, col: number): boolean {
  if (!s) return false;
  const b = bounds(s);
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

/** Arrow keys move the focus cell; with Shift they stretch the selection from its anchor. */
export function moveSelection(s: Selection | null, key: string, extend: boolean, rows: number, cols: number): Selection | null {
  if (!rows || !cols) return null;
  const from = s?.focus ?? { row: 0, col: 0 };
  const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const [dr, dc] = step[key] ?? [0, 0];
  const focus = s ? { row: Math.max(0, Math.min(rows - 1, from.row + dr)), col: Math.max(0, Math.min(cols - 1, from.col + dc)) } : from;
  return { anchor: extend && s ? s.anchor : focus, focus };
}

/** A value as a spreadsheet reads it: quoted when it holds a tab, a line break or a quote. */
function field(v: Value): string {
  if (v === null) return '';
  const text = String(v);
  return /[\t\n\r"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The selected cells as tab-separated text, unformatted so a spreadsheet gets the full numbers,
 * with the column names first when the selection covers whole rows of the page or the header.
 */
export function selectionTsv(rows: ReadonlyArray<Record<string, Value>>, columns: readonly string[], s: Selection, withHeader = false): string {
  const b = bounds(s);
  const names = columns.slice(b.left, b.right + 1);
  const lines = rows.slice(b.top, b.bottom + 1).map((r) => names.map((n) => field(r[n])).join('\t'));
  return [...(withHeader ? [names.map((n) => field(n)).join('\t')] : []), ...lines].join('\n');
}
