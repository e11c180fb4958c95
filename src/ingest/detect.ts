import type { SourceFormat } from '../engine/workbook.ts';
import { looksLikeSpreadsheet } from './excel/magic.ts';
import { LoadError, formatBytes } from './load-error.ts';

/** 'utf-16' is little-endian, which DuckDB reads itself; big-endian is converted first. */
export type TextEncoding = 'utf-8' | 'utf-16' | 'utf-16be' | 'latin-1';

export interface FileKind {
  format: SourceFormat;
  gzip: boolean;
  /** Only for text formats. */
  encoding: TextEncoding;
  /** Things worth telling the user about how the file was read. */
  notes: string[];
}

/** Bytes inspected to tell format, encoding and binary garbage apart. */
export const HEAD_BYTES = 64 * 1024;

/**
 * Parquet and JSON are parsed whole in the tab's memory, so they have a ceiling; CSV is read
 * from the file handle as needed and has none. JSON's is lower because V8 strings stop at 512 MB.
 */
export const MAX_PARQUET_BYTES = 1024 ** 3;
export const MAX_JSON_BYTES = 500 * 1024 ** 2;
/** SheetJS holds the unzipped sheet and an object per cell: 100k rows x 10 columns is 6 MB of .xlsx. */
export const MAX_EXCEL_BYTES = 100 * 1024 ** 2;

const EXTENSIONS: Record<string, SourceFormat> = {
  csv: 'csv', tsv: 'csv', txt: 'csv', tab: 'csv', parquet: 'parquet', pq: 'parquet', json: 'json', ndjson: 'json', jsonl: 'json',
  xlsx: 'excel', xlsm: 'excel', xls: 'excel',
};

export function formatFromName(fileName: string): { format: SourceFormat; gzip: boolean } | null {
  const m = /\.([a-z0-9]+)(\.gz)?$/i.exec(fileName);
  const format = m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
  return format ? { format, gzip: Boolean(m![2]) } : null;
}

/**
 * Decides how to read a file from its name, size and first bytes (after gunzip when gzipped).
 * Throws a LoadError for files that cannot be read, saying why and what to do.
 */
export function classifyFile(fileName: string, size: number, head: Uint8Array, compressed: boolean): FileKind {
  if (size === 0 || head.length === 0) {
    throw new LoadError(`${fileName} is empty. Choose a file with a header row and at least one row of data.`);
  }
  const notes: string[] = [];
  const byName = formatFromName(fileName);
  let format: SourceFormat;
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) {
    format = 'parquet';
    if (byName && byName.format !== 'parquet') notes.push(`${fileName} is a Parquet file despite its name; it was read as Parquet.`);
  } else if (!byName) {
    const ext = /\.[^.]+$/.exec(fileName)?.[0] ?? '(none)';
    throw new LoadError(
      `${fileName}: unsupported file type ${ext}. Segbook reads CSV, TSV, Excel (.xlsx, .xls), Parquet, JSON and NDJSON files, optionally gzipped (.gz); export the data in one of those.`,
    );
  } else if (byName.format === 'excel' && !looksLikeSpreadsheet(head)) {
    // CRM exports often save CSV text under an .xls name; read it as what it is.
    format = 'csv';
    notes.push(`${fileName} is a CSV (text) file despite its Excel name; it was read as CSV.`);
  } else {
    format = byName.format;
  }
  if (format === 'excel') {
    if (compressed) throw new LoadError(`${fileName}: a gzipped Excel file cannot be read; unzip it first.`);
    if (size > MAX_EXCEL_BYTES) throw tooBig(fileName, size, 'Excel', MAX_EXCEL_BYTES);
    return { format, gzip: false, encoding: 'utf-8', notes };
  }
  if (format === 'parquet') {
    if (compressed) throw new LoadError(`${fileName}: a gzipped Parquet file cannot be read; unzip it first.`);
    if (size > MAX_PARQUET_BYTES) throw tooBig(fileName, size, 'Parquet', MAX_PARQUET_BYTES);
    return { format, gzip: false, encoding: 'utf-8', notes };
  }
  if (format === 'json' && size > MAX_JSON_BYTES) throw tooBig(fileName, size, 'JSON', MAX_JSON_BYTES);

  const encoding = detectEncoding(fileName, head);
  if (encoding === 'latin-1') notes.push(`${fileName} is not UTF-8; it was read as Latin-1 (ISO-8859-1).`);
  if (encoding === 'utf-16' || encoding === 'utf-16be') notes.push(`${fileName} is UTF-16; it was converted as it was read.`);
  if (format === 'json' && encoding !== 'utf-8') {
    throw new LoadError(`${fileName}: JSON must be UTF-8, but this file is ${encoding}. Re-save it as UTF-8 and load it again.`);
  }
  return { format, gzip: compressed, encoding, notes };
}

function tooBig(fileName: string, size: number, kind: string, limit: number): LoadError {
  return new LoadError(
    `${fileName} is ${formatBytes(size)}; ${kind} files over ${formatBytes(limit)} are too large to parse in a browser tab. ` +
      `Convert it to CSV (which is read from disk as needed), or run the workbook with the command-line runner.`,
  );
}

function detectEncoding(fileName: string, head: Uint8Array): TextEncoding {
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  const utf16 = utf16Order(head);
  if (utf16) return utf16;
  const control = firstBinaryByte(head);
  if (control >= 0) {
    throw new LoadError(
      `${fileName} does not look like a text file (binary byte 0x${head[control].toString(16).padStart(2, '0')} at offset ${control}). ` +
        `If it is a spreadsheet, export it as CSV (UTF-8) and load that.`,
    );
  }
  return isUtf8(head) ? 'utf-8' : 'latin-1';
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

// UTF-16 text without a byte-order mark has a zero in every other byte for ASCII characters:
// the odd bytes in little-endian, the even ones in big-endian.
function utf16Order(head: Uint8Array): 'utf-16' | 'utf-16be' | null {
  const n = Math.min(head.length, 1024) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > 0.4 * pairs && evenZero < 0.05 * pairs) return 'utf-16';
  if (evenZero > 0.4 * pairs && oddZero < 0.05 * pairs) return 'utf-16be';
  return null;
}

function firstBinaryByte(head: Uint8Array): number {
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return i;
    if (b === 0x7f) return i;
  }
  return -1;
}

function isUtf8(head: Uint8Array): boolean {
  // The head may end inside a multi-byte character; ignore a few trailing bytes.
  const end = head.length < HEAD_BYTES ? head.length : Math.max(0, head.length - 4);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** The first bytes of a file, gunzipped when it is gzip-compressed. */
export async function readHead(blob: Blob): Promise<{ head: Uint8Array; compressed: boolean }> {
  const raw = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return { head: raw, compressed: false };
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      total += value.length;
    }
  } catch {
    // A corrupt gzip stream shows up as an error later, when DuckDB reads the file.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const head = new Uint8Array(Math.min(total, HEAD_BYTES));
  let offset = 0;
  for (const p of parts) {
    const take = Math.min(p.length, head.length - offset);
    head.set(p.subarray(0, take), offset);
    offset += take;
    if (offset >= head.length) break;
  }
  return { head, compressed: true };
}
