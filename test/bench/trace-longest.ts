// What the page's longest main-thread tasks spent their time on, from a Chromium trace: the long
// task observer only says how long a task was, and long animation frames name scripts but not
// style, layout, paint or garbage collection.

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

/** The categories to record for longestTasks(): tasks, what runs in them, and the collector. */
export const TRACE_CATEGORIES = [
  'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.gc', 'blink.user_timing',
];

export interface TaskBreakdown {
  ms: number;
  /** The task's time by what ran in it (self time of each kind of event), longest first. */
  parts: Array<{ name: string; ms: number }>;
}

/** The `count` longest tasks of the page's main thread (CrRendererMain) in a trace, each broken down. */
export function longestTasks(trace: Buffer | string, count = 3): TaskBreakdown[] {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number');
  const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => b.dur! - a.dur!);
  // Nested RunTask events (a task's own sub-tasks) would count twice: keep the outermost.
  const outer: TraceEvent[] = [];
  for (const t of tasks) if (!outer.some((o) => o.ts <= t.ts && t.ts + t.dur! <= o.ts + o.dur!)) outer.push(t);
  return outer.slice(0, count).map((task) => ({ ms: task.dur! / 1000, parts: selfTimes(task, mine) }));
}

/** Self time by event name of the events inside `task` (their time less their children's). */
function selfTimes(task: TraceEvent, events: TraceEvent[]): Array<{ name: string; ms: number }> {
  const end = task.ts + task.dur!;
  const inside = events
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask')
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const add = (name: string, us: number) => self.set(name, (self.get(name) ?? 0) + us);
  // A stack of open events: each one's self time is its duration less its direct children's.
  const stack: Array<{ e: TraceEvent; children: number }> = [{ e: task, children: 0 }];
  const close = (until: number) => {
    while (stack.length > 1 && stack[stack.length - 1].e.ts + stack[stack.length - 1].e.dur! <= until) {
      const done = stack.pop()!;
      add(label(done.e), done.e.dur! - done.children);
      stack[stack.length - 1].children += done.e.dur!;
    }
  };
  for (const e of inside) {
    close(e.ts);
    stack.push({ e, children: 0 });
  }
  close(Infinity);
  add('(task itself, nothing recorded)', task.dur! - stack[0].children);
  return [...self.entries()].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).filter((p) => p.ms >= 0.5);
}

function label(e: TraceEvent): string {
  const fn = e.args?.data?.functionName;
  const url = e.args?.data?.url?.split('/').pop();
  return fn || url ? `${e.name} ${fn ?? ''}${url ? ` (${url})` : ''}`.trim() : e.name;
}
