/**
 * Starts a module worker from a blob: shim that imports `url`. A blob: worker inherits the page's
 * Content-Security-Policy; a worker started from its own URL would take its policy from its own
 * response headers, which a static host does not send.
 */
export function startModuleWorker(url: string): Worker {
  const shim = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(new URL(url, location.href).href)};`], { type: 'text/javascript' }),
  );
  const worker = new Worker(shim, { type: 'module' });
  URL.revokeObjectURL(shim);
  return worker;
}
