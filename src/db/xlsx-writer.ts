import { DataType, TimeUnit, makeVector, type Data, type Table } from 'apache-arrow';
import { utils, write, type CellObject, type WorkSheet } from '@e965/xlsx';

/** Rows an Excel sheet holds, the header row included. */
export const XLSX_MAX_ROWS = 1_048_576;
/** Characters an Excel cell holds. */
const MAX_TEXT = 32_767;
/** Days from Excel's day 0 (1899-12-30 in the 1900 date system) to 1970-01-01. */
const EPOCH_SERIAL = 25_569;
/** Excel's first date after its fictitious 1900-02-29, and its last one (9999-12-31), as days since 1970. */
const FIRST_DAY = -25_508;
const LAST_DAY = 2_932_896;
const DAY_MS = 86_400_000;
/** A double holds integers and decimals of up to 15 significant digits exactly, as Excel does. */
const EXCEL_DIGITS = 15;
const TICKS_PER_DAY: Record<TimeUnit, number> = {
  [TimeUnit.SECOND]: 86_400, [TimeUnit.MILLISECOND]: DAY_MS, [TimeUnit.MICROSECOND]: DAY_MS * 1000, [TimeUnit.NANOSECOND]: DAY_MS * 1e6,
};

type CellAt = (i: number) => CellObject | undefined;

/**
 * Writes an Arrow table as an .xlsx workbook of one sheet: a header row, then one row per row.
 * Numbers are numbers, dates and timestamps real Excel dates (UTC), booleans booleans, text text
 * (so "00123" keeps its zeros and "=HYPERLINK(...)" never runs as a formula), NULL an empty cell.
 * A value Excel would change is written as its exact text instead: integers and decimals past 15
 * digits, NaN and infinities, dates before 1900-03-01 or after 9999. `numericText` names text
 * columns that hold numbers (decimals travel as their exact text).
 */
export function writeXlsx(table: Table, numericText: ReadonlySet<string> = new Set(), sheetName = 'data'): Uint8Array {
  if (table.numRows + 1 > XLSX_MAX_ROWS) {
    throw new Error(`${table.numRows.toLocaleString('en-US')} rows do not fit in one Excel sheet, which holds ${(XLSX_MAX_ROWS - 1).toLocaleString('en-US')} below its header; download CSV or Parquet instead`);
  }
  const fields = table.schema.fields;
  // Dense rows: SheetJS's sparse "A1" keys cost a string and a map entry per cell.
  const rows: CellObject[][] = [fields.map((f) => ({ t: 's', v: f.name }))];
  for (let i = 0; i < table.numRows; i++) rows.push(new Array<CellObject>(fields.length));
  let at = 1;
  for (const batch of table.batches) {
    fields.forEach((f, j) => {
      const cell = cellsOf(batch.data.children[j], f.name, numericText.has(f.name), at);
      for (let i = 0; i < batch.numRows; i++) {
        const c = cell(i);
        if (c) rows[at + i][j] = c;
      }
    });
    at += batch.numRows;
  }
  const sheet: WorkSheet = { '!data': rows, '!ref': utils.encode_range({ s: { r: 0, c: 0 }, e: { r: table.numRows, c: Math.max(fields.length - 1, 0) } }) };
  sheet['!cols'] = fields.map((f) => ({ wch: Math.min(Math.max(f.name.length + 2, 12), 40) }));
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, sheetTitle(sheetName));
  const out: ArrayBuffer = write(book, { type: 'array', bookType: 'xlsx', compression: true });
  return new Uint8Array(out);
}

/** A sheet title Excel accepts: at most 31 characters, none of []:*?/\ and no leading or trailing quote. */
export function sheetTitle(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'data';
}

function cellsOf(data: Data, column: string, numericText: boolean, firstRow: number): CellAt {
  const type = data.type;
  const present = (cell: CellAt): CellAt => (i) => (data.getValid(i) ? cell(i) : undefined);
  const text = textCell(column, firstRow);
  if (DataType.isInt(type) || DataType.isFloat(type)) {
    const values: ArrayLike<number | bigint> = data.values;
    return present((i) => numberCell(values[i]));
  }
  if (DataType.isDate(type)) {
    const values: ArrayLike<number | bigint> = data.values;
    const perDay = type.unit === 0 ? 1 : DAY_MS;
    return present((i) => dayCell(Number(values[i]) / perDay, 0, 'yyyy-mm-dd'));
  }
  if (DataType.isTimestamp(type)) {
    const values: ArrayLike<number | bigint> = data.values;
    const perDay = TICKS_PER_DAY[type.unit];
    return present((i) => {
      const ticks = Number(values[i]);
      const days = Math.floor(ticks / perDay);
      return dayCell(days, (ticks - days * perDay) / perDay, 'yyyy-mm-dd hh:mm:ss');
    });
  }
  const vector = makeVector(data);
  if (DataType.isBool(type)) return present((i) => ({ t: 'b', v: Boolean(vector.get(i)) }));
  if (numericText) return present((i) => decimalCell(String(vector.get(i))));
  return present((i) => text(String(vector.get(i)), i));
}

function numberCell(v: number | bigint): CellObject {
  if (typeof v === 'bigint') return v >= -MAX_SAFE && v <= MAX_SAFE ? { t: 'n', v: Number(v) } : { t: 's', v: v.toString() };
  if (Number.isFinite(v)) return { t: 'n', v };
  return { t: 's', v: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function decimalCell(s: string): CellObject {
  const digits = s.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= EXCEL_DIGITS ? { t: 'n', v: Number(s) } : { t: 's', v: s };
}

function dayCell(days: number, fraction: number, format: string): CellObject {
  if (days < FIRST_DAY || days > LAST_DAY) return { t: 's', v: isoText(days, fraction) };
  return { t: 'n', v: days + fraction + EPOCH_SERIAL, z: format };
}

function isoText(days: number, fraction: number): string {
  const iso = new Date(days * DAY_MS + Math.round(fraction * DAY_MS)).toISOString();
  return fraction ? iso.replace('T', ' ').replace(/\.000Z$|Z$/, '') : iso.slice(0, iso.indexOf('T'));
}

function textCell(column: string, firstRow: number): (s: string, i: number) => CellObject {
  return (s, i) => {
    if (s.length > MAX_TEXT) {
      throw new Error(`column "${column}" row ${firstRow + i} holds ${s.length.toLocaleString('en-US')} characters, more than an Excel cell holds (32,767); shorten it in SQL or download CSV`);
    }
    return { t: 's', v: s };
  };
}
