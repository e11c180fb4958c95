import { proxy, transfer, type Remote } from 'comlink';
import { startModuleWorker } from './start-worker.ts';
import workerUrl from './ml.worker.ts?worker&url';
import type { MlWorkerApi } from './ml.worker.ts';
import { Cancelled } from '../cancelled.ts';
import type { JobOptions, MlBackend } from '../ml/backend.ts';
import type { MlProgress } from '../ml/notes.ts';
import type { RawFeatures } from '../ml/preprocess.ts';
import { connect, type Connection } from './protocol.ts';

/** Progress reaches the page at most this often; k-means iterates far faster. */
const PROGRESS_INTERVAL_MS = 100;
/**
 * After a job whose arrays held this many bytes (a million rows of six features hold 56 MB) the
 * worker is ended once no job runs, so that its heap and wasm memory, which never shrink, go back
 * to the system, and a fresh one is started at once.
 */
const LARGE_JOB_BYTES = 32 * 1024 * 1024;

/**
 * Runs clustering and metrics in a Comlink worker, so the page stays responsive. Feature arrays
 * are transferred, not copied. Cancelling terminates the worker and rejects with Cancelled; the
 * next job starts a new one, as it does after the worker dies.
 */
export class WorkerBackend implements MlBackend {
  #worker: Connection<MlWorkerApi> | null = null;
  /** Jobs running on #worker, and whether one of them was large. */
  #running = 0;
  #heldLarge = false;

  cluster(job: Parameters<MlBackend['cluster']>[0], options: JobOptions = {}) {
    const message = { ...job, spec: job.spec };
    const buffers = unique([...rawBuffers(job.raw), job.rowids.buffer]);
    return this.#call(options, buffers, (api, progress) => api.cluster(transfer(message, buffers), progress));
  }

  sweep(job: Parameters<MlBackend['sweep']>[0], options: JobOptions = {}) {
    const buffers = rawBuffers(job.raw);
    return this.#call(options, buffers, (api, progress) => api.sweep(transfer({ ...job, spec: job.spec }, buffers), progress));
  }

  score(job: Parameters<MlBackend['score']>[0], options: JobOptions = {}) {
    const message = { ...job, model: job.model };
    const buffers = unique([...rawBuffers(job.raw), job.rowids.buffer]);
    return this.#call(options, buffers, (api) => api.score(transfer(message, buffers)));
  }

  validate(job: Parameters<MlBackend['validate']>[0], options: JobOptions = {}) {
    const buffers = unique([...rawBuffers(job.raw), job.codes.buffer, ...(job.values ? [job.values.buffer] : [])]);
    return this.#call(options, buffers, (api, progress) => api.validate(transfer({ ...job, spec: job.spec }, buffers), progress));
  }

  // Jobs carry their typed arrays; listing them lets each job transfer rather than copy.
  clv(job: Parameters<MlBackend['clv']>[0], options: JobOptions = {}) {
    const buffers = transferables(job);
    return this.#call(options, buffers, (api, progress) => api.clv(transfer(job, buffers), progress));
  }

  tree(job: Parameters<MlBackend['tree']>[0], options: JobOptions = {}) {
    const buffers = transferables(job);
    return this.#call(options, buffers, (api) => api.tree(transfer(job, buffers)));
  }

  async #call<T>(
    options: JobOptions, buffers: ArrayBuffer[], job: (api: Remote<MlWorkerApi>, progress: ((p: MlProgress) => void) | undefined) => Promise<T>,
  ): Promise<T> {
    if (options.signal?.aborted) throw new Cancelled();
    const started = performance.now();
    const cold = !this.#worker;
    const worker = this.#start();
    this.#running++;
    if (buffers.reduce((sum, b) => sum + b.byteLength, 0) >= LARGE_JOB_BYTES) this.#heldLarge = true;
    let last = 0;
    const progress = options.onProgress
      ? proxy((message: MlProgress) => {
          const now = performance.now();
          if (now - last < PROGRESS_INTERVAL_MS) return;
          last = now;
          options.onProgress?.(message);
        })
      : undefined;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#stop();
        reject(new Cancelled());
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const stopped = worker.stopped.catch((e: unknown) => {
        if (this.#worker === worker) this.#stop();
        throw new Error(`the ML worker stopped: ${e instanceof Error ? e.message : String(e)}. Run the cell again.`);
      });
      Promise.race([job(worker.api, progress), stopped])
        .then(resolve, (e: unknown) => reject(plainError(e)))
        .finally(() => {
          options.signal?.removeEventListener('abort', onAbort);
          if (this.#worker === worker && --this.#running === 0 && this.#heldLarge) {
            this.#stop();
            // A fresh worker holds a few MB; starting it now keeps its start out of the next
            // job, which in the pipeline follows at once (validation after the fit).
            this.warm();
          }
          // For the performance panel and the benchmark's profile, like DuckDB's statements.
          performance.measure(`ml: job${cold ? ', worker started' : ''}`, { start: started });
        });
    });
  }

  /**
   * Starts the worker ahead of its first job, so that loading its code overlaps the SQL cells
   * before a cluster cell: on Online Retail the first job took about 100 ms longer than the next.
   */
  warm(): void {
    this.#start();
  }

  #start(): Connection<MlWorkerApi> {
    this.#worker ??= connect<MlWorkerApi>(startModuleWorker(workerUrl));
    return this.#worker;
  }

  #stop(): void {
    this.#worker?.close();
    this.#worker = null;
    this.#running = 0;
    this.#heldLarge = false;
  }
}

function rawBuffers(raw: RawFeatures): ArrayBuffer[] {
  return unique([...raw.numeric.map((a) => a.buffer), ...raw.categorical.map((a) => a.buffer)]);
}

// A buffer listed twice in a transfer list is an error.
function unique(buffers: ArrayBufferLike[]): ArrayBuffer[] {
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

function plainError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** The buffers of the typed arrays among a job's own fields and its arrays' items. */
function transferables(job: object): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  Object.values(job).forEach(visit);
  return [...out];
}
