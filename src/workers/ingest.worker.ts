import { expose, transfer } from 'comlink';
import init, { readParquet } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { makeFileParsers } from '../ingest/file-parsers.ts';

let ready: Promise<unknown> | undefined;
const parsers = makeFileParsers(readParquet);

/** Parses JSON and Parquet files off the main thread; results come back as transferred Arrow IPC buffers. */
const api = {
  async json(file: Blob, fileName: string, gzip: boolean, onProgress?: (fraction: number) => void) {
    const result = await parsers.json(file, fileName, gzip, onProgress);
    return transfer(result, [result.ipc.buffer]);
  },
  async parquet(file: Blob, fileName: string, onProgress?: (fraction: number) => void) {
    // The worker runs from a blob: shim, which cannot be a base URL; this module's own URL can.
    ready ??= init({ module_or_path: new URL(parquetWasmUrl, import.meta.url) });
    await ready;
    const result = await parsers.parquet(file, fileName, onProgress);
    return transfer(result, [result.ipc.buffer]);
  },
};

export type IngestWorkerApi = typeof api;
expose(api);
