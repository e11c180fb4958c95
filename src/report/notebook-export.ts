import { describeTable, type TableColumn } from '../db/catalog.ts';
import type { Database, Row } from '../db/database.ts';
import { countRows, readTablePage } from '../db/tables.ts';
import type { CellState, CellStatus } from '../engine/cell-state.ts';
import { kindLabel } from '../engine/cells/registry.ts';
import { isTableCell, type Cell, type Workbook } from '../engine/workbook.ts';
import { settingsSummary, type SettingLine } from './cell-settings.ts';
import { cellCharts } from './notebook-charts.ts';
import type { ReportChart } from './persona-report.ts';

/** Rows of each result shown in an export: enough to see its shape, small enough to email. */
export const PREVIEW_ROWS = 20;

export interface PreviewTable {
  table: string;
  columns: TableColumn[];
  /** The first rows, in the order a plain scan returns them, as the app's grid shows them. */
  rows: Row[];
  rowCount: number;
}

export interface ExportedSource {
  name: string;
  file: string;
  /** Null when the file is not loaded in this session. */
  rowCount: number | null;
  columns: number;
}

export interface ExportedCell {
  id: string;
  kind: Cell['kind'];
  /** What the user calls the kind, e.g. "RFM segments". */
  kindLabel: string;
  /** The table it writes, or a chart's title; null for a note. */
  name: string | null;
  /** A note's Markdown rendered by the app's sanitising renderer; null for other cells. */
  noteHtml: string | null;
  /** A SQL cell's code. */
  sql: string | null;
  settings: SettingLine[];
  status: CellStatus;
  error: string | null;
  notes: string[];
  preview: PreviewTable | null;
  charts: ReportChart[];
}

export interface NotebookExport {
  title: string;
  sources: ExportedSource[];
  cells: ExportedCell[];
}

export interface ExportOptions {
  stateOf(id: string): CellState;
  /** Markdown to sanitised HTML: the app's own note renderer. */
  renderNote(text: string): string;
  /** Where charts are drawn: the page's document, or jsdom's in Node. */
  document: Document;
  previewRows?: number;
}

/**
 * Everything a notebook export shows, read from the workbook, the cells' last runs and the
 * database: previews come from the tables the cells wrote, through the same db layer as the grid.
 */
export async function collectNotebook(wb: Workbook, db: Database, options: ExportOptions): Promise<NotebookExport> {
  const limit = options.previewRows ?? PREVIEW_ROWS;
  const sources: ExportedSource[] = [];
  for (const s of wb.sources) {
    const rowCount = await countRows(db, s.name).catch(() => null);
    sources.push({ name: s.name, file: s.file, rowCount, columns: s.schema.length });
  }
  const cells: ExportedCell[] = [];
  for (const cell of wb.cells) {
    const state = options.stateOf(cell.id);
    const preview = isTableCell(cell) && state.status === 'done' ? await readPreview(db, cell.name, limit) : null;
    cells.push({
      id: cell.id,
      kind: cell.kind,
      kindLabel: kindLabel(cell.kind),
      name: 'name' in cell ? cell.name : cell.kind === 'chart' ? cell.title || null : null,
      noteHtml: cell.kind === 'markdown' ? options.renderNote(cell.text) : null,
      sql: cell.kind === 'sql' ? cell.sql : null,
      settings: cell.kind === 'markdown' || cell.kind === 'sql' ? [] : settingsSummary(cell),
      status: state.status,
      error: state.status === 'error' ? state.error?.message ?? 'failed' : null,
      notes: state.notes ?? [],
      preview,
      charts: await cellCharts(cell, state, db, options.document),
    });
  }
  return { title: wb.title, sources, cells };
}

async function readPreview(db: Database, table: string, limit: number): Promise<PreviewTable | null> {
  try {
    const [columns, rows, rowCount] = [await describeTable(db, table), await readTablePage(db, table, { offset: 0, limit }), await countRows(db, table)];
    return { table, columns, rows, rowCount };
  } catch {
    // The table went with a restart of DuckDB: the export says the cell has no result to show.
    return null;
  }
}
