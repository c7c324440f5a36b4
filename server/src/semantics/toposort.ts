// Dependency ordering with wit-parser's error reporting: a missing dependency is reported at
// the first edge (in node order, then edge order) that names it; a cycle is reported at the
// first edge of the first node still blocked that points to another blocked node.
//
// Unlike wit-parser this never stops: every missing edge is reported, a cycle is reported once,
// and the returned order contains every node (blocked nodes last, in source order), so later
// stages still see and check everything.

import type { Span } from '../syntax/ast';

export interface Edge {
  readonly name: string;
  readonly span: Span;
  readonly uri: string;
}

export interface TopoProblem {
  readonly kind: 'missing' | 'cycle';
  readonly edge: Edge;
}

export interface TopoResult {
  readonly order: readonly string[];
  readonly problems: readonly TopoProblem[];
}

/** `nodes` maps each node (in source order) to its outgoing edges (in source order). */
export function toposort(nodes: ReadonlyMap<string, readonly Edge[]>): TopoResult {
  const problems: TopoProblem[] = [];
  for (const edges of nodes.values()) {
    for (const edge of edges) {
      if (!nodes.has(edge.name)) problems.push({ kind: 'missing', edge });
    }
  }

  // Depth-first, dependencies before dependents, nodes visited in source order: the order in
  // which the pinned wit-parser resolves independent items.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  let cycleEdge: Edge | undefined;
  // Iterative depth-first walk: item chains can be thousands long.
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { name: string; next: number };
      const edges = nodes.get(top.name) ?? [];
      if (top.next < edges.length) {
        const edge = edges[top.next] as Edge;
        top.next += 1;
        if (nodes.has(edge.name) && !state.has(edge.name)) {
          state.set(edge.name, 'visiting');
          stack.push({ name: edge.name, next: 0 });
        }
        continue;
      }
      state.set(top.name, 'done');
      order.push(top.name);
      stack.pop();
    }
  }

  // Cycle detection the way wit-parser reports it: count unresolved outgoing edges (Kahn).
  const remaining = new Map<string, number>();
  const reverse = new Map<string, string[]>();
  for (const [name, edges] of nodes) {
    let count = 0;
    for (const edge of edges) {
      if (!nodes.has(edge.name)) continue;
      count += 1;
      const list = reverse.get(edge.name) ?? [];
      list.push(name);
      reverse.set(edge.name, list);
    }
    remaining.set(name, count);
  }
  const ready = [...nodes.keys()].filter((n) => remaining.get(n) === 0);
  let processed = 0;
  while (ready.length > 0) {
    const n = ready.pop() as string;
    processed += 1;
    for (const dependent of reverse.get(n) ?? []) {
      const left = (remaining.get(dependent) ?? 0) - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (processed < nodes.size) {
    outer: for (const [name, edges] of nodes) {
      if (remaining.get(name) === 0) continue;
      for (const edge of edges) {
        if (nodes.has(edge.name) && (remaining.get(edge.name) ?? 0) > 0) {
          cycleEdge = edge;
          break outer;
        }
      }
    }
    if (cycleEdge) problems.push({ kind: 'cycle', edge: cycleEdge });
  }
  return { order, problems };
}
