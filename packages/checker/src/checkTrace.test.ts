import {
  CausalReplica,
  type JournalEvent,
  type JournaledWrite,
  journaledWrite,
} from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { checkTrace } from "./checkTrace.js";
import type { Trace } from "./trace.js";

const members = ["node1", "node2", "node3"];

/** node1 writes x, node2 sees it and writes y; node3 gets y first, then x. */
function chainTrace(mode: "causal" | "naive"): Trace {
  const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members, mode }));
  if (!n1 || !n2 || !n3) throw new Error("setup");
  const journals: Record<string, JournalEvent[]> = { node1: [], node2: [], node3: [] };
  const x = n1.write("x", "1", 0);
  journals.node1?.push(...x.events);
  journals.node2?.push(...n2.receive(x.message, 1));
  const y = n2.write("y", "2", 2);
  journals.node2?.push(...y.events);
  journals.node1?.push(...n1.receive(y.message, 3));
  journals.node3?.push(...n3.receive(y.message, 4));
  journals.node3?.push(...n3.receive(x.message, 5));
  return { replicas: members, journals };
}

describe("checkTrace", () => {
  it("finds nothing wrong in a causally delivered chain", () => {
    expect(checkTrace(chainTrace("causal"), { quiescent: true })).toEqual([]);
  });

  it("reports a write applied before one that happened before it, with both events", () => {
    const violations = checkTrace(chainTrace("naive"), { quiescent: true });
    expect(violations).toHaveLength(1);
    const [v] = violations;
    expect(v?.kind).toBe("causal-order");
    expect(v?.replica).toBe("node3");
    expect(v?.write).toBe("node2:1");
    expect(v?.message).toBe(
      "node3 applied y=2 (node2:1) before x=1 (node1:1), but x=1 (node1:1) happened before y=2 (node2:1)",
    );
    expect(v?.events.map((e) => [e.replica, e.type])).toEqual([
      ["node3", "deliver"],
      ["node1", "write"],
    ]);
  });

  it("reports a write applied twice", () => {
    const trace = chainTrace("causal");
    const node3 = [...(trace.journals.node3 ?? [])];
    const deliver = node3.find((e) => e.type === "deliver");
    if (!deliver) throw new Error("no deliver");
    node3.push({ ...deliver, seq: node3.length + 1 });
    const violations = checkTrace(
      { ...trace, journals: { ...trace.journals, node3 } },
      { quiescent: false },
    );
    expect(violations.map((v) => v.kind)).toEqual(["applied-twice"]);
    expect(violations[0]?.events).toHaveLength(2);
  });

  it("reports lost writes only at quiescence", () => {
    const trace = chainTrace("causal");
    const journals = { ...trace.journals, node3: [] };
    const partial = { ...trace, journals };
    expect(checkTrace(partial, { quiescent: false })).toEqual([]);
    const lost = checkTrace(partial, { quiescent: true });
    expect(lost.filter((v) => v.kind === "lost").map((v) => `${v.replica} ${v.write}`)).toEqual([
      "node3 node1:1",
      "node3 node2:1",
    ]);
    expect(lost.some((v) => v.kind === "diverged" && v.replica === "node3")).toBe(true);
  });

  it("compares reported stores and names the keys that differ", () => {
    const trace = chainTrace("causal");
    const sibling = { value: "9", clock: { node1: 9 }, origin: "node1" };
    const stores = { node1: { x: [sibling] }, node2: { x: [sibling] }, node3: { x: [] } };
    const violations = checkTrace({ ...trace, stores }, { quiescent: true });
    expect(violations.map((v) => v.message)).toEqual([
      "node3 and node1 ended with different values for x",
    ]);
  });

  it("flags a delivery that skips the sender's earlier write (the flawed rule's failure)", () => {
    const w1 = journaledWrite({ origin: "node1", clock: { node1: 1 }, key: "a", value: "1" });
    const w2 = journaledWrite({ origin: "node1", clock: { node1: 2 }, key: "a", value: "2" });
    const at = (seq: number, message: JournaledWrite, type: "write" | "deliver"): JournalEvent =>
      type === "write"
        ? { seq, time: seq, replica: "node1", clock: message.clock, type, message }
        : { seq, time: seq, replica: "node2", clock: message.clock, type, message, bufferedMs: 0 };
    const trace: Trace = {
      replicas: ["node1", "node2"],
      journals: {
        node1: [at(1, w1, "write"), at(2, w2, "write")],
        node2: [at(1, w2, "deliver"), at(2, w1, "deliver")],
      },
    };
    const [v] = checkTrace(trace, { quiescent: true });
    expect(v?.message).toBe(
      "node2 applied a=2 (node1:2) before a=1 (node1:1), but a=1 (node1:1) happened before a=2 (node1:2)",
    );
  });
});
