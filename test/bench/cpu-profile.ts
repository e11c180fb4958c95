import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** A span of the page's clock (performance.now), such as a long task. */
export interface Window {
  start: number;
  duration: number;
}

const IDLE = new Set(['(idle)', '(root)']);

/**
 * Samples the page's main thread with Chrome's CPU profiler from now on. `stop` returns the
 * functions that took the most time themselves, with their callers' chain, as lines to print:
 * over the whole span, and within each of `windows` (page clock; the profile starts at `startedAt`).
 */
export async function startCpuProfile(page: Page): Promise<{ stop: (windows?: Window[], top?: number) => Promise<{ overall: string[]; windows: string[][] }> }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  const startedAt = await page.evaluate(() => performance.now());
  await session.send('Profiler.start');
  return {
    async stop(windows = [], top = 25) {
      const { profile } = await session.send('Profiler.stop');
      await session.detach();
      const nodes = new Map<number, ProfileNode>(profile.nodes.map((n: ProfileNode) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
      const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
      const samples: number[] = profile.samples ?? [];
      const deltas: number[] = profile.timeDeltas ?? [];
      // Sample i was taken at the profile's start plus the deltas so far, in microseconds.
      const at: number[] = [];
      let t = 0;
      for (const d of deltas) at.push(startedAt + (t += d) / 1000);
      const summarise = (keep: (i: number) => boolean) => {
        const byFunction = new Map<string, { ms: number; chain: string }>();
        samples.forEach((id, i) => {
          if (!keep(i)) return;
          const node = nodes.get(id);
          if (!node || IDLE.has(node.callFrame.functionName)) return;
          const chain: string[] = [];
          for (let p = parent.get(id); p !== undefined && chain.length < 4; p = parent.get(p)) chain.push(name(nodes.get(p)!));
          const key = name(node);
          const entry = byFunction.get(key) ?? { ms: 0, chain: chain.join(' < ') };
          entry.ms += (deltas[i + 1] ?? 0) / 1000;
          byFunction.set(key, entry);
        });
        return [...byFunction.entries()]
          .sort((a, b) => b[1].ms - a[1].ms)
          .slice(0, top)
          .map(([key, { ms, chain }]) => `${ms.toFixed(1).padStart(8)} ms  ${key}  < ${chain}`);
      };
      return {
        overall: summarise(() => true),
        windows: windows.map((w) => summarise((i) => at[i] >= w.start && at[i] <= w.start + w.duration).slice(0, 8)),
      };
    },
  };
}
