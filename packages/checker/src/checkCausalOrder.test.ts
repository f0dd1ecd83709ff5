import { type JournalEvent, type WriteId, writeId } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { checkCausalOrder } from "./checkCausalOrder.js";
import { deliverEvent, write, writeEvent } from "./journal.testkit.js";
import type { Trace } from "./trace.js";

const x1 = write("node1", { node1: 1 }, "x", "1");
const x2 = write("node1", { node1: 2 }, "x", "2");
/** node2 wrote y after seeing both of node1's writes. */
const y1 = write("node2", { node1: 2, node2: 1 }, "y", "1");
const origins = {
  node1: [writeEvent(1, x1), writeEvent(2, x2)],
  node2: [deliverEvent("node2", 1, x1), deliverEvent("node2", 2, x2), writeEvent(3, y1)],
};

function writeEventsOf(trace: Trace): Map<WriteId, JournalEvent> {
  const index = new Map<WriteId, JournalEvent>();
  for (const journal of Object.values(trace.journals)) {
    for (const event of journal) {
      if (event.type === "write") index.set(writeId(event.message), event);
    }
  }
  return index;
}

function check(
  node3: JournalEvent[],
  replicas = ["node1", "node2", "node3"],
): ReturnType<typeof checkCausalOrder> {
  const journals = Object.fromEntries(
    Object.entries({ ...origins, node3 }).filter(([id]) => replicas.includes(id)),
  );
  const trace: Trace = { replicas, journals };
  return checkCausalOrder(trace, writeEventsOf(trace));
}

describe("checkCausalOrder", () => {
  it("accepts every replica's journal when each write comes after its causal past", () => {
    const inOrder = [x1, x2, y1].map((message, i) => deliverEvent("node3", i + 1, message));
    expect(check(inOrder)).toEqual([]);
  });

  it("names the second application of a write, with the second and the first event", () => {
    const first = deliverEvent("node3", 1, x1);
    const again = deliverEvent("node3", 2, x1);
    expect(check([first, again])).toEqual([
      {
        kind: "applied-twice",
        replica: "node3",
        write: "node1:1",
        events: [again, first],
        message: "node3 applied x=1 (node1:1) twice",
      },
    ]);
  });

  it("names the first write still missing, and the event where it was written", () => {
    const early = deliverEvent("node3", 2, y1);
    const violations = check([deliverEvent("node3", 1, x1), early]);
    expect(violations).toEqual([
      {
        kind: "causal-order",
        replica: "node3",
        write: "node2:1",
        events: [early, origins.node1[1]],
        message:
          "node3 applied y=1 (node2:1) before x=2 (node1:2), but x=2 (node1:2) happened before y=1 (node2:1)",
      },
    ]);
  });

  it("counts a write applied out of order as applied, so its successors are not blamed for it", () => {
    const violations = check(
      [x2, x1, y1].map((message, i) => deliverEvent("node3", i + 1, message)),
    );
    expect(violations.map((v) => `${v.kind} ${v.write}`)).toEqual(["causal-order node1:2"]);
  });

  it("names a missing write by its id alone when its origin's journal is not in the trace", () => {
    const early = deliverEvent("node3", 1, y1);
    const violations = check([early], ["node2", "node3"]);
    expect(violations).toEqual([
      {
        kind: "causal-order",
        replica: "node3",
        write: "node2:1",
        events: [early],
        message:
          "node3 applied y=1 (node2:1) before node1:1, but node1:1 happened before y=1 (node2:1)",
      },
    ]);
  });

  it("judges each replica against its own journal only", () => {
    const early = deliverEvent("node3", 1, x2);
    const violations = check([early]);
    expect(violations.map((v) => `${v.replica} ${v.write}`)).toEqual(["node3 node1:2"]);
  });
});
