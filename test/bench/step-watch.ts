/** What the page showed while one step ran, from the watcher's samples. */
export interface WatchedStep {
  step: string;
  /** Page clock of the first and last sample that saw the step running. */
  first: number;
  last: number;
  samples: number;
  /** Samples from HALF_SECOND on, and how many of them showed progress, an enabled Cancel, both. */
  judged: number;
  progress: number;
  cancel: number;
  both: number;
  /** The last progress text seen, to show in the report what the user reads. */
  lastText: string;
}

/** How often the page is sampled; a step's watched span can be this much shorter than it ran. */
export const WATCH_EVERY_MS = 100;

/**
 * Installed with page.addInitScript: every WATCH_EVERY_MS, records each step the page shows as
 * running (a source loading, a cell running, a sweep, a download being prepared), and whether a
 * progress indication and an enabled, visible Cancel were on screen. A cell's ticking "Running…
 * 3.2 s" clock alone is not progress: it must be a progress bar or a line saying what it is doing.
 * Self-contained: Playwright serialises it into the page.
 */
export function installStepWatch(every: number): void {
  const HALF_SECOND = 500;
  const steps: Record<string, { step: string; first: number; last: number; samples: number; judged: number; progress: number; cancel: number; both: number; lastText: string }> = {};
  // What ran when, by wall clock, each time it changes: the memory profile's labels.
  const timeline: Array<{ at: number; running: string }> = [];
  Object.assign(window, { benchSteps: steps, benchTimeline: timeline });
  let running: string[] = [];
  const shown = (e: Element | null | undefined): boolean => !!e && (e as HTMLElement).checkVisibility();
  const enabledCancel = (scope: Element): boolean =>
    [...scope.querySelectorAll('button')].some((b) => /^Cancel/.test(b.textContent?.trim() ?? '') && !b.disabled && shown(b));
  const note = (step: string, now: number, text: string, bar: boolean, cancel: boolean) => {
    const s = steps[step] ?? { step, first: now, last: now, samples: 0, judged: 0, progress: 0, cancel: 0, both: 0, lastText: '' };
    s.last = now;
    s.samples++;
    const progress = bar || text.length > 0;
    if (text) s.lastText = text;
    running.push(text ? `${step}: ${text}` : step);
    if (now - s.first >= HALF_SECOND) {
      s.judged++;
      if (progress) s.progress++;
      if (cancel) s.cancel++;
      if (progress && cancel) s.both++;
    }
    steps[step] = s;
  };
  setInterval(() => {
    const now = performance.now();
    const before = timeline.at(-1)?.running ?? '';
    running = [];
    for (const source of document.querySelectorAll('section.source')) {
      const loading = source.querySelector('.loading');
      if (!loading) continue;
      const bar = loading.querySelector('progress');
      note(`load ${source.querySelector('h3')?.textContent ?? '?'}`, now, '', shown(bar), enabledCancel(loading));
    }
    for (const cell of document.querySelectorAll('article.cell')) {
      const name = /result table (.+)$/.exec(cell.getAttribute('aria-label') ?? '')?.[1] ?? '?';
      const status = cell.querySelector('[data-status]');
      if (status?.getAttribute('data-status') === 'running') {
        const line = cell.querySelector('p.progress');
        const text = shown(line) ? (line?.textContent?.trim() ?? '') : '';
        note(`cell ${name}`, now, text, shown(cell.querySelector('progress')), enabledCancel(status));
      }
      const sweep = cell.querySelector('section.sweep');
      const sweeping = sweep && [...sweep.querySelectorAll('p[aria-live]')].find((p) => p.textContent?.startsWith('Sweeping'));
      if (sweep && sweeping) {
        const text = (sweeping.textContent ?? '').replace(/^Sweeping:\s*/, '').trim();
        note(`sweep ${name}`, now, text, shown(sweep.querySelector('progress')), enabledCancel(sweep));
      }
      const downloads = cell.querySelector('.downloads');
      const preparing = downloads && [...downloads.querySelectorAll('[role=status]')].find((s) => s.textContent?.startsWith('Preparing'));
      if (downloads && preparing) note(`download ${name}`, now, preparing.textContent?.trim() ?? '', shown(downloads.querySelector('progress')), enabledCancel(downloads));
    }
    const label = running.join(' + ') || 'nothing shown running';
    if (label !== before) timeline.push({ at: performance.timeOrigin + now, running: label });
  }, every);
}

/** Whether a step that ran over a second showed progress and an enabled Cancel in every sample from half a second on. */
export function stepMet(s: WatchedStep): boolean {
  return s.judged > 0 && s.both === s.judged;
}

/** The watched span of a step, in ms: its first to its last sample, plus one interval. */
export const watchedMs = (s: WatchedStep): number => s.last - s.first + WATCH_EVERY_MS;
