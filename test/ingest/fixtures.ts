import { NodeDatabase } from '../../src/db/node-database.ts';
import { afterAll, beforeAll } from 'vitest';
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import type { Database } from '../../src/db/database.ts';
import { recordsToArrowIPC } from '../../src/ingest/json-to-arrow.ts';
import { loadSource, type LoadedSource, type LoadRequest } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';

/** A fresh temporary folder that test fixture files are written into. */
export class FixtureDir {
  private constructor(readonly dir: string) {}

  static async create(): Promise<FixtureDir> {
    return new FixtureDir(await mkdtemp(join(tmpdir(), 'segbook-ingest-test-')));
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Writes text (UTF-8) or raw bytes and returns the file's path. */
  async write(name: string, content: string | Uint8Array): Promise<string> {
    const path = this.path(name);
    await writeFile(path, content);
    return path;
  }

  async writeGzip(name: string, content: string | Uint8Array): Promise<string> {
    return this.write(name, gzipSync(typeof content === 'string' ? Buffer.from(content, 'utf-8') : content));
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Parquet bytes for records, built the way the project builds Arrow from JSON. */
export function parquetBytes(records: Record<string, unknown>[]): Uint8Array {
  const { ipc } = recordsToArrowIPC(records);
  return writeParquet(WasmTable.fromIPCStream(ipc));
}

/** Deterministic pseudo-random bytes (a linear congruential generator), NUL bytes included. */
export function garbageBytes(length: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  // Make sure there are NUL bytes early on, whatever the generator produced.
  out[3] = 0;
  out[10] = 0;
  return out;
}

/** UTF-16 LE bytes with a byte-order mark. */
export function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Loads the file at `path` through loadSource, the way the command-line runner does. */
export async function loadFile(
  db: Database, path: string, table: string, extra: Partial<Omit<LoadRequest, 'file' | 'path' | 'table'>> = {},
): Promise<LoadedSource> {
  const file = await openAsBlob(path);
  const fileName = extra.fileName ?? path.split('/').pop()!;
  return loadSource(db, nodeParsers, { file, path, table, ...extra, fileName });
}

/** Runs `action`, expects it to reject, and returns the error for closer inspection. */
export async function errorOf(action: Promise<unknown>): Promise<Error> {
  try {
    await action;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Parquet bytes for an Arrow table built by hand, for column types the JSON path would not produce. */
export function parquetFromArrowIPC(ipc: Uint8Array): Uint8Array {
  return writeParquet(WasmTable.fromIPCStream(ipc));
}

/** Native DuckDB and a temporary folder for one test file: opened before its tests, closed after. */
export function useLoaderFixtures(): { db: NodeDatabase; dir: FixtureDir } {
  const fx = {} as { db: NodeDatabase; dir: FixtureDir };
  beforeAll(async () => {
    fx.db = await NodeDatabase.open();
    fx.dir = await FixtureDir.create();
  });
  afterAll(async () => {
    await fx.db?.close();
    await fx.dir?.remove();
  });
  return fx;
}
