import { excelToIPC } from './excel/read-excel.ts';
import { excelSheetNames } from './excel/sheet-list.ts';
import { flattenRecords } from './json-flatten.ts';
import { parseJsonRecords, recordsToArrowIPC } from './json-to-arrow.ts';
import type { FileParsers } from './load-request.ts';
import { parquetToIPC, type ReadParquet } from './parquet-to-arrow.ts';

/** Reads a whole Blob, gunzipping it when asked, and reports the share of bytes read so far. */
export async function readBlob(file: Blob, gzip: boolean, onProgress?: (fraction: number) => void): Promise<Uint8Array> {
  let read = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        read += chunk.length;
        onProgress?.(file.size ? read / file.size : 1);
        controller.enqueue(chunk);
      },
    }),
  );
  const stream = gzip ? counted.pipeThrough(new DecompressionStream('gzip')) : counted;
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The JSON, Parquet and Excel parsers, given the parquet-wasm build of the environment they run in. */
export function makeFileParsers(readParquet: ReadParquet): FileParsers {
  return {
    async json(file, fileName, gzip, onProgress) {
      const text = new TextDecoder('utf-8').decode(await readBlob(file, gzip, onProgress));
      const parsed = parseJsonRecords(fileName, text);
      const flat = flattenRecords(parsed.records);
      const built = recordsToArrowIPC(flat.records);
      return { ipc: built.ipc, notes: [...parsed.notes, ...flat.notes, ...built.notes] };
    },
    async parquet(file, fileName, onProgress) {
      return { ipc: parquetToIPC(fileName, await readBlob(file, false, onProgress), readParquet) };
    },
    async excel(file, fileName, sheet, onProgress) {
      // Reading the bytes is the first half; SheetJS parses in one synchronous step after it, and
      // the stages after the parse report the rest.
      const bytes = await readBlob(file, false, (f) => onProgress?.(f / 2));
      return excelToIPC(fileName, bytes, sheet, onProgress);
    },
    async excelSheets(file) {
      return excelSheetNames(await readBlob(file, false));
    },
  };
}
