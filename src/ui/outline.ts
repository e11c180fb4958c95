import { isTableCell, type Cell } from '../engine/workbook.ts';

export interface OutlineEntry {
  /** Unique within the outline: a note may hold several headings. */
  key: string;
  cellId: string;
  text: string;
  /** 1-6 for a Markdown heading; a cell sits one level below the heading before it. */
  level: number;
  /** Empty for a heading; the kind of cell otherwise, e.g. "RFM". */
  kind: string;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/** The ATX headings of a Markdown text, outside code fences, with their inline marks removed. */
export function markdownHeadings(text: string): { level: number; text: string }[] {
  const headings: { level: number; text: string }[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (FENCE.test(line)) fenced = !fenced;
    const match = fenced ? null : HEADING.exec(line);
    if (!match) continue;
    const plain = match[2].replace(/[*_`]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
    if (plain) headings.push({ level: match[1].length, text: plain });
  }
  return headings;
}

/** The table of contents: every note's headings and every cell's result table name, in workbook order. */
export function outlineOf(cells: readonly Cell[], kindLabel: (kind: string) => string): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  let level = 0;
  for (const cell of cells) {
    if (cell.kind === 'markdown') {
      markdownHeadings(cell.text).forEach((h, i) => {
        level = h.level;
        entries.push({ key: `${cell.id}#${i}`, cellId: cell.id, text: h.text, level: h.level, kind: '' });
      });
    } else if (isTableCell(cell)) {
      entries.push({ key: cell.id, cellId: cell.id, text: cell.name, level: Math.min(level + 1, 7), kind: kindLabel(cell.kind) });
    }
  }
  return entries;
}
