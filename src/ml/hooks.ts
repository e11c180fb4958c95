import { Cancelled } from '../cancelled.ts';
import type { MlProgress } from './notes.ts';

/** How long-running numeric work reports progress and learns it should stop. */
export interface JobHooks {
  onProgress?: (progress: MlProgress) => void;
  shouldStop?: () => boolean;
}

export function checkStop(hooks: JobHooks | undefined): void {
  if (hooks?.shouldStop?.()) throw new Cancelled();
}
