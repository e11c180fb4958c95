// Kept apart from the reader so the page can sniff a file without loading SheetJS.
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

export function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** An .xlsx is a zip. */
export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP);
}

/** An .xls, and an encrypted .xlsx, is an OLE compound file. */
export function isOle(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE);
}

/** True for bytes that start like a spreadsheet: a zip (.xlsx) or an OLE compound file (.xls). */
export function looksLikeSpreadsheet(head: Uint8Array): boolean {
  return isZip(head) || isOle(head);
}
