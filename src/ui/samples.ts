import { SAMPLE_DATASETS } from '../../sample-data/catalog.ts';
import type { Notebook } from './notebook.svelte.ts';

const urls = import.meta.glob('../../sample-data/*.csv', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

async function fetchSample(file: string): Promise<File> {
  const url = urls[`../../sample-data/${file}`];
  if (!url) throw new Error(`sample file ${file} is missing from this build`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`sample file ${file} could not be fetched (${response.status})`);
  return new File([await response.blob()], file, { type: 'text/csv' });
}

/** The cells a fresh workbook gets with the sample data (exported for the new-cell tests). */
export const STARTER = [
  {
    kind: 'markdown' as const,
    text:
      '# Welcome to Segbook\n\nTwo synthetic tables are loaded: **retail_customers** and **retail_transactions**. ' +
      'Each SQL cell stores its result as a table that later cells can query. Press **Shift+Enter** in a cell to run it; ' +
      'cells that read its table run again after it.',
  },
  {
    kind: 'sql' as const,
    name: 'customer_value',
    sql:
      "SELECT customer_id,\n       count(DISTINCT invoice_id) AS orders,\n       round(sum(quantity * unit_price), 2) AS revenue,\n       max(invoice_date) AS last_order\nFROM retail_transactions\nWHERE invoice_id NOT LIKE 'C%'\nGROUP BY customer_id",
  },
  {
    kind: 'sql' as const,
    name: 'value_by_segment',
    sql:
      'SELECT c.segment_truth,\n       count(*) AS customers,\n       round(avg(v.revenue), 2) AS mean_revenue,\n       round(avg(v.orders), 1) AS mean_orders\nFROM customer_value v\nJOIN retail_customers c USING (customer_id)\nGROUP BY ALL\nORDER BY mean_revenue DESC',
  },
];

/**
 * Loads the sample datasets (or the one backing `table`). On an empty workbook it also adds a
 * few starter cells, so there is something to run straight away.
 */
export async function openSample(notebook: Notebook, table?: string): Promise<boolean> {
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
