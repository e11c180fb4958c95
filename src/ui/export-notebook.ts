import { downloadText } from './file-actions.ts';
import type { Notebook } from './notebook.svelte.ts';

/** The file name of a notebook's HTML export: its title, made safe for any file system. */
export function htmlFileName(title: string): string {
  return `${title.trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'workbook'}.html`;
}

/**
 * Downloads the notebook as one self-contained HTML page: notes, cells, charts and the first rows
 * of each result as they stand after the last runs. Cells that have not run say so in the page.
 */
export async function exportNotebookHtml(notebook: Notebook): Promise<void> {
  try {
    // Loaded on the first export: the page needs neither the report nor the note renderer to start.
    const [{ collectNotebook }, { notebookHtml }, { renderMarkdown }] = await Promise.all([
      import('../report/notebook-export.ts'), import('../report/notebook-html.ts'), import('./cells/markdown/markdown.ts'),
    ]);
    const ex = await collectNotebook(notebook.workbook, notebook.db, {
      stateOf: (id) => notebook.cellState(id),
      renderNote: (text) => renderMarkdown(text),
      document,
    });
    downloadText(htmlFileName(notebook.workbook.title), notebookHtml(ex), 'text/html');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    notebook.notice = { kind: 'error', text: `Could not export "${notebook.workbook.title}" as HTML: ${why}. Run all, then try Export HTML again.` };
  }
}
