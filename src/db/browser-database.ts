import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { WasmDatabase } from './wasm-database.ts';

let opening: Promise<WasmDatabase> | undefined;

/** The page's one DuckDB, started on first use. */
export function browserDatabase(): Promise<WasmDatabase> {
  opening ??= WasmDatabase.open({
    wasmUrl: new URL(wasmUrl, location.href).href,
    workerUrl: new URL(workerUrl, location.href).href,
  });
  opening.catch(() => (opening = undefined));
  return opening;
}
