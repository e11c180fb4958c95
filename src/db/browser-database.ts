import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { WasmDatabase } from './wasm-database.ts';

/** Starts a new duckdb-wasm instance in its own worker; each call starts another. */
export function openBrowserDatabase(): Promise<WasmDatabase> {
  return WasmDatabase.open({
    wasmUrl: new URL(wasmUrl, location.href).href,
    workerUrl: new URL(workerUrl, location.href).href,
  });
}
