import { SAMPLE_DATASETS } from '../../sample-data/catalog.ts';
import type { CellKind, Workbook } from '../engine/workbook.ts';
import { STARTER } from '../examples/starter.ts';
import type { SourceStore } from './sources.svelte.ts';

/**
 * What opening the samples needs of the page; the notebook is one. Declared here rather than
 * importing the Notebook class, which opens samples itself: that was an import loop.
 */
export interface SampleHost {
  readonly workbook: Workbook;
  readonly sources: Pick<SourceStore, 'addFiles' | 'reattach'>;
  notice: { kind: 'error' | 'info'; text: string } | null;
  selectedId: string | null;
  addCell(kind: CellKind): string;
  renameCell(id: string, name: string): string | null;
  updateText(id: string, text: string): void;
  runAll(): Promise<void>;
}

const urls = import.meta.glob('../../sample-data/*.csv', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

async function fetchSample(file: string): Promise<File> {
  const url = urls[`../../sample-data/${file}`];
  if (!url) throw new Error(`sample file ${file} is missing from this build`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`sample file ${file} could not be fetched (${response.status})`);
  return new File([await response.blob()], file, { type: 'text/csv' });
}

/**
 * Loads the sample datasets (or the one backing `table`). On an empty workbook it also adds a
 * few starter cells, so there is something to run straight away.
 */
export async function openSample(notebook: SampleHost, table?: string): Promise<boolean> {
  const wanted = SAMPLE_DATASETS.filter((d) => (table ? d.table === table : d.starter));
  const addStarter = !table && notebook.workbook.cells.length === 0;
  try {
    if (table) {
      const file = await fetchSample(wanted[0].file);
      return await notebook.sources.reattach(table, file);
    }
    const fresh = wanted.filter((d) => !notebook.workbook.sources.some((s) => s.origin === 'sample' && s.file === d.file));
    const files = await Promise.all(fresh.map((d) => fetchSample(d.file)));
    const loaded = await notebook.sources.addFiles(files, [], 'sample');
    if (!loaded.every(Boolean)) return false;
  } catch (e) {
    notebook.notice = { kind: 'error', text: `The sample data could not be opened: ${e instanceof Error ? e.message : e}` };
    return false;
  }
  if (addStarter) {
    for (const cell of STARTER) {
      const id = notebook.addCell(cell.kind);
      if (cell.kind === 'sql') notebook.renameCell(id, cell.name);
      notebook.updateText(id, cell.kind === 'sql' ? cell.sql : cell.text);
    }
    notebook.selectedId = notebook.workbook.cells[0]?.id ?? null;
    await notebook.runAll();
  }
  return true;
}
