import { CausalReplica, type JournalEvent } from "@causal-kv/core";
import { describe, expect, it } from "vitest";
import { layoutTrace, marksBetween } from "./layoutTrace";

const members = ["node1", "node2", "node3"];

/** node1 writes x; node2 gets it at 10 ms; node3 gets y (from node2) at 20 ms, buffers it, gets x at 50 ms. */
function chain(): JournalEvent[] {
  const [n1, n2, n3] = members.map((id) => new CausalReplica({ id, members }));
  if (!n1 || !n2 || !n3) throw new Error("setup");
  const x = n1.write("x", "1", 0);
  const events = [...x.events, ...n2.receive(x.message, 10)];
  const y = n2.write("y", "2", 12);
  events.push(
    ...y.events,
    ...n3.receive(y.message, 20),
    ...n3.receive(x.message, 50),
    ...n1.receive(y.message, 30),
  );
  return events;
}

describe("layoutTrace", () => {
  it("puts each replica on its own lane, in id order, and sorts marks by time", () => {
    const layout = layoutTrace(["node3", "node1", "node2"], chain());
    expect(layout.lanes).toEqual(["node1", "node2", "node3"]);
    expect(layout.marks.map((m) => m.time)).toEqual(
      [...layout.marks.map((m) => m.time)].sort((a, b) => a - b),
    );
    expect(layout.start).toBe(0);
    expect(layout.end).toBe(50);
    expect(layout.marks.find((m) => m.type === "buffer")?.lane).toBe(2);
  });

  it("draws an arrow from each send to each delivery, and one in flight while undelivered", () => {
    const layout = layoutTrace(members, chain());
    const arrows = layout.arrows.map(
      (a) => `${a.write} ${a.from.lane}->${a.toLane} ${a.to ? a.to.time : "in flight"}`,
    );
    expect(arrows.sort()).toEqual([
      "node1:1 0->1 10",
      "node1:1 0->2 50",
      "node2:1 1->0 30",
      "node2:1 1->2 50",
    ]);
    const partial = layoutTrace(
      members,
      chain().filter((e) => !(e.replica === "node1" && e.time === 30)),
    );
    expect(partial.arrows.find((a) => a.write === "node2:1" && a.toLane === 0)?.to).toBeUndefined();
  });

  it("shows how long a write sat in the buffer, open-ended while it still waits", () => {
    const layout = layoutTrace(members, chain());
    expect(layout.bars).toEqual([{ write: "node2:1", lane: 2, start: 20, end: 50 }]);
    const waiting = layoutTrace(
      members,
      chain().filter((e) => e.time !== 50),
    );
    expect(waiting.bars).toEqual([{ write: "node2:1", lane: 2, start: 20 }]);
  });

  it("ignores events of replicas it has no lane for", () => {
    expect(layoutTrace(["node1"], chain()).marks.every((m) => m.event.replica === "node1")).toBe(
      true,
    );
  });

  it("finds the marks in a time window by binary search, ends included", () => {
    const layout = layoutTrace(members, chain());
    expect(marksBetween(layout, 10, 20).map((m) => m.time)).toEqual(
      layout.marks.filter((m) => m.time >= 10 && m.time <= 20).map((m) => m.time),
    );
    expect(marksBetween(layout, 51, 99)).toEqual([]);
  });
});
