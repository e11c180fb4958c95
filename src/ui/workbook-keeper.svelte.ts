import type { Workbook } from '../engine/workbook.ts';
import { WorkbookStorage } from './persistence.ts';
import { TabGuard } from './tab-guard.ts';

/**
 * Keeps the workbook in this browser: saves it shortly after each change, asks once for storage
 * the browser will not clear, and lets only one tab write it.
 */
export class WorkbookKeeper {
  /**
   * Where the workbook is kept: never "saved", because browser storage may be cleared by the
   * browser unless it granted persistent storage. The file and the link are the real copies.
   */
  keptIn: 'nowhere' | 'browser' | 'persistent' = $state('nowhere');
  /** Set while another tab writes the workbook kept in this browser: this tab's edits are not kept. */
  writeBlocked: 'open-elsewhere' | 'taken-over' | null = $state(null);

  readonly storage = new WorkbookStorage();
  /** Settles once this tab knows whether it may write the kept workbook. */
  readonly claimed: Promise<void>;
  readonly #tabs = new TabGuard(() => (this.writeBlocked = 'taken-over'));
  #persistenceAsked = false;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.claimed = this.#tabs.claim().then((mine) => {
      if (!mine) this.writeBlocked = 'open-elsewhere';
    });
  }

  /** Makes this tab the one that keeps the workbook; the other tab is told and stops writing. */
  async takeOver(): Promise<boolean> {
    if (!(await this.#tabs.takeOver())) return false;
    this.writeBlocked = null;
    return true;
  }

  /** Saves `snapshot()` soon, unless `allowed()` says no by then; `onError` hears why a save failed. */
  schedule(snapshot: () => Workbook, allowed: () => boolean, onError: (message: string) => void): void {
    clearTimeout(this.#saveTimer);
    if (!allowed() || this.writeBlocked) return;
    this.#saveTimer = setTimeout(() => {
      if (!allowed() || this.writeBlocked) return;
      void this.storage.save(snapshot()).then(() => this.#askPersistence(), (e: unknown) => onError(e instanceof Error ? e.message : String(e)));
    }, 250);
  }

  /** Asks once for storage the browser will not clear by itself, and shows which kind it is. */
  async #askPersistence(): Promise<void> {
    const storage = navigator.storage;
    if (!this.#persistenceAsked) {
      this.#persistenceAsked = true;
      const granted = await storage?.persist?.().catch(() => false);
      this.keptIn = granted ? 'persistent' : 'browser';
      return;
    }
    if (this.keptIn === 'nowhere') this.keptIn = (await storage?.persisted?.().catch(() => false)) ? 'persistent' : 'browser';
  }
}
