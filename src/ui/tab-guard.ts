const LOCK = 'segbook-workbook';

/**
 * Makes sure only one tab writes the workbook kept in this browser. The tab holding the Web Lock
 * writes; a tab opened later finds the lock taken and only reads, until the user takes over
 * (stealing the lock), at which point the first tab is told and stops writing.
 */
export class TabGuard {
  #release: (() => void) | null = null;

  constructor(private readonly onLost: () => void) {}

  /** True when this tab may write: it holds the lock, or the browser has no Web Locks. */
  async claim(): Promise<boolean> {
    if (!navigator.locks) return true;
    // On a reload the old page may still hold the lock for a moment while this one starts.
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await this.#request({ ifAvailable: true })) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  }

  /** Takes the lock from the tab holding it; that tab's `onLost` runs. */
  takeOver(): Promise<boolean> {
    if (!navigator.locks) return Promise.resolve(true);
    return this.#request({ steal: true });
  }

  #request(options: LockOptions): Promise<boolean> {
    return new Promise((granted) => {
      navigator.locks
        .request(LOCK, options, (lock) => {
          granted(lock !== null);
          if (!lock) return undefined;
          // Held until the tab closes or another tab steals it.
          return new Promise<void>((release) => (this.#release = release));
        })
        .catch(() => {
          // Stolen by another tab.
          this.#release = null;
          this.onLost();
        });
    });
  }

  release(): void {
    this.#release?.();
    this.#release = null;
  }
}
