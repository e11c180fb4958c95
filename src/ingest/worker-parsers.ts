import { proxy, type Remote } from 'comlink';
import { startModuleWorker } from '../workers/start-worker.ts';
import workerUrl from './ingest.worker.ts?worker&url';
import type { IngestWorkerApi } from './ingest.worker.ts';
import { Cancelled } from '../cancelled.ts';
import { connect, type Connection } from '../workers/protocol.ts';
import { LoadError } from './load-error.ts';
import type { FileParsers } from './load-request.ts';

/**
 * The browser's JSON and Parquet parsers, in a worker so the page stays responsive. Cancelling
 * terminates the worker; the next file starts a fresh one.
 */
export class WorkerParsers {
  #worker: Connection<IngestWorkerApi> | null = null;

  /** Parsers bound to one load, cancelled through `signal`. */
  forLoad(signal?: AbortSignal): FileParsers {
    return {
      json: (file, fileName, gzip, onProgress) => this.#call(signal, (api) => api.json(file, fileName, gzip, progress(onProgress))),
      parquet: (file, fileName, onProgress) => this.#call(signal, (api) => api.parquet(file, fileName, progress(onProgress))),
      excel: (file, fileName, sheet, onProgress) => this.#call(signal, (api) => api.excel(file, fileName, sheet, progress(onProgress))),
      excelSheets: (file) => this.#call(signal, (api) => api.excelSheets(file)),
      gunzip: (file, fileName) => this.#call(signal, (api) => api.gunzip(file, fileName)),
    };
  }

  async #call<T>(signal: AbortSignal | undefined, job: (api: Remote<IngestWorkerApi>) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new Cancelled();
    const worker = this.#start();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#stop();
        reject(new Cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const stopped = worker.stopped.catch((e: unknown) => {
        if (this.#worker === worker) this.#stop();
        throw new LoadError(`the file reader stopped unexpectedly (${e instanceof Error ? e.message : String(e)}). Try again.`);
      });
      Promise.race([job(worker.api), stopped])
        .then(resolve, (e: unknown) => reject(asLoadError(e)))
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  }

  #start(): Connection<IngestWorkerApi> {
    this.#worker ??= connect<IngestWorkerApi>(startModuleWorker(workerUrl));
    return this.#worker;
  }

  #stop(): void {
    this.#worker?.close();
    this.#worker = null;
  }
}

function progress(onProgress?: (fraction: number) => void) {
  return onProgress ? proxy(onProgress) : undefined;
}

// Errors cross the worker boundary as plain {name, message, stack} objects (src/workers/protocol.ts),
// rebuilt as plain Errors unless cancelled; a LoadError's message is the user's sentence.
function asLoadError(e: unknown): Error {
  if (e instanceof Error && e.name === 'LoadError') return new LoadError(e.message);
  return e instanceof Error ? e : new Error(String(e));
}
