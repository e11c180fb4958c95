import helperUrl from './bootstrap-helper.worker.ts?worker&url';
import type { BootstrapHelper } from '../ml/validate-bootstrap.ts';
import { bootstrapHelperOver, type BootstrapHelperApi } from './bootstrap-helper-api.ts';
import { connect } from './protocol.ts';
import { startModuleWorker } from './start-worker.ts';

/**
 * Starts validation's bootstrap helper worker from inside the ML worker, or returns null where
 * workers cannot start workers. The ML worker runs from a blob: shim, which cannot be a base URL;
 * this module's own URL can.
 */
export function startBootstrapHelper(): BootstrapHelper | null {
  if (typeof Worker === 'undefined') return null;
  const worker = startModuleWorker(new URL(helperUrl, import.meta.url).href);
  return bootstrapHelperOver(connect<BootstrapHelperApi>(worker));
}
