import type { TableColumn } from '../../db/catalog.ts';
import { exportColumns, type DecimalColumn } from '../../db/table-export.ts';
import { quoteIdentifier, quoteLiteral } from '../../db/sql-quote.ts';

export type AudienceLayout = 'per-segment' | 'one-file';
export type AudienceFormat = 'csv' | 'xlsx';

/** What the user asked for: which rows of which table, which columns, and how to file them. */
export interface AudienceRequest {
  table: string;
  segmentColumn: string;
  idColumn: string;
  contactColumns: string[];
  /** Segment labels as text (an integer cluster 3 is "3"); rows whose segment is NULL are never exported. */
  segments: string[];
  layout: AudienceLayout;
  format: AudienceFormat;
}

/** One file of an export: its name, the query that reads its rows, and the decimals the encoder restores. */
export interface AudienceFile {
  fileName: string;
  /** The sheet's name in an .xlsx. */
  sheetName: string;
  /** The segment the file holds, or null for the one file with a segment column. */
  segment: string | null;
  sql: string;
  decimals: DecimalColumn[];
}

/** Segment labels with their row counts, NULL (no segment) last: what the dialog offers. */
export function segmentCountsSql(table: string, segmentColumn: string): string {
  const segment = quoteIdentifier(segmentColumn);
  return `SELECT CAST(${segment} AS VARCHAR) AS segment, count(*) AS rows FROM ${quoteIdentifier(table)} GROUP BY ${segment} ORDER BY ${segment} NULLS LAST`;
}

/**
 * The files an audience export writes, each with the SQL that selects its rows: one per segment,
 * or one with the segment column, rows in segment then id order. File names say the segment (or
 * the table) and the day, in characters every file system and upload form accepts.
 */
export function planAudienceFiles(request: AudienceRequest, columns: readonly TableColumn[], today: Date): AudienceFile[] {
  const { table, segmentColumn, idColumn, segments, layout, format } = request;
  const wanted = [idColumn, ...request.contactColumns.filter((c) => c !== idColumn && c !== segmentColumn)];
  if (layout === 'one-file') wanted.push(segmentColumn);
  const chosen = [segmentColumn, ...wanted].map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`${table} has no column "${name}"; choose one of its columns`);
    return column;
  });
  if (idColumn === segmentColumn) throw new Error(`the id column cannot be the segment column "${segmentColumn}"; choose the column that names each customer`);
  if (!segments.length) throw new Error('no segment is chosen; tick at least one segment to export');
  const { select, decimals } = exportColumns(chosen.slice(1));
  const segment = quoteIdentifier(segmentColumn);
  const query = (labels: string[]) =>
    `SELECT ${select} FROM ${quoteIdentifier(table)} WHERE CAST(${segment} AS VARCHAR) IN (${labels.map(quoteLiteral).join(', ')}) ` +
    `ORDER BY ${segment}, ${quoteIdentifier(idColumn)}`;
  const day = isoDay(today);
  if (layout === 'one-file') {
    return [{ fileName: `${safeName(table)}-audiences-${day}.${format}`, sheetName: 'audiences', segment: null, sql: query(segments), decimals }];
  }
  const taken = new Set<string>();
  return segments.map((label) => {
    const stem = uniqueStem(safeName(label), taken);
    return { fileName: `${stem}-${day}.${format}`, sheetName: label, segment: label, sql: query([label]), decimals };
  });
}

/** The name of the .zip that carries several files of one export. */
export function audienceZipName(table: string, today: Date): string {
  return `${safeName(table)}-audiences-${isoDay(today)}.zip`;
}

/** "Loyal Champions ★" → "loyal-champions": lower-case letters, digits and single hyphens. */
export function safeName(label: string): string {
  const name = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return name || 'segment';
}

/** Two labels that differ only in punctuation ("A+" and "A-") get "a", then "a-2". */
function uniqueStem(stem: string, taken: Set<string>): string {
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  taken.add(name);
  return name;
}

/** The user's calendar day, YYYY-MM-DD, as the file names show it. */
function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
