import type { FileShelf } from './source-store.ts';

declare global {
  // Chromium and Firefox have it; TypeScript's DOM types list it only with DOM.AsyncIterable.
  interface FileSystemDirectoryHandle {
    values(): AsyncIterableIterator<FileSystemHandle>;
  }
}

/** The folder of the origin-private file system that holds kept sources, and nothing else. */
export const SOURCES_DIRECTORY = 'segbook-sources';

/**
 * Files in the origin-private file system, written from the page: createWritable writes to a
 * swap file that replaces the real one only on close, so a failed write leaves the old file or
 * none. DuckDB never sees this folder; its lockdown allows /uploads/ only.
 */
export class OpfsShelf implements FileShelf {
  #dir: Promise<FileSystemDirectoryHandle> | null = null;

  /** Whether this browser has the origin-private file system with writable files (Chromium, Firefox). */
  static available(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function' && 'createWritable' in FileSystemFileHandle.prototype;
  }

  async write(name: string, data: Blob): Promise<void> {
    const handle = await (await this.#folder()).getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    try {
      await writable.write(data);
      await writable.close();
    } catch (e) {
      await writable.abort().catch(() => undefined);
      throw e;
    }
  }

  async read(name: string): Promise<File | null> {
    try {
      return await (await (await this.#folder()).getFileHandle(name)).getFile();
    } catch (e) {
      if (e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError')) return null;
      throw e;
    }
  }

  async list(): Promise<Array<{ name: string; bytes: number }>> {
    const out: Array<{ name: string; bytes: number }> = [];
    for await (const handle of (await this.#folder()).values()) {
      if (handle instanceof FileSystemFileHandle) out.push({ name: handle.name, bytes: (await handle.getFile()).size });
    }
    return out;
  }

  async remove(name: string): Promise<void> {
    try {
      await (await this.#folder()).removeEntry(name);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
    }
  }

  async room(): Promise<number | null> {
    const { quota, usage } = await navigator.storage.estimate();
    return quota === undefined || usage === undefined ? null : quota - usage;
  }

  #folder(): Promise<FileSystemDirectoryHandle> {
    this.#dir ??= navigator.storage.getDirectory().then((root) => root.getDirectoryHandle(SOURCES_DIRECTORY, { create: true }));
    // A failure (storage switched off in private windows, say) is retried next time rather than kept.
    this.#dir.catch(() => (this.#dir = null));
    return this.#dir;
  }
}
