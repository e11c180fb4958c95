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
export function watchMemory(stage: () => string, everyMs = 250): { stop: () => Array<{ stage: string; peakMb: number }> } {
  const peaks = new Map<string, number>();
  const timer = setInterval(() => {
    const rss = rendererRssMb();
    if (rss !== null) peaks.set(stage(), Math.max(peaks.get(stage()) ?? 0, rss));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return [...peaks.entries()].map(([s, peakMb]) => ({ stage: s, peakMb }));
    },
  };
}
