import { isSafeTypeName } from '../../engine/column-types.ts';
import type { ColumnSpec, SourceSpec } from '../../engine/workbook.ts';

/**
 * A folder of files that outlives the tab: the origin-private file system in the browser
 * (opfs-shelf.ts), a Map in tests. Writes are all or nothing: a failed write leaves no file.
 */
export interface FileShelf {
  write(name: string, data: Blob): Promise<void>;
  read(name: string): Promise<File | null>;
  list(): Promise<Array<{ name: string; bytes: number }>>;
  remove(name: string): Promise<void>;
  /** Bytes the browser would still let this site store, when it says. */
  room(): Promise<number | null>;
}

/** What is known of a kept copy without reading its data. */
interface KeptMeta {
  table: string;
  file: string;
  schema: ColumnSpec[];
}

export type KeepResult = { ok: true; bytes: number } | { ok: false; quota: boolean; message: string };

/**
 * Room left free beside a kept copy, so that the workbook itself (a few KB in IndexedDB, which
 * shares the quota) can always still be saved.
 */
export const WORKBOOK_RESERVE = 4 * 1024 * 1024;

// No table's files are called this: theirs end in .parquet or .parquet.json.
const SETTINGS = 'settings';

/**
 * Each source's data kept as a Parquet file beside a small description, one pair per table.
 * A copy is used only for the source it was made from: same table, same file, same columns.
 */
export class SourceKeep {
  constructor(private readonly shelf: FileShelf) {}

  /** Keeps `data` (Parquet) as the copy of `spec`'s table; on failure nothing of it is left. */
  async save(spec: Pick<SourceSpec, 'name' | 'file' | 'schema'>, data: Blob): Promise<KeepResult> {
    const meta: KeptMeta = { table: spec.name, file: spec.file, schema: spec.schema };
    try {
      const room = await this.shelf.room().catch(() => null);
      if (room !== null && data.size + WORKBOOK_RESERVE > room) {
        return { ok: false, quota: true, message: quotaMessage(spec.name, spec.file, data.size) };
      }
      // The description goes last and is read first: a copy without one is never used.
      await this.shelf.remove(metaName(spec.name));
      await this.shelf.write(dataName(spec.name), data);
      await this.shelf.write(metaName(spec.name), new Blob([JSON.stringify(meta)], { type: 'application/json' }));
      return { ok: true, bytes: data.size };
    } catch (e) {
      await this.forget(spec.name).catch(() => undefined);
      if (isQuotaError(e)) return { ok: false, quota: true, message: quotaMessage(spec.name, spec.file, data.size) };
      const reason = e instanceof Error ? e.message : String(e);
      return {
        ok: false, quota: false,
        message: `The data of table ${spec.name} could not be kept in this browser (${reason}). After a reload, attach ${spec.file} again; the workbook itself is kept.`,
      };
    }
  }

  /** The kept copy of `spec`'s table, or null when there is none or it was made from another file. */
  async open(spec: Pick<SourceSpec, 'name' | 'file' | 'schema'>): Promise<File | null> {
    const metaFile = await this.shelf.read(metaName(spec.name));
    if (!metaFile) return null;
    let meta: KeptMeta;
    try {
      meta = JSON.parse(await metaFile.text());
    } catch {
      return null;
    }
    if (meta.table !== spec.name || meta.file !== spec.file || !sameColumns(meta.schema, spec.schema)) return null;
    return this.shelf.read(dataName(spec.name));
  }

  async forget(table: string): Promise<void> {
    await this.shelf.remove(metaName(table));
    await this.shelf.remove(dataName(table));
  }

  /** Removes every kept copy, including those of tables the workbook no longer has. */
  async forgetAll(): Promise<void> {
    for (const { name } of await this.shelf.list()) if (name !== SETTINGS) await this.shelf.remove(name);
  }

  /** Bytes of each kept copy, by table. */
  async sizes(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const { name, bytes } of await this.shelf.list()) {
      const table = tableOf(name);
      if (table !== null) out.set(table, bytes);
    }
    return out;
  }

  /** Tables the user asked not to keep. A preference of this browser, not of the workbook. */
  async notKept(): Promise<Set<string>> {
    const file = await this.shelf.read(SETTINGS).catch(() => null);
    if (!file) return new Set();
    try {
      const parsed: unknown = JSON.parse(await file.text());
      const off = typeof parsed === 'object' && parsed !== null && 'notKept' in parsed ? parsed.notKept : [];
      return new Set(Array.isArray(off) ? off.filter((t): t is string => typeof t === 'string') : []);
    } catch {
      return new Set();
    }
  }

  async setNotKept(tables: Set<string>): Promise<void> {
    if (!tables.size) await this.shelf.remove(SETTINGS);
    else await this.shelf.write(SETTINGS, new Blob([JSON.stringify({ notKept: [...tables].sort() })], { type: 'application/json' }));
  }
}

/**
 * Types to ask for when a kept copy is read back: Parquet carries most types exactly, and the
 * export writes the others (times, intervals, lists) as text, which the loader casts back.
 */
export function keptColumnTypes(schema: ColumnSpec[]): Record<string, string> {
  return Object.fromEntries(schema.filter((c) => isSafeTypeName(c.type)).map((c) => [c.name, c.type]));
}

export function isQuotaError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'name' in e && e.name === 'QuotaExceededError';
}

export function quotaMessage(table: string, file: string, bytes: number): string {
  return (
    `The data of table ${table} (${file}, ${formatBytes(bytes)}) could not be kept in this browser: its storage is full. ` +
    `Forget the kept data of tables you no longer need, or turn keeping off for ${table} and attach ${file} again after a reload. ` +
    'The workbook itself is kept.'
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MB'] : [bytes / 1024 ** 3, 'GB'];
  return `${value.toLocaleString('en', { maximumFractionDigits: 1 })} ${unit}`;
}

// Table names are identifiers, but a file name must not depend on that.
function dataName(table: string): string {
  return `${encodeURIComponent(table)}.parquet`;
}

function metaName(table: string): string {
  return `${encodeURIComponent(table)}.parquet.json`;
}

function tableOf(fileName: string): string | null {
  const m = /^(.+)\.parquet$/.exec(fileName);
  return m ? decodeURIComponent(m[1]) : null;
}

function sameColumns(a: ColumnSpec[], b: ColumnSpec[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i].name && c.type === b[i].type);
}
