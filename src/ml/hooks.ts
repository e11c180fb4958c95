/** How long-running numeric work reports progress and learns it should stop. */
export interface JobHooks {
  onProgress?: (message: string) => void;
  shouldStop?: () => boolean;
}

export class JobCancelled extends Error {
  override name = 'JobCancelled';
  constructor() {
    super('cancelled');
  }
}

export function checkStop(hooks: JobHooks | undefined): void {
  if (hooks?.shouldStop?.()) throw new JobCancelled();
}
