/**
 * Judges what clients saw (Bouajjani et al., POPL 2017, for histories with unique values: a few bad
 * patterns, polynomial to find). A read must return, or return something that supersedes, every
 * write of its key in its causal past; it must not return a write superseded there; a value must
 * come from a write; causality must not be cyclic. A miss is named by the session guarantee that
 * let the write into the read's past: read-your-writes, monotonic reads, monotonic writes,
 * writes-follow-reads, or a longer chain (causal visibility).
 */
import { happenedBefore, type VectorClock } from "@causal-kv/core";
import {
  type CausalOrder,
  causallyBefore,
  causalOrderOf,
  type HistoryNode,
} from "./clientCausalOrder.js";
import type { ClientHistory, ClientViolation, ClientViolationKind } from "./clientHistory.js";
import { describeOperation } from "./describeClientOperation.js";

export function checkClientHistory(history: ClientHistory): ClientViolation[] {
  const order = causalOrderOf(history);
  const violations = [...order.violations];
  if (violations.some((violation) => violation.kind === "cyclic-causality")) return violations;
  const clocks = clocksOf(order);
  // A write "supersedes" another when it is causally after it, or its clock says it saw it: the
  // store keeps only siblings no other write has seen, so a read may return the later one alone.
  const supersedes = (later: HistoryNode, earlier: HistoryNode) =>
    causallyBefore(order, earlier, later) || clockBefore(clocks, earlier, later);
  const writesByKey = groupWrites(order);
  for (const read of order.nodes) {
    if (read.operation.type !== "read") continue;
    const vector = order.past.get(read);
    const inPast = (writesByKey.get(read.operation.key) ?? []).filter(
      (write) => (vector?.[write.slot] ?? -1) >= write.index,
    );
    const returned = read.readsFrom;
    const missed = inPast.filter(
      (write) => !returned.some((value) => value === write || supersedes(value, write)),
    );
    for (const write of missed) {
      if (missed.some((other) => other !== write && causallyBefore(order, write, other))) continue;
      violations.push(missedWrite(order, read, write));
    }
    for (const value of returned) {
      const newer = inPast.find(
        (write) => write !== value && !missed.includes(write) && supersedes(write, value),
      );
      if (newer) violations.push(staleSibling(read, value, newer));
    }
  }
  return violations;
}

/** Names why `write` was in `read`'s causal past, and so which guarantee the miss broke. */
function missedWrite(order: CausalOrder, read: HistoryNode, write: HistoryNode): ClientViolation {
  const missed = `${describeOperation(read)} missed ${describeOperation(write)}`;
  const found = (
    kind: ClientViolationKind,
    operations: HistoryNode[],
    why: string,
  ): ClientViolation => ({ kind, session: read.session, operations, message: `${missed}: ${why}` });
  if (write.session === read.session) {
    return found("read-your-writes", [read, write], "read-your-writes was broken");
  }
  const earlierReads = readsBefore(read);
  const rereadOf = earlierReads.find((earlier) => earlier.readsFrom.includes(write));
  if (rereadOf) {
    return found(
      "monotonic-reads",
      [read, write, rereadOf],
      `${describeOperation(rereadOf)} had returned it: monotonic reads was broken`,
    );
  }
  // The write came in through an earlier read of a later write `via` of some session S.
  let chain: ClientViolation | undefined;
  for (const earlier of [...earlierReads].reverse()) {
    for (const via of earlier.readsFrom) {
      if (!causallyBefore(order, write, via)) continue;
      const writer = via.session;
      const through = `${describeOperation(earlier)} returned ${describeOperation(via)}`;
      if (write.session === writer) {
        return found(
          "monotonic-writes",
          [read, write, via, earlier],
          `yet ${through}, which ${writer} wrote after it: ${writer}'s monotonic writes was broken`,
        );
      }
      const readByWriter = readsBefore(via).find((r) => r.readsFrom.includes(write));
      if (readByWriter) {
        return found(
          "writes-follow-reads",
          [read, write, readByWriter, via, earlier],
          `yet ${through}, which ${writer} wrote after ${describeOperation(readByWriter)}: ${writer}'s writes-follow-reads was broken`,
        );
      }
      chain ??= found(
        "causal-visibility",
        [read, write, via, earlier],
        `it is in the causal past of what ${through}: causal visibility was broken`,
      );
    }
  }
  return chain ?? found("causal-visibility", [read, write], "it is in the read's causal past");
}

function staleSibling(read: HistoryNode, value: HistoryNode, newer: HistoryNode): ClientViolation {
  return {
    kind: "stale-sibling",
    session: read.session,
    operations: [read, value, newer],
    message: `${describeOperation(read)} returned ${describeOperation(value)}, which ${describeOperation(newer)} had superseded in the read's causal past`,
  };
}

/** The reads of `node`'s session before it, oldest first. */
function readsBefore(node: HistoryNode): HistoryNode[] {
  const reads: HistoryNode[] = [];
  for (let at = node.previous; at; at = at.previous) {
    if (at.operation.type === "read") reads.push(at);
  }
  return reads.reverse();
}

function groupWrites(order: CausalOrder): Map<string, HistoryNode[]> {
  const byKey = new Map<string, HistoryNode[]>();
  for (const node of order.nodes) {
    if (node.operation.type !== "write") continue;
    const list = byKey.get(node.operation.key) ?? [];
    list.push(node);
    byKey.set(node.operation.key, list);
  }
  return byKey;
}

/** Every write's clock, from its answer or from a read that returned it. */
function clocksOf(order: CausalOrder): Map<HistoryNode, VectorClock> {
  const clocks = new Map<HistoryNode, VectorClock>();
  for (const node of order.nodes) {
    const { operation } = node;
    if (operation.type === "write" && operation.clock) clocks.set(node, operation.clock);
    if (operation.type !== "read") continue;
    for (const { value, clock } of operation.values) {
      const write = order.writes.get(value);
      if (write && clock && !clocks.has(write)) clocks.set(write, clock);
    }
  }
  return clocks;
}

function clockBefore(
  clocks: ReadonlyMap<HistoryNode, VectorClock>,
  earlier: HistoryNode,
  later: HistoryNode,
): boolean {
  const a = clocks.get(earlier);
  const b = clocks.get(later);
  return a !== undefined && b !== undefined && happenedBefore(a, b);
}
