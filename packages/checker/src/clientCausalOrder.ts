/**
 * The causal order of a client history: program order (each session's sequence) plus reads-from
 * (a write → each read that returned its value), transitively closed. Each operation's causal past
 * is kept as a vector, session → the highest index in its past (itself included), which is exact
 * because the past is downward-closed in every session; computed in one topological pass.
 */
import type {
  ClientHistory,
  ClientOperation,
  ClientRead,
  ClientViolation,
  ClientWrite,
  OperationRef,
} from "./clientHistory.js";
import { describeOperation, describeValue } from "./describeClientOperation.js";

export interface HistoryNode extends OperationRef {
  /** The session's place in `sessions`, for the vectors. */
  readonly slot: number;
  /** For a read, the writes whose values it returned (thin-air values left out). */
  readonly readsFrom: readonly HistoryNode[];
  /** The previous operation of its session that counts. */
  readonly previous: HistoryNode | undefined;
}

export interface CausalOrder {
  readonly sessions: readonly string[];
  readonly nodes: readonly HistoryNode[];
  /** The write of each value. */
  readonly writes: ReadonlyMap<string, HistoryNode>;
  /** Thin-air reads, and a cycle if there is one (then `past` is empty: no order exists). */
  readonly violations: readonly ClientViolation[];
  readonly past: ReadonlyMap<HistoryNode, Int32Array>;
}

export function causalOrderOf(history: ClientHistory): CausalOrder {
  const sessions = Object.keys(history);
  const writes = indexWrites(history);
  const read = new Set<string>();
  for (const operations of Object.values(history)) {
    for (const operation of operations) {
      if (operation.type === "read") for (const { value } of operation.values) read.add(value);
    }
  }
  const nodes: HistoryNode[] = [];
  const writeNodes = new Map<string, HistoryNode>();
  const pending: { node: HistoryNode; operation: ClientRead; readsFrom: HistoryNode[] }[] = [];
  for (const [slot, session] of sessions.entries()) {
    let previous: HistoryNode | undefined;
    for (const [index, operation] of (history[session] ?? []).entries()) {
      // An unanswered write nobody read may never have happened: it has no place in the order.
      if (operation.type === "write" && operation.uncertain && !read.has(operation.value)) continue;
      const readsFrom: HistoryNode[] = [];
      const node: HistoryNode = { session, index, operation, slot, readsFrom, previous };
      nodes.push(node);
      if (operation.type === "write") writeNodes.set(operation.value, node);
      else pending.push({ node, operation, readsFrom });
      previous = node;
    }
  }
  const violations: ClientViolation[] = [];
  for (const { node, operation, readsFrom } of pending) {
    for (const { value } of operation.values) {
      const write = writeNodes.get(value);
      const written = writes.get(value);
      if (write && written?.key === operation.key) readsFrom.push(write);
      else violations.push(thinAir(node, operation, value));
    }
  }
  const order = topologicalOrder(nodes);
  if (!Array.isArray(order)) {
    violations.push(cyclic(order.cycle));
    return { sessions, nodes, writes: writeNodes, violations, past: new Map() };
  }
  const past = new Map<HistoryNode, Int32Array>();
  for (const node of order) {
    const vector = node.previous
      ? Int32Array.from(past.get(node.previous) ?? [])
      : new Int32Array(sessions.length).fill(-1);
    for (const write of node.readsFrom) {
      const seen = past.get(write) ?? [];
      for (let s = 0; s < vector.length; s++) vector[s] = Math.max(vector[s] ?? -1, seen[s] ?? -1);
    }
    vector[node.slot] = node.index;
    past.set(node, vector);
  }
  return { sessions, nodes, writes: writeNodes, violations, past };
}

/** Whether `a` is in the causal past of `b` (and is not `b`). */
export function causallyBefore(order: CausalOrder, a: HistoryNode, b: HistoryNode): boolean {
  return a !== b && (order.past.get(b)?.[a.slot] ?? -1) >= a.index;
}

function indexWrites(history: ClientHistory): Map<string, ClientWrite> {
  const writes = new Map<string, ClientWrite>();
  for (const [session, operations] of Object.entries(history)) {
    for (const operation of operations) {
      if (operation.type !== "write") continue;
      if (writes.has(operation.value)) {
        throw new Error(
          `the value ${JSON.stringify(operation.value)} is written twice (by ${session} too): a client history needs unique values`,
        );
      }
      writes.set(operation.value, operation);
    }
  }
  return writes;
}

/** Kahn's algorithm over program order and reads-from; a cycle if some node never comes free. */
function topologicalOrder(nodes: readonly HistoryNode[]): HistoryNode[] | { cycle: HistoryNode[] } {
  const successors = new Map<HistoryNode, HistoryNode[]>();
  const waitingOn = new Map<HistoryNode, number>();
  for (const node of nodes) {
    const before = predecessors(node);
    waitingOn.set(node, before.length);
    for (const predecessor of before) {
      const list = successors.get(predecessor) ?? [];
      list.push(node);
      successors.set(predecessor, list);
    }
  }
  const ready = nodes.filter((node) => waitingOn.get(node) === 0);
  const order: HistoryNode[] = [];
  for (let next = ready.pop(); next; next = ready.pop()) {
    order.push(next);
    for (const successor of successors.get(next) ?? []) {
      const left = (waitingOn.get(successor) ?? 0) - 1;
      waitingOn.set(successor, left);
      if (left === 0) ready.push(successor);
    }
  }
  if (order.length === nodes.length) return order;
  // Every node left has a predecessor left: walking back through those must come round.
  const left = (node: HistoryNode) => (waitingOn.get(node) ?? 0) > 0;
  let at = nodes.find(left);
  const path: HistoryNode[] = [];
  const seenAt = new Map<HistoryNode, number>();
  while (at && !seenAt.has(at)) {
    seenAt.set(at, path.length);
    path.push(at);
    at = predecessors(at).find(left);
  }
  // `at` came round again: the path from its first visit is the cycle, walked backwards.
  return { cycle: (at ? path.slice(seenAt.get(at)) : path).reverse() };
}

function predecessors(node: HistoryNode): HistoryNode[] {
  return node.previous ? [node.previous, ...node.readsFrom] : [...node.readsFrom];
}

function thinAir(node: HistoryNode, read: ClientOperation, value: string): ClientViolation {
  return {
    kind: "thin-air-read",
    session: node.session,
    operations: [node],
    message: `${describeOperation(node)} returned ${describeValue(read.key, value)}, which no write of ${read.key} wrote`,
  };
}

function cyclic(cycle: readonly HistoryNode[]): ClientViolation {
  const first = cycle[0];
  return {
    kind: "cyclic-causality",
    session: first?.session ?? "",
    operations: cycle,
    message: `causality is cyclic: ${[...cycle, ...(first ? [first] : [])].map(describeOperation).join(" → ")}`,
  };
}
