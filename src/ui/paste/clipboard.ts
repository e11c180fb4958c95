import { pastedTable, type PastedTable } from './pasted-table.ts';

/**
 * The table in a paste event, if any. DOMParser builds an inert document: its scripts never run
 * and its images and styles are never fetched.
 */
export function tableFromPaste(e: ClipboardEvent): PastedTable | null {
  const data = e.clipboardData;
  if (!data) return null;
  return pastedTable(data.getData('text/html') || null, data.getData('text/plain') || null, (html) =>
    new DOMParser().parseFromString(html, 'text/html'),
  );
}

/** Whether a paste lands in something that takes text (a cell's editor, a name field), which keeps it. */
export function pastesIntoEditor(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}
