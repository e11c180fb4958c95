import { CFB, SSF, read, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { LoadError } from '../load-error.ts';
import { columnsToArrowIPC } from '../arrow-columns.ts';
import { isOle, isZip } from './magic.ts';
import { sheetToColumns, type CellRange, type SheetGrid } from './sheet-columns.ts';

export interface ExcelResult {
  ipc: Uint8Array;
  notes: string[];
  /** The sheet that was loaded. */
  sheet: string;
  /** The sheets a user may choose from: the visible ones. */
  sheets: string[];
}

/**
 * Reads one sheet of an .xlsx or .xls file into an Arrow IPC stream. Without `sheet`, the first
 * visible sheet is read; the result lists the others so the user can pick one.
 */
export function excelToIPC(fileName: string, bytes: Uint8Array, sheet?: string, onProgress?: (fraction: number) => void): ExcelResult {
  if (isOle(bytes) && isEncrypted(bytes)) throw passwordProtected(fileName);
  // Without a chosen sheet, the first one is read, and read again only in the rare case that it
  // is hidden: a separate pass for the list of sheets would unzip and parse the strings twice.
  let wb = readBook(fileName, bytes, sheet ?? 0);
  const target = sheet ?? visibleSheets(wb)[0];
  if (target === undefined) throw new LoadError(`${fileName} has no visible sheets. Unhide a sheet in Excel and save the file again.`);
  if (!wb.SheetNames.includes(target)) {
    throw new LoadError(`${fileName} has no sheet "${target}"; its sheets are ${wb.SheetNames.map((n) => `"${n}"`).join(', ')}. Choose one of those.`);
  }
  if (!wb.Sheets[target]) wb = readBook(fileName, bytes, target);
  // The parse is the bulk of the work: it took the read from half way to 80%.
  onProgress?.(0.8);
  const visible = visibleSheets(wb);
  const notes: string[] = [];
  const hidden = wb.SheetNames.filter((n) => !visible.includes(n) && n !== target);
  if (hidden.length) notes.push(`${fileName}: hidden ${hidden.length === 1 ? 'sheet' : 'sheets'} ${hidden.map((n) => `"${n}"`).join(', ')} ${hidden.length === 1 ? 'was' : 'were'} skipped.`);
  if (visible.length > 1) notes.push(`${fileName} has ${visible.length} sheets; "${target}" was loaded. Choose another sheet, or load each as its own table, on this card.`);
  const ws = wb.Sheets[target];
  const label = `${fileName}, sheet "${target}"`;
  const table = ws ? sheetToColumns(label, gridOf(ws, wb), (f) => SSF.is_date(f)) : null;
  if (!table || table.columns.length === 0 || table.rowCount === 0) {
    const others = visible.filter((n) => n !== target);
    throw new LoadError(
      `${label} has no data${table ? ' below its header row' : ''}. ${others.length ? `Choose another sheet (${others.map((n) => `"${n}"`).join(', ')}).` : 'Add a header row and rows of data in Excel, then load it again.'}`,
    );
  }
  onProgress?.(0.9);
  notes.push(...table.notes);
  if (wb.Workbook?.WBProps?.date1904) notes.push(`${fileName} uses the 1904 date system (old Mac Excel); its dates were read in that system.`);
  return { ipc: columnsToArrowIPC(table.columns), notes, sheet: target, sheets: visible };
}

function readBook(fileName: string, bytes: Uint8Array, sheets: string | number): WorkBook {
  try {
    return read(bytes, { type: 'array', dense: true, cellNF: true, cellText: false, cellHTML: false, cellFormula: false, sheets });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(reason)) throw passwordProtected(fileName);
    if (isZip(bytes) || /zip|central directory|inflate|corrupt/i.test(reason)) {
      throw new LoadError(
        `${fileName} is damaged or cut short (${reason}), so it cannot be read as an Excel file. Open it in Excel and save it again, or copy or download it again.`,
        { cause: e },
      );
    }
    throw new LoadError(`${fileName} could not be read as an Excel file (${reason}). Open it in Excel and save it as .xlsx, or export the sheet as CSV.`, { cause: e });
  }
}

function visibleSheets(wb: WorkBook): string[] {
  const flags = wb.Workbook?.Sheets ?? [];
  return wb.SheetNames.filter((_, i) => !flags[i]?.Hidden);
}

// An encrypted Office file is an OLE container holding EncryptionInfo and EncryptedPackage
// streams in place of the workbook.
function isEncrypted(bytes: Uint8Array): boolean {
  try {
    const container = CFB.read(bytes, { type: 'array' });
    return container.FullPaths.some((p: string) => /\/(EncryptionInfo|EncryptedPackage)$/i.test(p));
  } catch {
    return false;
  }
}

function passwordProtected(fileName: string): LoadError {
  return new LoadError(
    `${fileName} is protected with a password, which Segbook cannot open. Open it in Excel, remove the password (File › Info › Protect Workbook), save it, and load it again.`,
  );
}

function gridOf(ws: WorkSheet, wb: WorkBook): SheetGrid {
  const rows = (ws['!data'] ?? []) as SheetGrid['rows'];
  return {
    rows,
    merges: (ws['!merges'] ?? []) as CellRange[],
    ref: ws['!ref'] ? decodeRange(ws['!ref']) : null,
    date1904: Boolean(wb.Workbook?.WBProps?.date1904),
  };
}

function decodeRange(ref: string): CellRange | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref);
  if (!m) return null;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { s: { r: Number(m[2]) - 1, c: col(m[1]) }, e: { r: Number(m[4] ?? m[2]) - 1, c: col(m[3] ?? m[1]) } };
}
