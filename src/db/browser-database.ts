import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { WasmDatabase } from './wasm-database.ts';

// A switch for the browser test of the Retry: `?duckdb-start-fails` makes the first start fail, as
// a start that timed out on a loaded machine does.
let failFirstStart = typeof location !== 'undefined' && new URLSearchParams(location.search).has('duckdb-start-fails');

function start(): Promise<WasmDatabase> {
  if (failFirstStart) {
    failFirstStart = false;
    return Promise.reject(new Error('DuckDB did not start within 30 s'));
  }
  return WasmDatabase.open({
    wasmUrl: new URL(wasmUrl, location.href).href,
    workerUrl: new URL(workerUrl, location.href).href,
  });
}

// Fetching and compiling DuckDB's 34 MB of wasm is most of the time to a first answer, so the
// first instance starts as the app's code loads, alongside the page's own start-up. Its failure
// is reported to whoever asks for it, not as an unhandled rejection.
let early: Promise<WasmDatabase> | null = typeof Worker === 'undefined' ? null : start();
early?.catch(() => undefined);

/** Starts a new duckdb-wasm instance in its own worker; each call starts another (the first was started early). */
export function openBrowserDatabase(): Promise<WasmDatabase> {
  const instance = early ?? start();
  early = null;
  return instance;
}
