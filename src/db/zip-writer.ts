import { CFB } from '@e965/xlsx';

/** A file to put in a zip archive. */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

/**
 * Packs files into one deflated .zip, with the zip writer SheetJS already ships for .xlsx (an
 * .xlsx is itself a zip), so the archive costs no second library. Names must be unique.
 */
export function zipFiles(entries: ZipEntry[]): Uint8Array {
  const names = new Set<string>();
  const archive = CFB.utils.cfb_new();
  for (const { name, bytes } of entries) {
    if (names.has(name)) throw new Error(`two files in one zip have the same name: "${name}"`);
    names.add(name);
    CFB.utils.cfb_add(archive, name, bytes);
  }
  const out: ArrayLike<number> = CFB.write(archive, { fileType: 'zip', type: 'array', compression: true });
  return out instanceof Uint8Array ? out : Uint8Array.from(out);
}
