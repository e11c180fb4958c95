import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/**
 * Samples the page's main thread with Chrome's CPU profiler; `stop` returns the functions that
 * took the most time themselves, with their callers' chain, as lines to print.
 */
export async function startCpuProfile(page: Page): Promise<{ stop: (top?: number) => Promise<string[]> }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return {
    async stop(top = 25) {
      const { profile } = await session.send('Profiler.stop');
      await session.detach();
      const nodes = new Map<number, ProfileNode>(profile.nodes.map((n: ProfileNode) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
      const self = new Map<number, number>();
      const deltas: number[] = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
      const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
      const byFunction = new Map<string, { ms: number; chain: string }>();
      for (const [id, ms] of self) {
        const node = nodes.get(id);
        if (!node || ['(idle)', '(program)', '(garbage collector)', '(root)'].includes(node.callFrame.functionName) && !ms) continue;
        const chain: string[] = [];
        for (let p = parent.get(id); p !== undefined && chain.length < 4; p = parent.get(p)) chain.push(name(nodes.get(p)!));
        const key = name(node);
        const entry = byFunction.get(key) ?? { ms: 0, chain: chain.join(' < ') };
        entry.ms += ms;
        byFunction.set(key, entry);
      }
      return [...byFunction.entries()]
        .filter(([key]) => !key.startsWith('(idle)'))
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, top)
        .map(([key, { ms, chain }]) => `${ms.toFixed(1).padStart(8)} ms  ${key}  < ${chain}`);
    },
  };
}
