import { read } from '@e965/xlsx';
import { isOle, isZip } from './magic.ts';

/**
 * The visible sheets of an Excel file, read before loading so that the user can choose one.
 * For an .xlsx only xl/workbook.xml is unzipped: SheetJS (and its zip reader) inflate every part,
 * shared strings and all, which took seconds for a 100k-row file. An empty list means the file
 * could not be listed; loading it then says what is wrong with it.
 */
export async function excelSheetNames(bytes: Uint8Array): Promise<string[]> {
  try {
    if (isZip(bytes)) {
      const xml = await zipEntryText(bytes, 'xl/workbook.xml');
      return xml === null ? [] : visibleSheetsOfWorkbookXml(xml);
    }
    if (isOle(bytes)) {
      // An .xls is at most 65,536 rows; SheetJS lists its sheets, with their hidden flags, without reading them.
      const wb = read(bytes, { type: 'array', sheets: '\u0000' });
      const flags = wb.Workbook?.Sheets ?? [];
      return wb.SheetNames.filter((_, i) => !flags[i]?.Hidden);
    }
  } catch {
    // Encrypted, damaged: the load that follows names the problem.
  }
  return [];
}

/** The names of the <sheet> elements of workbook.xml whose state is not hidden or veryHidden. */
export function visibleSheetsOfWorkbookXml(xml: string): string[] {
  const names: string[] = [];
  for (const [tag] of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    const state = /\sstate="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined && state !== 'hidden' && state !== 'veryHidden') names.push(unescapeXml(name));
  }
  return names;
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()];
  });
}

/** One entry of a zip, found through its central directory, as text; null when it is not there. */
async function zipEntryText(zip: Uint8Array, path: string): Promise<string | null> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record sits in the last 64 KB + 22 bytes (its comment is at most 64 KB).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < count && at + 46 <= zip.length && view.getUint32(at, true) === 0x02014b50; n++) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    if (name === path) {
      const local = view.getUint32(at + 42, true);
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = zip.subarray(start, start + size);
      if (method === 0) return decoder.decode(data);
      if (method !== 8) return null;
      const inflated = new Blob([data.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return new Response(inflated).text();
    }
    at += 46 + skip;
  }
  return null;
}
