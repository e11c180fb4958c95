import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { read, type CellObject } from '@e965/xlsx';
import { describeTable } from '../../src/db/catalog.ts';
import type { Database } from '../../src/db/database.ts';
import { quoteIdentifier } from '../../src/db/sql-quote.ts';

/** A cell as a spreadsheet user sees it: number, text, boolean or date (ISO, to the millisecond), or empty. */
export type Cell = { t: 'n'; v: number } | { t: 's'; v: string } | { t: 'b'; v: boolean } | { t: 'd'; v: string } | null;

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'read_xlsx.py');
export const hasOpenpyxl = spawnSync(PYTHON, ['-c', 'import openpyxl']).status === 0;

interface PyCell { t: string; v: unknown; f: string }
export interface PyFile { sheets?: string[]; rows?: Array<Array<PyCell | null>>; text?: string }

/** Every file in an .xlsx or a .zip as openpyxl reads it. */
export function readWithOpenpyxl(bytes: Uint8Array, name: string): Record<string, PyFile> {
  const path = join(mkdtempSync(join(tmpdir(), 'segbook-xlsx-')), name);
  writeFileSync(path, bytes);
  return JSON.parse(execFileSync(PYTHON, [SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

export function pyCells(file: PyFile): Cell[][] {
  return (file.rows ?? []).map((row) => row.map(fromPython));
}

function fromPython(c: PyCell | null): Cell {
  if (c === null) return null;
  if (c.t === 'n') return { t: 'n', v: Number(c.v) };
  if (c.t === 'b') return { t: 'b', v: Boolean(c.v) };
  if (c.t === 'd') return { t: 'd', v: String(c.v) };
  // openpyxl reads a stored empty string as None of type "str".
  return { t: 's', v: c.v === null ? '' : String(c.v) };
}

/** The sheet names and cells of an .xlsx as SheetJS reads it back; date cells by their number format. */
export function readWithSheetJs(bytes: Uint8Array): { sheets: string[]; cells: Cell[][] } {
  const book = read(bytes, { dense: true, cellNF: true });
  const sheet = book.Sheets[book.SheetNames[0]];
  const rows: CellObject[][] = sheet['!data'] ?? [];
  const width = rows[0]?.length ?? 0;
  // SheetJS leaves a row's trailing empty cells out; the comparison wants every column.
  return { sheets: book.SheetNames, cells: rows.map((row) => Array.from({ length: width }, (_, j) => fromSheetJs(row?.[j]))) };
}

function fromSheetJs(c: CellObject | undefined): Cell {
  if (!c || c.t === 'z') return null;
  if (c.t === 'n' && typeof c.z === 'string' && /yy/.test(c.z)) {
    const ms = Math.round((Number(c.v) - 25_569) * 86_400_000);
    return { t: 'd', v: new Date(ms).toISOString().slice(0, 23) };
  }
  if (c.t === 'n') return { t: 'n', v: Number(c.v) };
  if (c.t === 'b') return { t: 'b', v: Boolean(c.v) };
  return { t: 's', v: String(c.v) };
}

/**
 * What each cell of `sql`'s result should be in Excel, computed by DuckDB on its own: text by
 * CAST AS VARCHAR, dates and timestamps by strftime, and which numbers Excel can hold exactly.
 * Dates come as midnight timestamps, as readers give them.
 */
export async function expectedCells(db: Database, sql: string): Promise<Cell[][]> {
  await db.exec(`CREATE OR REPLACE TEMP VIEW __expected AS ${sql}`);
  const columns = await describeTable(db, '__expected');
  const select = columns.map(({ name, type }, j) => {
    const c = quoteIdentifier(name);
    const v = /^(DATE|TIMESTAMP)/.test(type) ? `strftime(${c}::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%g')` : `CAST(${c} AS VARCHAR)`;
    return `${v} AS v${j}`;
  });
  const rows = await db.query(`SELECT ${select.join(', ')} FROM __expected`);
  const header: Cell[] = columns.map((c) => ({ t: 's', v: c.name }));
  return [header, ...rows.map((r) => columns.map(({ type }, j) => expected(type, r[`v${j}`])))];
}

function expected(type: string, text: unknown): Cell {
  if (text === null) return null;
  const s = String(text);
  // Excel has no day before 1900-03-01 (its 1900-02-29 never was): such days are written as text.
  if (/^(DATE|TIMESTAMP)/.test(type)) return s < '1900-03-01' ? { t: 's', v: s.slice(0, 10) } : { t: 'd', v: s };
  if (type === 'BOOLEAN') return { t: 'b', v: s === 'true' };
  if (/INT|DOUBLE|FLOAT|DECIMAL/.test(type)) {
    if (!Number.isFinite(Number(s))) return { t: 's', v: s === 'nan' ? 'NaN' : s.startsWith('-') ? '-Infinity' : 'Infinity' };
    const digits = s.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    const exact = /^(DOUBLE|FLOAT)$/.test(type) || (/INT/.test(type) ? Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER : digits.length <= 15);
    return exact ? { t: 'n', v: Number(s) } : { t: 's', v: s };
  }
  return { t: 's', v: s };
}
