import { QueryCancelled, type Database } from '../db/database.ts';
import { isSafeTypeName } from '../engine/column-types.ts';
import { quoteIdentifier, quoteLiteral } from '../engine/identifiers.ts';
import type { ColumnSpec, SourceFormat } from '../engine/workbook.ts';
import { decodeHead, explainSingleColumn, headerNotes } from './csv-checks.ts';
import { HEAD_BYTES, classifyFile, readHead, type FileKind } from './detect.ts';
import { LoadError, formatBytes } from './load-error.ts';

const MAX_CONVERTED_BYTES = 256 * 1024 ** 2;

/** Turns JSON and Parquet files into Arrow IPC; in the browser this runs in a worker. */
export interface FileParsers {
  json(file: Blob, fileName: string, gzip: boolean, onProgress?: (fraction: number) => void): Promise<{ ipc: Uint8Array; notes: string[] }>;
  parquet(file: Blob, fileName: string, onProgress?: (fraction: number) => void): Promise<{ ipc: Uint8Array }>;
}

export interface LoadRequest {
  file: Blob;
  fileName: string;
  /** Table to create or replace. */
  table: string;
  /** Path of the file on disk, when it has one (Node). */
  path?: string;
  /** Column types chosen by the user, applied over the detected ones. */
  columnTypes?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface LoadedSource {
  table: string;
  format: SourceFormat;
  schema: ColumnSpec[];
  rowCount: number;
  notes: string[];
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
  try {
    if (kind.format === 'csv') {
      notes.push(...(await loadCsv(db, req, kind, head, staging)));
    } else if (kind.format === 'json') {
      const { ipc, notes: jsonNotes } = await parsers.json(file, fileName, kind.gzip, onProgress);
      throwIfAborted(signal);
      notes.push(...jsonNotes);
      await db.insertArrowIPC(staging, ipc);
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
    if (e instanceof LoadError || e instanceof QueryCancelled) throw e;
    throw new LoadError(`${fileName} could not be loaded: ${firstLine(e)}`, { cause: e });
  }
  const schema = await describeTable(db, table);
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`);
  return { table, format: kind.format, schema, rowCount: Number(n), notes };
}

async function loadCsv(db: Database, req: LoadRequest, kind: FileKind, head: Uint8Array, staging: string): Promise<string[]> {
  const { fileName, table } = req;
  const headText = decodeHead(head, kind.encoding);
  if (headText.trim() === '') {
    throw new LoadError(`${fileName} holds only blank lines. Choose a file with a header row and rows of data.`);
  }
  // DuckDB picks gzip from the name, so a gzipped file always gets .gz, whatever it was called.
  const ext = (/\.(csv|tsv|txt|tab)/i.exec(fileName)?.[0] ?? '.csv').toLowerCase() + (kind.gzip ? '.gz' : '');
  let upload = { name: `${table}${ext}`, blob: req.file, path: req.path };
  let encoding = kind.encoding;
  if (encoding === 'utf-16be') {
    // DuckDB reads only little-endian UTF-16; convert the file in memory.
    if (kind.gzip || req.file.size > MAX_CONVERTED_BYTES) {
      throw new LoadError(`${fileName} is UTF-16 big-endian, which can only be converted for unzipped files up to ${formatBytes(MAX_CONVERTED_BYTES)}. Re-save it as UTF-8 and load it again.`);
    }
    const text = new TextDecoder('utf-16be').decode(await req.file.arrayBuffer());
    upload = { name: `${table}.csv`, blob: new Blob([text.replace(/^\uFEFF/, '')]), path: undefined };
    encoding = 'utf-8';
  }
  const path = await db.registerUpload(upload);
  // skip=0: otherwise the sniffer may take ragged lines for a preamble and silently drop them.
  const options = `, skip=0${encoding === 'utf-8' ? '' : `, encoding=${quoteLiteral(encoding)}`}`;
  try {
    await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(staging)} AS SELECT * FROM read_csv(${quoteLiteral(path)}${options})`, {
      signal: req.signal,
      onProgress: req.onProgress,
      progressFile: { path, size: upload.blob.size },
    });
  } catch (e) {
    if (e instanceof QueryCancelled) throw e;
    throw new LoadError(`${fileName} could not be read as CSV: ${csvReason(e)}`, { cause: e });
  }
  const columns = await describeTable(db, staging);
  const fullHeadRead = kind.gzip ? head.length < HEAD_BYTES : req.file.size <= head.length;
  if (columns.length === 1) explainSingleColumn(fileName, headText, fullHeadRead);
  return headerNotes(fileName, headText, columns.map((c) => c.name));
}

// DuckDB's CSV errors are long; keep the part a user can act on.
function csvReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = /Line: (\d+)/.exec(message)?.[1];
  const reason = message.split('\n').find((l) => l.trim() && !/^(Invalid Input Error|Original Line|Possible Solution)/.test(l)) ?? message;
  return `${reason.replace(/^[A-Za-z ]+Error: /, '').trim().replace(/\.$/, '')}${line ? ` (line ${line})` : ''}. Check the file's format and encoding.`;
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

export async function describeTable(db: Database, table: string): Promise<ColumnSpec[]> {
  const rows = await db.query(`DESCRIBE ${quoteIdentifier(table)}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new QueryCancelled();
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
