import { isObject } from './cells/fields.ts';
import { kindEntry } from './cells/registry.ts';
import { WORKBOOK_VERSION, type Workbook } from './workbook.ts';
import { WorkbookFormatError, checkDepth, readWorkbook } from './workbook-format.ts';

/**
 * Share links carry a workbook in the URL's #hash, which browsers never send to a server:
 * `#wb=<format version>.<base64url(gzip(JSON))>`. The version comes first, in plain text, so a
 * link from a newer Segbook is recognised before anything is decompressed.
 */
export const LINK_PREFIX = '#wb=';

/** Above this many characters, some email clients cut a link. */
export const LONG_LINK_CHARS = 2_000;
/** Above this, a link is too long to pass around; the workbook file is the better way. */
export const FILE_INSTEAD_CHARS = 32 * 1024;
/** A data file may travel inside a link up to this size, compressed. */
export const MAX_EMBEDDED_BYTES = 50 * 1024;
/** Browsers refuse to navigate to URLs over 2 MB, so no real link is longer than this. */
export const MAX_LINK_CHARS = 2 * 1024 * 1024;
/** Decompressing stops here, so a small link cannot expand into gigabytes (a gzip bomb). */
export const MAX_JSON_BYTES = 5 * 1024 * 1024;

/** A workbook and, optionally, the text of small data files, by source table name. */
export interface SharedWorkbook {
  workbook: Workbook;
  data: Record<string, string>;
}

/** A link that cannot be opened, with the reason and what to do. */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

export function isShareHash(hash: string): boolean {
  return hash.startsWith(LINK_PREFIX);
}

/**
 * The long setting a cell of this kind keeps as it was made, which a link leaves out when
 * unchanged (a typical link is a third shorter) and the decoder puts back.
 */
const leftOutWhenDefault = (kind: unknown) => kindEntry(kind)?.leftOutWhenDefault;

export async function encodeShareHash(shared: SharedWorkbook): Promise<string> {
  const cells = shared.workbook.cells.map((cell) => {
    const rule = leftOutWhenDefault(cell.kind);
    if (!rule) return cell;
    const copy: Record<string, unknown> = { ...cell };
    if (JSON.stringify(copy[rule.field]) === JSON.stringify(rule.value)) delete copy[rule.field];
    return copy;
  });
  const payload = { ...shared.workbook, cells, ...(Object.keys(shared.data).length ? { data: shared.data } : {}) };
  return packShareHash(JSON.stringify(payload), shared.workbook.version);
}

function restoreDefaults(raw: Record<string, unknown>): void {
  if (!Array.isArray(raw.cells)) return;
  for (const cell of raw.cells) {
    const rule = isObject(cell) ? leftOutWhenDefault(cell.kind) : undefined;
    if (rule && isObject(cell) && !Object.hasOwn(cell, rule.field)) cell[rule.field] = rule.value; // the reader copies it into the cell
  }
}

/** Compresses any text into a link hash with the given version; the tests use it to build damaged links. */
export async function packShareHash(json: string, version: number): Promise<string> {
  return `${LINK_PREFIX}${version}.${toBase64Url(await gzip(new TextEncoder().encode(json)))}`;
}

export async function decodeShareHash(hash: string): Promise<SharedWorkbook> {
  if (hash.length > MAX_LINK_CHARS) {
    throw new ShareLinkError(
      `This link is ${hash.length.toLocaleString('en')} characters long; Segbook opens links up to ${MAX_LINK_CHARS.toLocaleString('en')}. Ask for the workbook file instead.`,
    );
  }
  if (!isShareHash(hash)) throw new ShareLinkError('This is not a Segbook share link: it should start with #wb=. Copy the whole link again.');
  const body = hash.slice(LINK_PREFIX.length);
  const match = /^(\d{1,9})\.(.*)$/s.exec(body);
  if (!match) throw new ShareLinkError('This share link has no format version (#wb=1.…): it was cut short or changed. Copy the whole link again.');
  const version = Number(match[1]);
  if (version > WORKBOOK_VERSION) {
    throw new ShareLinkError(
      `This link was made by a newer Segbook (format ${version}); this one reads up to format ${WORKBOOK_VERSION}. Update Segbook (reload the page), then open the link again.`,
    );
  }
  if (version < 1) throw new ShareLinkError(`This share link has an invalid format version: ${match[1]}. Copy the whole link again.`);
  const encoded = match[2];
  if (encoded === '') throw new ShareLinkError('This share link is empty: nothing follows #wb=1. Copy the whole link again.');
  const bytes = fromBase64Url(encoded);
  const text = await gunzipText(bytes, MAX_JSON_BYTES);
  let raw: unknown;
  try {
    checkDepth(text, 'This share link');
  } catch (e) {
    throw new ShareLinkError(e instanceof Error ? e.message : String(e), { cause: e });
  }
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ShareLinkError('This share link is damaged: its content is not a workbook. Copy the whole link again.');
  }
  if (!isObject(raw) || raw.version !== version) {
    throw new ShareLinkError(`This share link is damaged: it says format ${version} but holds something else. Copy the whole link again.`);
  }
  restoreDefaults(raw);
  let workbook: Workbook;
  try {
    workbook = readWorkbook(raw, 'the shared workbook');
  } catch (e) {
    if (e instanceof WorkbookFormatError) throw new ShareLinkError(`${e.message} The link cannot be opened.`, { cause: e });
    throw e;
  }
  return { workbook, data: readEmbeddedData(raw.data, workbook) };
}

/** Text of data files in the link: only for the link's own file sources, and only text. */
function readEmbeddedData(raw: unknown, wb: Workbook): Record<string, string> {
  if (raw === undefined) return {};
  const fail = (what: string): never => {
    throw new ShareLinkError(`This share link is damaged: ${what}. Copy the whole link again.`);
  };
  if (!isObject(raw)) return fail('its included data is not a list of tables');
  // fromEntries defines own properties: a table called __proto__ or constructor is a table like any other.
  return Object.fromEntries(
    Object.entries(raw).map(([table, text]) => {
      const source = wb.sources.find((s) => s.name === table);
      if (!source || source.origin !== 'file') fail(`it includes data for ${JSON.stringify(table)}, which is not one of its data files`);
      if (typeof text !== 'string') fail(`the included data of ${table} is not text`);
      return [table, String(text)];
    }),
  );
}

export async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decompresses chunk by chunk and gives up as soon as the output passes `cap` bytes. */
async function gunzipText(bytes: Uint8Array<ArrayBuffer>, cap: number): Promise<string> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        void reader.cancel().catch(() => undefined);
        throw new ShareLinkError(
          `This share link unpacks to more than ${cap / 1024 / 1024} MB, more than any workbook needs; it was not opened. Ask for the workbook file instead.`,
        );
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ShareLinkError) throw e;
    throw new ShareLinkError('This share link is damaged or was cut short (its compressed content is incomplete). Copy the whole link again.', { cause: e });
  }
  const joined = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(joined);
  } catch {
    throw new ShareLinkError('This share link is damaged: its content is not text. Copy the whole link again.');
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes its arguments on the stack: go in slices.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad) {
    const shown = bad[0] === '%' ? text.slice(bad.index, bad.index + 3) : JSON.stringify(bad[0]);
    throw new ShareLinkError(`This share link is damaged: it holds ${shown} at character ${bad.index + 1}, which a Segbook link never does. Copy the whole link again.`);
  }
  if (text.length % 4 === 1) throw new ShareLinkError('This share link was cut short (its length is impossible). Copy the whole link again.');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
