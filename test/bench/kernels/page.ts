// Runs the numeric kernels in a module worker in Chromium, as the app does, and leaves the timings
// on window for the benchmark driver to read.
import type { KernelRequest, KernelTiming } from './worker.ts';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

function run(request: KernelRequest): Promise<KernelTiming> {
  return new Promise((resolve) => {
    worker.onmessage = (e: MessageEvent<KernelTiming>) => resolve(e.data);
    worker.postMessage(request);
  });
}

Object.assign(window, { runKernel: run });
document.title = 'ready';
