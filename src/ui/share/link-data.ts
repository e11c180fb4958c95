import { MAX_EMBEDDED_BYTES, gzip } from '../../engine/share-link.ts';
import type { SourceSpec } from '../../engine/workbook.ts';

/** A data file that could travel inside a share link, or why it cannot. */
export interface LinkData {
  table: string;
  file: string;
  /** What goes in the link, as the share dialog names it. */
  label: string;
  /** The file's text, when it can be included. */
  text: string | null;
  compressedBytes: number | null;
  reason: string | null;
}

/**
 * The user's data files and whether each is small enough to put in a link. A text file travels
 * exactly as it was, so it loads with the same columns. An Excel file does not travel: its loaded
 * sheet does, as CSV (`csvOf`, the table's data), and is read back with the recorded types.
 */
export async function linkDataFor(
  sources: SourceSpec[], fileOf: (table: string) => File | undefined, csvOf: (table: string) => Promise<Blob | undefined> = async () => undefined,
): Promise<LinkData[]> {
  const out: LinkData[] = [];
  for (const source of sources) {
    if (source.origin !== 'file') continue;
    const excel = source.format === 'excel';
    const label = excel ? `the data of ${source.sheet ? `sheet "${source.sheet}" of ` : ''}${source.file}, as CSV,` : `the data of ${source.file}`;
    const entry = { table: source.name, file: source.file, label };
    const file = excel ? await csvOf(source.name) : fileOf(source.name);
    if (!file) {
      out.push({ ...entry, text: null, compressedBytes: null, reason: excel ? 'its table is not loaded in this tab' : 'its file is not open in this tab' });
      continue;
    }
    // A first cut by raw size keeps a large file from being read at all.
    if (file.size > 40 * MAX_EMBEDDED_BYTES) {
      out.push({ ...entry, text: null, compressedBytes: null, reason: `it is ${megabytes(file.size)}, far over the ${kilobytes(MAX_EMBEDDED_BYTES)} limit` });
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      out.push({ ...entry, text: null, compressedBytes: null, reason: 'only text files (CSV or JSON) can go in a link' });
      continue;
    }
    const compressedBytes = (await gzip(bytes)).length;
    const tooBig = compressedBytes > MAX_EMBEDDED_BYTES;
    out.push({
      ...entry, text: tooBig ? null : text, compressedBytes,
      reason: tooBig ? `it is ${kilobytes(compressedBytes)} compressed; the limit is ${kilobytes(MAX_EMBEDDED_BYTES)}` : null,
    });
  }
  return out;
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
}
