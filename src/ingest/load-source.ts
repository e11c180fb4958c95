import { Cancelled } from '../cancelled.ts';
import type { Database } from '../db/database.ts';
import { isSafeTypeName } from '../engine/column-types.ts';
import { quoteIdentifier } from '../db/sql-quote.ts';
import type { ColumnSpec, SourceFormat } from '../engine/workbook.ts';
import { loadCsv } from './csv-load.ts';
import { fixedWidthLayout, loadFixedWidth } from './fixed-width.ts';
import { describeTable } from '../db/catalog.ts';
import type { FileParsers, LoadRequest } from './load-request.ts';
import { classifyFile, readHead } from './detect.ts';
import { LoadError } from './load-error.ts';

export type { FileParsers, LoadRequest } from './load-request.ts';

export interface LoadedSource {
  table: string;
  format: SourceFormat;
  schema: ColumnSpec[];
  rowCount: number;
  notes: string[];
  /** Columns of dates like 03/04/2024 whose order of day and month was a choice, not a finding. */
  ambiguousDates: string[];
  /** For an Excel file: the sheet loaded, and the visible sheets the user may choose from. */
  sheet?: string;
  sheets?: string[];
}

/**
 * Loads a user's file into `table`. The file is read into a staging table first and swapped in
 * only when everything worked, so a failed load never loses the table that was there before.
 */
export async function loadSource(db: Database, parsers: FileParsers, req: LoadRequest): Promise<LoadedSource> {
  const { file, fileName, table, signal, onProgress } = req;
  const { head, compressed } = await readHead(file);
  const kind = classifyFile(fileName, file.size, head, compressed);
  const staging = `__loading_${table}`;
  const notes = [...kind.notes];
  const ambiguousDates: string[] = [];
  let sheets: { sheet: string; sheets: string[] } | undefined;
  try {
    if (kind.format === 'csv') {
      const layout = fixedWidthLayout(req, kind, head);
      if (layout) notes.push(...(await loadFixedWidth(db, req, kind, layout, staging)));
      else {
        const csv = await loadCsv(db, req, kind, head, staging, parsers.gunzip);
        notes.push(...csv.notes);
        ambiguousDates.push(...csv.ambiguousDates);
      }
    } else if (kind.format === 'json') {
      const { ipc, notes: jsonNotes } = await parsers.json(file, fileName, kind.gzip, onProgress);
      throwIfAborted(signal);
      notes.push(...jsonNotes);
      await db.insertArrowIPC(staging, ipc);
    } else if (kind.format === 'excel') {
      const excel = await parsers.excel(file, fileName, req.sheet, onProgress);
      throwIfAborted(signal);
      notes.push(...excel.notes);
      sheets = { sheet: excel.sheet, sheets: excel.sheets };
      await db.insertArrowIPC(staging, excel.ipc);
    } else {
      const { ipc } = await parsers.parquet(file, fileName, onProgress);
      throwIfAborted(signal);
      await db.insertArrowIPC(staging, ipc);
    }
    throwIfAborted(signal);
    await applyColumnTypes(db, fileName, staging, req.columnTypes ?? {}, notes, signal);
    await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
    await db.exec(`ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(table)}`);
  } catch (e) {
    await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)}`).catch(() => undefined);
    if (e instanceof LoadError || e instanceof Cancelled) throw e;
    throw new LoadError(`${fileName} could not be loaded: ${firstLine(e)}`, { cause: e });
  }
  const schema = await describeTable(db, table);
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`);
  return { table, format: kind.format, schema, rowCount: Number(n), notes, ambiguousDates, ...sheets };
}

async function applyColumnTypes(
  db: Database, fileName: string, staging: string, columnTypes: Record<string, string>, notes: string[], signal?: AbortSignal,
): Promise<void> {
  const columns = await describeTable(db, staging);
  const changes = Object.entries(columnTypes).filter(([name, type]) => {
    const col = columns.find((c) => c.name === name);
    if (!col) notes.push(`${fileName} no longer has a column "${name}"; its chosen type ${type} was not applied.`);
    return col !== undefined && col.type !== type;
  });
  if (!changes.length) return;
  for (const [name, type] of changes) {
    if (!isSafeTypeName(type)) throw new LoadError(`${fileName}: "${type}" is not a column type. Pick a type from the list.`);
    const col = quoteIdentifier(name);
    const [check] = await db.query(
      `SELECT count(*) AS bad, any_value(${col}::VARCHAR) AS example FROM ${quoteIdentifier(staging)} WHERE ${col} IS NOT NULL AND TRY_CAST(${col} AS ${type}) IS NULL`,
      { signal },
    ).catch((e: unknown) => {
      throw new LoadError(`${fileName}: "${type}" is not a type DuckDB knows (${firstLine(e)}). Pick a type from the list.`);
    });
    if (Number(check.bad) > 0) {
      throw new LoadError(
        `${fileName}: column "${name}" cannot be read as ${type}: ${Number(check.bad).toLocaleString('en')} ${Number(check.bad) === 1 ? 'value does' : 'values do'} not convert, for example "${check.example}". Keep its type, or fix the values with a SQL cell.`,
      );
    }
  }
  const replace = changes.map(([name, type]) => `CAST(${quoteIdentifier(name)} AS ${type}) AS ${quoteIdentifier(name)}`).join(', ');
  await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(staging)} AS SELECT * REPLACE (${replace}) FROM ${quoteIdentifier(staging)}`, { signal });
}


function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new Cancelled();
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
