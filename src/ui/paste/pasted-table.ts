/**
 * A table pasted from a spreadsheet or a web page, as tab-separated text for the CSV loader, so
 * a pasted table gets the same type sniffing as a file. Pure: the caller parses HTML into a
 * Document (DOMParser in the page, jsdom in tests), which never runs scripts or fetches anything.
 */

/** Spans past these are clamped: a hostile colspan="100000" must not build a huge grid. */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 10_000;

export interface PastedTable {
  tsv: string;
  rows: number;
  columns: number;
}

/**
 * The table on the clipboard, or null when there is none. An HTML <table> wins over the plain
 * text: it keeps merged cells and line breaks inside cells, which the text flattens. Plain text
 * counts as a table when it has a header and a row, tab-separated, as spreadsheets copy it.
 */
export function pastedTable(html: string | null, text: string | null, parseHtml: (html: string) => Document): PastedTable | null {
  if (html && /<table[\s>]/i.test(html)) {
    const rows = htmlTableRows(parseHtml(html));
    if (rows && rows.length >= 2) return { tsv: rowsToTsv(rows), rows: rows.length - 1, columns: rows[0].length };
  }
  if (text) {
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
    if (lines.length >= 2 && lines[0].includes('\t')) {
      return { tsv: lines.join('\n') + '\n', rows: lines.length - 1, columns: lines[0].split('\t').length };
    }
  }
  return null;
}

/**
 * The cells of the largest table in `doc`, one array per row, all rows as wide as the widest.
 * A merged cell's value fills every row and column it covers: it holds for each of them, and a
 * merged header then names each column it spans (the loader makes the names unique). Rows with
 * no text at all are dropped. Null when the document has no table with any text.
 */
export function htmlTableRows(doc: Document): string[][] | null {
  for (const el of doc.querySelectorAll('script, style, template, noscript')) el.remove();
  let best: HTMLTableElement | null = null;
  let bestCells = 0;
  for (const table of doc.querySelectorAll('table')) {
    const cells = [...table.rows].reduce((n, row) => n + row.cells.length, 0);
    if (cells > bestCells) [best, bestCells] = [table, cells];
  }
  if (!best) return null;
  const grid: string[][] = [];
  const rows = [...best.rows];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row.cells) {
      while (grid[r][c] !== undefined) c++;
      const text = cellText(cell);
      const colspan = clamp(cell.colSpan, MAX_COLSPAN);
      const rowspan = clamp(cell.rowSpan || rows.length - r, Math.min(MAX_ROWSPAN, rows.length - r));
      for (let dr = 0; dr < rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < colspan; dc++) target[c + dc] = text;
      }
      c += colspan;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  const filled = grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
  const kept = filled.filter((row) => row.some((v) => v !== ''));
  return kept.length ? kept : null;
}

/** Tab-separated text; a value holding a tab, a line break or a quote is quoted, as RFC 4180 quotes CSV. */
export function rowsToTsv(rows: string[][]): string {
  const field = (v: string) => (/[\t\n\r"]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((row) => row.map(field).join('\t')).join('\n') + '\n';
}

/** pasted_1, pasted_2, …: the first name no table of the workbook has, ignoring case as DuckDB does. */
export function pastedName(taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let i = 1; ; i++) if (!lower.has(`pasted_${i}`)) return `pasted_${i}`;
}

// A cell's text as a reader sees it: <br> and block ends are line breaks, runs of spaces
// (including the non-breaking ones spreadsheets write) are one space.
function cellText(cell: HTMLTableCellElement): string {
  for (const br of cell.querySelectorAll('br')) br.replaceWith('\n');
  for (const block of cell.querySelectorAll('p, div, li')) block.append('\n');
  return (cell.textContent ?? '')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function clamp(n: number, max: number): number {
  return Math.max(1, Math.min(Number.isFinite(n) ? Math.floor(n) : 1, max));
}
