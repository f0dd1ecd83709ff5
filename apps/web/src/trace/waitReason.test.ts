import { CausalReplica, deliverable } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { waitReason } from "./waitReason";

describe("waitReason", () => {
  it("names the entry y waits on in the causal chain: needs node1 ≥ 1, has 0", () => {
    const reason = waitReason(
      { origin: "node2", clock: { node1: 1, node2: 1, node3: 0 } },
      { node1: 0, node2: 0, node3: 0 },
    );
    expect(reason.blocking).toEqual(["needs node1 ≥ 1, has 0"]);
    expect(reason.entries.map((e) => [e.id, e.sent, e.has, e.blocking])).toEqual([
      ["node1", 1, 0, true],
      ["node2", 1, 0, false],
      ["node3", 0, 0, false],
    ]);
    expect(reason.rule).toBe(
      "A write from node2 is applied when it is node2's next write and every other entry of its clock is ≤ the receiver's.",
    );
  });

  it("says when the origin's earlier writes are missing", () => {
    const reason = waitReason({ origin: "node1", clock: { node1: 3 } }, { node1: 1 });
    expect(reason.blocking).toEqual(["needs node1 = 2 (its earlier writes first), has 1"]);
  });

  it("finds nothing blocking exactly when the core's rule would deliver", () => {
    const clock = fc.dictionary(fc.constantFrom("node1", "node2", "node3"), fc.nat(3));
    fc.assert(
      fc.property(clock, clock, fc.constantFrom("node1", "node2", "node3"), (sent, has, origin) => {
        const own = (sent[origin] ?? 0) + 1;
        const write = { origin, clock: { ...sent, [origin]: own } };
        // Not yet applied here: at most the writes of its origin before it.
        const applied = { ...has, [origin]: Math.min(has[origin] ?? 0, own - 1) };
        expect(waitReason(write, applied).blocking.length === 0).toBe(deliverable(write, applied));
      }),
    );
  });

  it("explains a real buffered arrival from its journal", () => {
    const members = ["node1", "node2", "node3"];
    const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
    if (!n1 || !n2 || !n3) throw new Error("setup");
    const x = n1.write("x", "1", 0);
    n2.receive(x.message, 1);
    const y = n2.write("y", "2", 2);
    const buffered = n3.receive(y.message, 3).find((e) => e.type === "buffer");
    if (buffered?.type !== "buffer") throw new Error("y should wait");
    expect(waitReason(buffered.message, buffered.clock).blocking).toEqual([
      "needs node1 ≥ 1, has 0",
    ]);
  });
});
