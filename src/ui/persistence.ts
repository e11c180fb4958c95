import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { Workbook } from '../engine/workbook.ts';
import { readWorkbook } from '../engine/workbook-format.ts';

/**
 * The workbook and the file handles that let its data files be re-opened after a reload, kept in
 * this browser's IndexedDB. The data itself is never stored.
 */
export class WorkbookStorage {
  readonly #store: UseStore;

  constructor(name = 'segbook') {
    this.#store = createStore(name, 'workbook');
  }

  async load(): Promise<Workbook | null> {
    const raw = await get<unknown>('workbook', this.#store);
    if (raw === undefined) return null;
    return readWorkbook(raw, 'the workbook saved in this browser');
  }

  save(wb: Workbook): Promise<void> {
    return set('workbook', JSON.parse(JSON.stringify(wb)), this.#store);
  }

  async fileHandle(table: string): Promise<FileSystemFileHandle | undefined> {
    return get<FileSystemFileHandle>(`handle:${table}`, this.#store);
  }

  async saveFileHandle(table: string, handle: FileSystemFileHandle | null): Promise<void> {
    if (handle) await set(`handle:${table}`, handle, this.#store);
    else await del(`handle:${table}`, this.#store);
  }
}

/** A file handle's file, when the browser still grants read access without asking. */
export async function fileIfGranted(handle: FileSystemFileHandle): Promise<File | null> {
  const h = handle as FileSystemFileHandle & { queryPermission?: (d: { mode: 'read' }) => Promise<PermissionState> };
  try {
    if (h.queryPermission && (await h.queryPermission({ mode: 'read' })) !== 'granted') return null;
    return await handle.getFile();
  } catch {
    return null;
  }
}

/** Asks for read access again; must be called from a user gesture. */
export async function requestFile(handle: FileSystemFileHandle): Promise<File | null> {
  const h = handle as FileSystemFileHandle & { requestPermission?: (d: { mode: 'read' }) => Promise<PermissionState> };
  try {
    if (h.requestPermission && (await h.requestPermission({ mode: 'read' })) !== 'granted') return null;
    return await handle.getFile();
  } catch {
    return null;
  }
}
