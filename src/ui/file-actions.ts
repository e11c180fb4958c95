/** File types offered by "Open files…". */
export const DATA_ACCEPT = '.csv,.tsv,.txt,.tab,.gz,.xlsx,.xlsm,.xls,.parquet,.pq,.json,.ndjson,.jsonl';

export interface PickedFile {
  file: File;
  /** Lets the file be re-opened after a reload, where the browser gives one. */
  handle: FileSystemFileHandle | null;
}

declare global {
  // Chromium's File System Access API, not yet in TypeScript's DOM types.
  interface Window {
    showOpenFilePicker?: (options: { multiple: boolean }) => Promise<FileSystemFileHandle[]>;
  }
  interface DataTransferItem {
    getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
  }
}

/**
 * Asks the user for files. Uses the File System Access picker where the browser has it, because
 * its handles survive a reload; otherwise a plain file input.
 */
export async function pickFilesWithHandles(multiple: boolean): Promise<PickedFile[]> {
  const picker = window.showOpenFilePicker;
  if (picker) {
    try {
      const handles = await picker.call(window, { multiple });
      return Promise.all(handles.map(async (handle) => ({ file: await handle.getFile(), handle })));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return [];
    }
  }
  return (await pickFiles(multiple)).map((file) => ({ file, handle: null }));
}

export function pickFiles(multiple: boolean, accept = DATA_ACCEPT): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = multiple;
    input.accept = accept;
    input.addEventListener('change', () => resolve([...(input.files ?? [])]));
    input.addEventListener('cancel', () => resolve([]));
    input.click();
  });
}

/** Files from a drop, with handles where the browser offers them. Must be called in the drop event. */
export function droppedFiles(transfer: DataTransfer): Promise<PickedFile[]> {
  const items = [...transfer.items].filter((i) => i.kind === 'file');
  const picked = items.map((item) => {
    const file = item.getAsFile();
    const handle = item.getAsFileSystemHandle
      ? item.getAsFileSystemHandle().then((h) => (h instanceof FileSystemFileHandle ? h : null), () => null)
      : Promise.resolve(null);
    return { file, handle };
  });
  return Promise.all(picked.map(async (p) => ({ file: p.file, handle: await p.handle }))).then((all) =>
    all.filter((p): p is PickedFile => p.file !== null),
  );
}

/** A workbook file, recognised by name so that dropping one opens it rather than loading it as data. */
export function isWorkbookFile(file: File): boolean {
  return /\.segbook\.json$/i.test(file.name);
}

export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
