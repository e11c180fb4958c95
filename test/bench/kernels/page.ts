// Runs the numeric kernels in a module worker in Chromium, as the app does (started from a blob:
// shim, so it keeps this page's Content-Security-Policy), and leaves the timings on window for the
// benchmark driver to read.
import { startModuleWorker } from '../../../src/workers/start-worker.ts';
import workerUrl from './worker.ts?worker&url';
import type { KernelRequest, KernelTiming } from './worker.ts';

const worker = startModuleWorker(new URL(workerUrl, import.meta.url).href);

function run(request: KernelRequest): Promise<KernelTiming> {
  return new Promise((resolve) => {
    worker.onmessage = (e: MessageEvent<KernelTiming>) => resolve(e.data);
    worker.postMessage(request);
  });
}

Object.assign(window, { runKernel: run });
document.title = 'ready';
