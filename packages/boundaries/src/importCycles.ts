/**
 * The import cycles of a directed graph: one per strongly connected component (Tarjan), each shown
 * as the shortest cycle through the component's first node, so a tangle of many files is reported
 * once, by a path a reader can follow.
 */
export type Graph = ReadonlyMap<string, ReadonlySet<string>>;

/** Each cycle starts and ends with the same node: ["a", "b", "a"]. Nodes sort within a cycle's start. */
export function importCycles(graph: Graph): string[][] {
  return stronglyConnected(graph)
    .filter(
      (component) =>
        component.length > 1 || graph.get(component[0] ?? "")?.has(component[0] ?? "") === true,
    )
    .map((component) => shortestCycle(graph, new Set(component), [...component].sort()[0] ?? ""))
    .sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

function stronglyConnected(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components;
}

/** Breadth-first from `start` back to itself, inside the component only. */
function shortestCycle(graph: Graph, component: ReadonlySet<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] ?? "";
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!component.has(next)) continue;
      if (next === start) {
        const between: string[] = [];
        for (let at = node; at !== start; at = previous.get(at) ?? start) between.unshift(at);
        return [start, ...between, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
