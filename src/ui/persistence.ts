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
    return set('workbook', wb, this.#store);
  }

  async fileHandle(table: string): Promise<FileSystemFileHandle | undefined> {
    return get<FileSystemFileHandle>(`handle:${table}`, this.#store);
  }

  async saveFileHandle(table: string, handle: FileSystemFileHandle | null): Promise<void> {
    if (handle) await set(`handle:${table}`, handle, this.#store);
    else await del(`handle:${table}`, this.#store);
  }
}

type PermissionHandle = FileSystemFileHandle & {
  queryPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
  requestPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
};

/**
 * A file handle's file, when the browser grants read access. With `ask`, the browser may ask
 * the user, which needs a user gesture; without, only access already granted counts.
 */
export async function fileFromHandle(handle: FileSystemFileHandle, ask: boolean): Promise<File | null> {
  const h: PermissionHandle = handle;
  const check = ask ? h.requestPermission : h.queryPermission;
  try {
    if (check && (await check.call(h, { mode: 'read' })) !== 'granted') return null;
    return await handle.getFile();
  } catch {
    return null;
  }
}
