import { digestValue, type JournalEvent, type WriteId, writeId } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { checkDelivery } from "./checkDelivery.js";
import { deliverEvent, write, writeEvent } from "./journal.testkit.js";
import type { Trace } from "./trace.js";

const x1 = write("node1", { node1: 1 }, "x", "1");
const gone = write("node2", { node2: 1 }, "x", null);
const madeX = writeEvent(1, x1);
const madeGone = writeEvent(1, gone);
const writeEvents = new Map<WriteId, JournalEvent>([
  [writeId(x1), madeX],
  [writeId(gone), madeGone],
]);

describe("checkDelivery", () => {
  it("finds nothing lost when every replica applied every write", () => {
    const trace: Trace = {
      replicas: ["node1", "node2"],
      journals: {
        node1: [madeX, deliverEvent("node1", 2, gone)],
        node2: [madeGone, deliverEvent("node2", 2, x1)],
      },
    };
    expect(checkDelivery(trace, writeEvents)).toEqual([]);
  });

  it("counts the writes a catch-up brought as applied, and only those", () => {
    const caughtUp: JournalEvent = {
      seq: 1,
      time: 5,
      replica: "node3",
      clock: { node1: 1, node2: 0 },
      type: "catch-up",
      from: "node1",
      applied: { node1: { prefix: 1, beyond: [] }, node2: { prefix: 0, beyond: [] } },
      adopted: { x: [{ value: digestValue("1"), clock: { node1: 1 }, origin: "node1" }] },
    };
    const trace: Trace = {
      replicas: ["node1", "node2", "node3"],
      journals: {
        node1: [madeX, deliverEvent("node1", 2, gone)],
        node2: [madeGone, deliverEvent("node2", 2, x1)],
        node3: [caughtUp],
      },
    };
    expect(checkDelivery(trace, writeEvents).map((violation) => violation.write)).toEqual([
      "node2:1",
    ]);
  });

  it("names each replica and write that never met, with the write's event at its origin", () => {
    const trace: Trace = {
      replicas: ["node1", "node2", "node3"],
      journals: { node1: [madeX], node2: [madeGone, deliverEvent("node2", 2, x1)] },
    };
    expect(checkDelivery(trace, writeEvents)).toEqual([
      {
        kind: "lost",
        replica: "node1",
        write: "node2:1",
        events: [madeGone],
        message: "node1 never applied delete x (node2:1)",
      },
      {
        kind: "lost",
        replica: "node3",
        write: "node1:1",
        events: [madeX],
        message: "node3 never applied x=1 (node1:1)",
      },
      {
        kind: "lost",
        replica: "node3",
        write: "node2:1",
        events: [madeGone],
        message: "node3 never applied delete x (node2:1)",
      },
    ]);
  });

  it("blames only writes whose making is on record: an indexed event that is not a write proves nothing", () => {
    const heard = deliverEvent("node2", 1, x1);
    const trace: Trace = { replicas: ["node1", "node2"], journals: { node1: [], node2: [heard] } };
    expect(checkDelivery(trace, new Map([[writeId(x1), heard]]))).toEqual([]);
  });
});
