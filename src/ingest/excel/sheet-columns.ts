import type { ArrowColumn, ArrowKind } from '../arrow-columns.ts';

/** One cell as SheetJS reads it: t is its type (n, s, b, e, d, z), z its number format. */
export interface SheetCell {
  t: string;
  v?: unknown;
  z?: string | number;
}

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface SheetGrid {
  /** Rows of cells, as SheetJS's dense mode gives them; holes are empty cells. */
  rows: Array<Array<SheetCell | undefined> | undefined>;
  merges: CellRange[];
  /** The sheet's stated extent (its !ref), which often runs past the last cell with data. */
  ref: CellRange | null;
  date1904: boolean;
}

export type ColumnKind = ArrowKind;

/** A column of values ready for Arrow: numbers for numeric, date (epoch days) and timestamp (epoch microseconds) kinds. */
export type SheetColumn = ArrowColumn;

export interface SheetTable {
  columns: SheetColumn[];
  rowCount: number;
  notes: string[];
}

const HEADER_SCAN_ROWS = 30;

// Excel stores errors as codes; SheetJS keeps the code.
const ERROR_NAMES: Record<number, string> = {
  0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA',
};

/**
 * Turns a sheet into typed columns: finds the header row below any title rows, names merged
 * header cells once and uniquely, and reads date-formatted numbers as dates.
 * `isDateFormat` is SheetJS's format test, passed in so this stays a pure function of the grid.
 */
export function sheetToColumns(label: string, grid: SheetGrid, isDateFormat: (format: string) => boolean): SheetTable | null {
  const extent = dataExtent(grid.rows);
  if (!extent) return null;
  const notes: string[] = [];
  const header = findHeaderRow(grid.rows, extent.lastRow);
  if (header > 0) notes.push(`${label}: the first ${plural(header, 'row')} looked like a title and ${header === 1 ? 'was' : 'were'} skipped; the header is row ${header + 1}.`);
  const names = headerNames(grid, header, extent.lastCol);
  const dataRows: number[] = [];
  let blank = 0;
  for (let r = header + 1; r <= extent.lastRow; r++) {
    if (isEmptyRow(grid.rows[r])) blank++;
    else dataRows.push(r);
  }
  if (blank) notes.push(`${label}: ${plural(blank, 'empty row')} between the data ${blank === 1 ? 'was' : 'were'} skipped.`);
  const trailing = trailingNote(grid.ref, extent);
  if (trailing) notes.push(`${label}: ${trailing} were skipped.`);
  const errors = new Map<string, number>();
  const errorColumns: string[] = [];
  const columns = names.map((name, c): SheetColumn => {
    const cells = dataRows.map((r) => grid.rows[r]?.[c]);
    const before = sumValues(errors);
    const column = readColumn(name, cells, grid.date1904, isDateFormat, errors);
    if (sumValues(errors) > before) errorColumns.push(`"${name}"`);
    return column;
  });
  if (errors.size) {
    const kinds = [...errors].map(([code, n]) => `${code} ×${n}`).join(', ');
    const total = sumValues(errors);
    notes.push(`${label}: ${plural(total, 'error cell')} (${kinds}) in ${errorColumns.join(', ')} ${total === 1 ? 'was' : 'were'} loaded as empty (NULL). Fix the formulas in Excel, or filter the NULLs in a SQL cell.`);
  }
  return { columns, rowCount: dataRows.length, notes };
}

function isEmptyCell(cell: SheetCell | undefined): boolean {
  return !cell || cell.t === 'z' || cell.v === undefined || cell.v === null || (cell.t === 's' && String(cell.v).trim() === '');
}

function isEmptyRow(row: Array<SheetCell | undefined> | undefined): boolean {
  return !row || row.every(isEmptyCell);
}

function dataExtent(rows: SheetGrid['rows']): { lastRow: number; lastCol: number } | null {
  let lastRow = -1;
  let lastCol = -1;
  rows.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (isEmptyCell(cell)) return;
      lastRow = r;
      if (c > lastCol) lastCol = c;
    });
  });
  return lastRow < 0 ? null : { lastRow, lastCol };
}

/**
 * The first row that fills at least half the table's width with text. Title rows above it hold a
 * single cell (or one merged across), blank rows nothing.
 */
function findHeaderRow(rows: SheetGrid['rows'], lastRow: number): number {
  const scan = Math.min(lastRow, HEADER_SCAN_ROWS - 1);
  const filled: number[] = [];
  for (let r = 0; r <= scan; r++) filled.push((rows[r] ?? []).filter((c) => !isEmptyCell(c)).length);
  const need = Math.max(1, Math.ceil(Math.max(...filled) / 2));
  const allText = (r: number) => (rows[r] ?? []).every((c) => isEmptyCell(c) || c!.t === 's');
  const textual = filled.findIndex((n, r) => n >= need && allText(r));
  return textual >= 0 ? textual : filled.findIndex((n) => n >= need);
}

function headerNames(grid: SheetGrid, header: number, lastCol: number): string[] {
  const raw: string[] = [];
  for (let c = 0; c <= lastCol; c++) {
    const merge = grid.merges.find((m) => m.s.r <= header && header <= m.e.r && m.s.c <= c && c <= m.e.c);
    const cell = merge ? grid.rows[merge.s.r]?.[merge.s.c] : grid.rows[header]?.[c];
    const text = isEmptyCell(cell) ? '' : String(cell!.v).replace(/\s+/g, ' ').trim();
    raw.push(text || `column_${columnLetter(c)}`);
  }
  // DuckDB compares column names without case, so "Q1" and "q1" would clash.
  const taken = new Set<string>();
  return raw.map((name) => {
    let unique = name;
    for (let i = 2; taken.has(unique.toLowerCase()); i++) unique = `${name}_${i}`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

function readColumn(
  name: string, cells: Array<SheetCell | undefined>, date1904: boolean, isDateFormat: (f: string) => boolean, errors: Map<string, number>,
): SheetColumn {
  let kind: ColumnKind | undefined;
  const isDate = (cell: SheetCell) => dateFormat(cell.z, isDateFormat) !== 'none';
  for (const cell of cells) {
    if (isEmptyCell(cell)) continue;
    if (cell!.t === 'e') {
      const code = ERROR_NAMES[Number(cell!.v)] ?? '#ERROR';
      errors.set(code, (errors.get(code) ?? 0) + 1);
      continue;
    }
    kind = widen(kind, kindOf(cell!, isDate(cell!)));
  }
  const final = kind ?? 'string';
  const values = cells.map((cell) => {
    if (isEmptyCell(cell) || cell!.t === 'e') return null;
    return valueOf(cell!, final, isDate(cell!), date1904);
  });
  return { name, kind: final, values };
}

function kindOf(cell: SheetCell, dated: boolean): ColumnKind {
  if (cell.t === 'b') return 'bool';
  if (cell.t !== 'n') return 'string';
  const v = Number(cell.v);
  if (dated) return Number.isInteger(v) && formats.get(String(cell.z)) === 'date' ? 'date' : 'timestamp';
  return Number.isSafeInteger(v) ? 'int' : 'float';
}

// A sheet has a handful of formats and up to millions of cells: SheetJS's test parses the format
// each time, so each format's answer is kept.
const formats = new Map<string, 'none' | 'date' | 'datetime'>();

function dateFormat(z: SheetCell['z'], isDateFormat: (f: string) => boolean): 'none' | 'date' | 'datetime' {
  if (typeof z !== 'string' || z === 'General') return 'none';
  let known = formats.get(z);
  if (known === undefined) {
    known = !isDateFormat(z) ? 'none' : /[hs]/i.test(z.replace(/"[^"]*"/g, '')) ? 'datetime' : 'date';
    if (formats.size > 1000) formats.clear();
    formats.set(z, known);
  }
  return known;
}

function widen(a: ColumnKind | undefined, b: ColumnKind): ColumnKind {
  if (a === undefined || a === b) return b;
  const pair = new Set([a, b]);
  if (pair.has('int') && pair.has('float')) return 'float';
  if (pair.has('date') && pair.has('timestamp')) return 'timestamp';
  return 'string';
}

function valueOf(cell: SheetCell, kind: ColumnKind, dated: boolean, date1904: boolean): number | string | boolean {
  const v = cell.v;
  switch (kind) {
    case 'bool':
      return v === true;
    case 'int':
    case 'float':
      return Number(v);
    case 'date':
      return serialToEpochDays(Number(v), date1904);
    case 'timestamp':
      // Excel keeps times to the millisecond.
      return Math.round(serialToEpochDays(Number(v), date1904) * 86_400_000) * 1000;
    default:
      if (cell.t === 'b') return v ? 'TRUE' : 'FALSE';
      if (cell.t === 'n' && dated) {
        const iso = new Date(Math.round(serialToEpochDays(Number(v), date1904) * 86_400_000)).toISOString();
        return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
      }
      return String(v);
  }
}

/**
 * Days since 1970-01-01 for an Excel date serial. In the 1900 system serial 1 is 1900-01-01 and
 * serial 60 is the 29 February 1900 that never was (kept from Lotus 1-2-3), so earlier serials are
 * one day off; in the 1904 system (old Mac Excel) serial 0 is 1904-01-01.
 */
export function serialToEpochDays(serial: number, date1904: boolean): number {
  if (date1904) return serial - 24_107;
  return serial < 60 ? serial - 25_568 : serial - 25_569;
}

function trailingNote(ref: CellRange | null, extent: { lastRow: number; lastCol: number }): string | null {
  if (!ref) return null;
  const parts: string[] = [];
  if (ref.e.r > extent.lastRow) parts.push(`empty rows ${extent.lastRow + 2}–${ref.e.r + 1}`);
  if (ref.e.c > extent.lastCol) parts.push(`empty columns ${columnLetter(extent.lastCol + 1)}–${columnLetter(ref.e.c)}`);
  return parts.length ? parts.join(' and ') + ' at the end of the sheet' : null;
}

export function columnLetter(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function sumValues(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}
