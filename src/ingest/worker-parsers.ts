import { proxy, wrap, type Remote } from 'comlink';
import { startModuleWorker } from '../workers/start-worker.ts';
import workerUrl from '../workers/ingest.worker.ts?worker&url';
import type { IngestWorkerApi } from '../workers/ingest.worker.ts';
import { Cancelled } from '../cancelled.ts';
import { LoadError } from './load-error.ts';
import type { FileParsers } from './load-source.ts';

/**
 * The browser's JSON and Parquet parsers, in a worker so the page stays responsive. Cancelling
 * terminates the worker; the next file starts a fresh one.
 */
export class WorkerParsers {
  #worker: Worker | null = null;
  #api: Remote<IngestWorkerApi> | null = null;
  #rejectRunning = new Set<(e: Error) => void>();

  /** Parsers bound to one load, cancelled through `signal`. */
  forLoad(signal?: AbortSignal): FileParsers {
    return {
      json: (file, fileName, gzip, onProgress) => this.#call(signal, (api) => api.json(file, fileName, gzip, progress(onProgress))),
      parquet: (file, fileName, onProgress) => this.#call(signal, (api) => api.parquet(file, fileName, progress(onProgress))),
      gunzip: (file, fileName) => this.#call(signal, (api) => api.gunzip(file, fileName)),
    };
  }

  async #call<T>(signal: AbortSignal | undefined, job: (api: Remote<IngestWorkerApi>) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new Cancelled();
    const api = this.#start();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#stop();
        reject(new Cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#rejectRunning.add(reject);
      job(api)
        .then(resolve, (e: unknown) => reject(asLoadError(e)))
        .finally(() => {
          this.#rejectRunning.delete(reject);
          signal?.removeEventListener('abort', onAbort);
        });
    });
  }

  #start(): Remote<IngestWorkerApi> {
    if (!this.#api) {
      this.#worker = startModuleWorker(workerUrl);
      this.#worker.addEventListener('error', (e) => {
        const error = new LoadError(`the file reader stopped unexpectedly (${e.message || 'worker error'}). Try again.`);
        for (const reject of this.#rejectRunning) reject(error);
        this.#stop();
      });
      this.#api = wrap<IngestWorkerApi>(this.#worker);
    }
    return this.#api;
  }

  #stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
  }
}

function progress(onProgress?: (fraction: number) => void) {
  return onProgress ? proxy(onProgress) : undefined;
}

// Errors cross the worker boundary as plain objects; keep the user-facing message.
function asLoadError(e: unknown): Error {
  if (e instanceof Error && e.name === 'LoadError') return new LoadError(e.message);
  return e instanceof Error ? e : new Error(String(e));
}
