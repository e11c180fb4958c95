import { Cancelled } from '../cancelled.ts';

/** How long-running numeric work reports progress and learns it should stop. */
export interface JobHooks {
  onProgress?: (message: string) => void;
  shouldStop?: () => boolean;
}

export function checkStop(hooks: JobHooks | undefined): void {
  if (hooks?.shouldStop?.()) throw new Cancelled();
}
