import { transfer } from 'comlink';
import init, { Table as ParquetTable, readParquet, writeParquet } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { makeFileParsers } from './file-parsers.ts';
import { gunzipBlob } from './gunzip.ts';
import { encodeFiles, encodeTable, type FileToEncode } from '../db/table-encoders.ts';
import type { DecimalColumn, ExportFormat } from '../db/table-export.ts';
import { releaseCallback, serve } from '../workers/protocol.ts';

let ready: Promise<unknown> | undefined;
const parsers = makeFileParsers(readParquet);

/** Parses JSON, Parquet and Excel files off the main thread; results come back as transferred Arrow IPC buffers. */
const api = {
  async json(file: Blob, fileName: string, gzip: boolean, onProgress?: (fraction: number) => void) {
    try {
      const result = await parsers.json(file, fileName, gzip, onProgress);
      return transfer(result, [result.ipc.buffer]);
    } finally {
      releaseCallback(onProgress);
    }
  },
  async parquet(file: Blob, fileName: string, onProgress?: (fraction: number) => void) {
    // The worker runs from a blob: shim, which cannot be a base URL; this module's own URL can.
    try {
      ready ??= init({ module_or_path: new URL(parquetWasmUrl, import.meta.url) });
      await ready;
      const result = await parsers.parquet(file, fileName, onProgress);
      return transfer(result, [result.ipc.buffer]);
    } finally {
      releaseCallback(onProgress);
    }
  },
  async excel(file: Blob, fileName: string, sheet: string | undefined, onProgress?: (fraction: number) => void) {
    try {
      const result = await parsers.excel(file, fileName, sheet, onProgress);
      return transfer(result, [result.ipc.buffer]);
    } finally {
      releaseCallback(onProgress);
    }
  },
  excelSheets(file: Blob) {
    return parsers.excelSheets(file);
  },
  /** Unzips a gzipped CSV for DuckDB, which unzips more slowly in wasm. */
  gunzip(file: Blob, fileName: string) {
    return gunzipBlob(file, fileName);
  },
  /**
   * Encodes a table export (an Arrow stream from exportPlan's query) as a CSV, Parquet or .xlsx
   * file. The Blob is made here and passed by reference: made on the page, a 1M-row file held it
   * for 100 ms.
   */
  async encodeTable(streams: Uint8Array[], decimals: DecimalColumn[], format: ExportFormat, sheetName?: string) {
    if (format === 'parquet') {
      ready ??= init({ module_or_path: new URL(parquetWasmUrl, import.meta.url) });
      await ready;
    }
    return blobOf(encodeTable(streams, decimals, format, (stream) => writeParquet(ParquetTable.fromIPCStream(stream)), sheetName), MEDIA_TYPES[format]);
  },
  /** Encodes audience lists, one file or several zipped into one, named for the download. */
  encodeFiles(files: FileToEncode[], format: 'csv' | 'xlsx', zipName: string) {
    const { fileName, bytes } = encodeFiles(files, format, zipName);
    return { fileName, blob: blobOf(bytes, fileName.endsWith('.zip') ? 'application/zip' : MEDIA_TYPES[format]) };
  },
};

const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function blobOf(bytes: Uint8Array, type: string): Blob {
  return new Blob([bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.slice()], { type });
}

export type IngestWorkerApi = typeof api;
serve(api);
