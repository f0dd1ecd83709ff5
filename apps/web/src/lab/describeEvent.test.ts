import { CausalReplica, digestValue } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { describeEvent, describeWait } from "./describeEvent";

describe("events in words", () => {
  it("names buffer waits the way a learner reads them", () => {
    expect(describeWait("node1:3")).toBe("node1's write #3");
    const members = ["node1", "node2", "node3"];
    const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
    if (!n1 || !n2 || !n3) throw new Error("setup");
    const x = n1.write("x", "1", 0);
    n2.receive(x.message, 1);
    const y = n2.write("y", "2", 2);
    const events = n3.receive(y.message, 3);
    expect(events.map(describeEvent)).toEqual([
      "node3 received y=2 from node2",
      "node3 buffered y=2: waits for node1's write #1",
    ]);
    expect(n3.receive(y.message, 4).map(describeEvent)).toContain(
      "node3 discarded a duplicate of y=2 (node2:1)",
    );
    const delivered = n3.receive(x.message, 1503).map(describeEvent);
    expect(delivered).toContain("node3 delivered y=2 from node2 after 1.5 s in the buffer");
    expect(x.events.map(describeEvent)).toEqual([
      "node1 wrote x=1 (its write #1)",
      "node1 sent x=1 to node2, node3",
    ]);
  });

  it("says when a buffered write was discarded, found applied meanwhile", () => {
    const message = { origin: "node2", clock: { node2: 1 }, key: "y", value: digestValue("2") };
    const event = { seq: 5, time: 0, replica: "node3", clock: message.clock, message };
    expect(describeEvent({ ...event, type: "duplicate", discarded: "buffered" })).toBe(
      "node3 discarded buffered y=2 (node2:1): its number was applied meanwhile",
    );
  });
});
