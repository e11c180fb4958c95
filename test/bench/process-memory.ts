import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Process ids descending from `root`, read from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const ppid = /^PPid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`));
    if (ppid) parent.set(pid, Number(ppid[1]));
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/**
 * The largest peak resident memory (VmHWM) among Chromium's renderer processes, in MB. A page's
 * dedicated workers (DuckDB's, the ML and ingest workers) are threads of its renderer, so their
 * wasm heaps and typed arrays count here. Chromium is a child of this Node process (Playwright
 * starts it), so its renderers are found among our descendants. Call it before the page's context
 * closes; a closed context's renderer has exited.
 */
export function rendererPeakMb(): number | null {
  const root = process.pid;
  let peak: number | null = null;
  for (const pid of descendants(root)) {
    if (!read(`/proc/${pid}/cmdline`).includes('--type=renderer')) continue;
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`));
    if (hwm) peak = Math.max(peak ?? 0, Number(hwm[1]) / 1024);
  }
  return peak;
}

/** The renderers' current resident memory (VmRSS), the largest of them, in MB; null when none is found. */
export function rendererRssMb(): number | null {
  let rss: number | null = null;
  for (const pid of descendants(process.pid)) {
    if (!read(`/proc/${pid}/cmdline`).includes('--type=renderer')) continue;
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`));
    if (kb) rss = Math.max(rss ?? 0, Number(kb[1]) / 1024);
  }
  return rss;
}

/**
 * Samples the renderers' resident memory every `everyMs` while a run goes on, and keeps the
 * highest figure seen under each label `stage()` names: which step the peak belongs to.
 */
export function watchMemory(stage: () => string, everyMs = 250): { stop: () => Array<{ stage: string; peakMb: number }>; samples: Array<{ at: number; mb: number }> } {
  const peaks = new Map<string, number>();
  const samples: Array<{ at: number; mb: number }> = [];
  const timer = setInterval(() => {
    const rss = rendererRssMb();
    if (rss === null) return;
    peaks.set(stage(), Math.max(peaks.get(stage()) ?? 0, rss));
    samples.push({ at: Date.now(), mb: rss });
  }, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      return [...peaks.entries()].map(([s, peakMb]) => ({ stage: s, peakMb }));
    },
  };
}

/** "restart 3 of 10 · iteration 15" and "restart 4 of 10 · iteration 2" are one phase. */
function phaseOf(running: string): string {
  return running.replace(/\d[\d.,]*(e[+-]?\d+)?/g, '#');
}

/**
 * The time the page showed each phase running (its timeline's labels, numbers folded), longest
 * first: where a step's seconds go, without a profiler.
 */
export function timeByTimeline(timeline: Array<{ at: number; running: string }>, end: number): Array<{ running: string; ms: number }> {
  const spent = new Map<string, number>();
  timeline.forEach((t, i) => {
    const label = phaseOf(t.running);
    spent.set(label, (spent.get(label) ?? 0) + ((timeline[i + 1]?.at ?? end) - t.at));
  });
  return [...spent.entries()].map(([running, ms]) => ({ running, ms })).sort((a, b) => b.ms - a.ms);
}

/**
 * The highest memory sample under each label of the page's timeline (wall-clock times of what it
 * showed running), highest first: the step, and the phase its progress line named, behind a peak.
 */
export function memoryByTimeline(samples: Array<{ at: number; mb: number }>, timeline: Array<{ at: number; running: string }>): Array<{ running: string; peakMb: number }> {
  const peaks = new Map<string, number>();
  for (const s of samples) {
    let label = 'before the page started';
    for (const t of timeline) if (t.at <= s.at) label = t.running;
    label = phaseOf(label);
    peaks.set(label, Math.max(peaks.get(label) ?? 0, s.mb));
  }
  return [...peaks.entries()].map(([running, peakMb]) => ({ running, peakMb })).sort((a, b) => b.peakMb - a.peakMb);
}
