import { entryOf } from './cells/registry.ts';
import { cellOutputs, type Cell, type Workbook } from './workbook.ts';

/** How the cells of a workbook depend on each other through the tables they read. */
export interface CellGraph {
  /** Cell ids in an order where every cell comes after the cells it reads (cycles left out). */
  order: string[];
  /** For each runnable cell, the ids of the cells whose tables it reads. */
  upstream: Map<string, Set<string>>;
  /** For each cell, the ids of cells that read its table. */
  downstream: Map<string, Set<string>>;
  /** Each dependency cycle, as the cell ids in it. */
  cycles: string[][];
}

/** Table names a cell reads; only names that some other cell or source defines count. */
export function cellReads(cell: Cell): Set<string> {
  return new Set([...entryOf(cell).reads(cell)].map((t) => t.toLowerCase()));
}

export function buildGraph(wb: Workbook): CellGraph {
  const producer = new Map<string, string>();
  for (const c of wb.cells) for (const table of cellOutputs(c)) producer.set(table.toLowerCase(), c.id);

  const upstream = new Map<string, Set<string>>();
  const downstream = new Map<string, Set<string>>();
  for (const c of wb.cells) {
    upstream.set(c.id, new Set());
    downstream.set(c.id, new Set());
  }
  for (const c of wb.cells) {
    for (const name of cellReads(c)) {
      const from = producer.get(name);
      if (from === undefined) continue;
      upstream.get(c.id)!.add(from);
      downstream.get(from)!.add(c.id);
    }
  }

  const cycles = stronglyConnected(wb.cells.map((c) => c.id), upstream).filter(
    (scc) => scc.length > 1 || upstream.get(scc[0])!.has(scc[0]),
  );
  const inCycle = new Set(cycles.flat());
  return { order: topologicalOrder(wb.cells, upstream, inCycle), upstream, downstream, cycles };
}

/** Every cell that reads, directly or not, from any of `ids`, excluding `ids` themselves. */
export function downstreamOf(graph: CellGraph, ids: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...ids];
  const start = new Set(stack);
  while (stack.length) {
    for (const next of graph.downstream.get(stack.pop()!) ?? []) {
      if (!seen.has(next) && !start.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Every cell that `id` reads from, directly or not. */
export function upstreamOf(graph: CellGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    for (const prev of graph.upstream.get(stack.pop()!) ?? []) {
      if (!seen.has(prev) && prev !== id) {
        seen.add(prev);
        stack.push(prev);
      }
    }
  }
  return seen;
}

// Kahn's algorithm, breaking ties by position in the notebook so the order reads top to bottom.
function topologicalOrder(cells: Cell[], upstream: Map<string, Set<string>>, inCycle: Set<string>): string[] {
  const position = new Map(cells.map((c, i) => [c.id, i]));
  const remaining = new Map<string, number>();
  for (const c of cells) {
    if (inCycle.has(c.id)) continue;
    // Upstream cells in a cycle never finish, so cells reading them never become ready.
    remaining.set(c.id, upstream.get(c.id)!.size);
  }
  const dependents = new Map<string, string[]>();
  for (const [id, ups] of upstream) for (const u of ups) dependents.set(u, [...(dependents.get(u) ?? []), id]);

  const ready = [...remaining].filter(([, n]) => n === 0).map(([id]) => id);
  const order: string[] = [];
  while (ready.length) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const d of dependents.get(id) ?? []) {
      if (!remaining.has(d)) continue;
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  return order;
}

// Tarjan's algorithm over "reads from" edges.
function stronglyConnected(ids: string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];

  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      result.push(scc.reverse());
    }
  };
  for (const id of ids) if (!indexOf.has(id)) visit(id);
  return result;
}
