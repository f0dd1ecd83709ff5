import { describe, expect, it } from "vitest";
import { eventTypes, memberIds, thrownCode } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import type { DeliverEvent, JournalEvent } from "./journalEvent.js";
import { journaledWrite } from "./journaledWrite.js";
import { type ReplicatedWrite, writeId } from "./replicatedWrite.js";

const members = memberIds(3);
const replica = (id: string, mode?: "causal" | "naive") => new CausalReplica({ id, members, mode });

/** node1's writes x=1, x=2, …, x=n. */
function writesOfNode1(n: number): ReplicatedWrite[] {
  const node1 = replica("node1");
  return Array.from({ length: n }, (_, i) => node1.write("x", String(i + 1), i).message);
}

const delivered = (events: JournalEvent[]) =>
  events.filter((e): e is DeliverEvent => e.type === "deliver").map((e) => writeId(e.message));

describe("CausalReplica.write", () => {
  it("numbers its writes in its own clock entry and journals write then send", () => {
    const node1 = replica("node1");
    const first = node1.write("x", "1", 10);
    expect(first.message).toEqual({
      origin: "node1",
      clock: { node1: 1, node2: 0, node3: 0 },
      key: "x",
      value: "1",
    });
    expect(eventTypes(first.events)).toEqual(["write", "send"]);
    expect(first.events[1]).toMatchObject({ type: "send", to: ["node2", "node3"], time: 10 });
    const second = node1.write("x", null, 11);
    expect(second.message.clock.node1).toBe(2);
    expect(node1.clock).toEqual({ node1: 2, node2: 0, node3: 0 });
    expect(node1.siblings("x")).toEqual([
      { value: null, clock: second.message.clock, origin: "node1" },
    ]);
    expect(node1.delivered.node1).toBe(2);
  });
});

describe("CausalReplica.receive", () => {
  it("reports its whole store, keys sorted, as a snapshot", () => {
    const [m1] = writesOfNode1(1);
    const node2 = replica("node2");
    node2.write("y", "2", 1);
    node2.receive(m1, 2);
    expect(node2.storeSnapshot()).toEqual({
      x: [{ value: "1", clock: { node1: 1, node2: 0, node3: 0 }, origin: "node1" }],
      y: [{ value: "2", clock: { node1: 0, node2: 1, node3: 0 }, origin: "node2" }],
    });
  });

  it("delivers a message whose causal past is here", () => {
    const [m1] = writesOfNode1(1);
    const node2 = replica("node2");
    const events = node2.receive(m1, 20);
    expect(eventTypes(events)).toEqual(["receive", "deliver"]);
    expect(events[1]).toMatchObject({
      message: journaledWrite(m1 as ReplicatedWrite),
      bufferedMs: 0,
      replica: "node2",
      time: 20,
    });
    expect(node2.clock).toEqual({ node1: 1, node2: 0, node3: 0 });
    expect(node2.siblings("x").map((s) => s.value)).toEqual(["1"]);
  });

  it("buffers an early message, then delivers it right after the one it waited for", () => {
    const [m1, m2] = writesOfNode1(2);
    const node2 = replica("node2");
    const early = node2.receive(m2, 20);
    expect(eventTypes(early)).toEqual(["receive", "buffer"]);
    expect(early[1]).toMatchObject({ type: "buffer", waitingFor: ["node1:1"] });
    expect(node2.bufferedWrites()).toEqual([
      { message: m2, arrivedAt: 20, waitingFor: ["node1:1"] },
    ]);
    expect(node2.siblings("x")).toEqual([]);
    expect(node2.clock.node1).toBe(0);

    const late = node2.receive(m1, 25);
    expect(eventTypes(late)).toEqual(["receive", "deliver", "deliver"]);
    expect(late[1]).toMatchObject({
      message: journaledWrite(m1 as ReplicatedWrite),
      bufferedMs: 0,
    });
    expect(late[2]).toMatchObject({
      message: journaledWrite(m2 as ReplicatedWrite),
      bufferedMs: 5,
      time: 25,
    });
    expect(node2.bufferedWrites()).toEqual([]);
    expect(node2.siblings("x").map((s) => s.value)).toEqual(["2"]);
  });

  it("releases a whole chain that arrived in reverse in one pass", () => {
    const writes = writesOfNode1(10);
    const node3 = replica("node3");
    for (const m of writes.slice(1).reverse()) {
      expect(eventTypes(node3.receive(m, 0))).toEqual(["receive", "buffer"]);
    }
    const events = node3.receive(writes[0], 7);
    expect(delivered(events)).toEqual(writes.map(writeId));
    expect(node3.bufferedWrites()).toEqual([]);
    expect(node3.clock.node1).toBe(10);
  });

  it("waits for what the writer had seen from a third replica", () => {
    const node1 = replica("node1");
    const node2 = replica("node2");
    const node3 = replica("node3");
    const question = node1.write("q", "?", 1).message;
    node2.receive(question, 2);
    const answer = node2.write("a", "!", 3).message;
    expect(answer.clock).toEqual({ node1: 1, node2: 1, node3: 0 });

    const early = node3.receive(answer, 4);
    expect(early[1]).toMatchObject({ type: "buffer", waitingFor: ["node1:1"] });
    expect(node3.siblings("a")).toEqual([]);
    expect(delivered(node3.receive(question, 9))).toEqual(["node1:1", "node2:1"]);
    expect(node3.siblings("a").map((s) => s.value)).toEqual(["!"]);
  });

  it("discards a copy of an applied write without applying it twice", () => {
    const [m1] = writesOfNode1(1);
    const node2 = replica("node2");
    node2.receive(m1, 1);
    const before = JSON.stringify(node2.storeSnapshot());
    expect(eventTypes(node2.receive(m1, 2))).toEqual(["receive", "duplicate"]);
    expect(JSON.stringify(node2.storeSnapshot())).toBe(before);
    expect(node2.clock.node1).toBe(1);
  });

  it("discards a copy of a buffered write, and delivers it once", () => {
    const [m1, m2] = writesOfNode1(2);
    const node2 = replica("node2");
    node2.receive(m2, 1);
    expect(eventTypes(node2.receive(m2, 2))).toEqual(["receive", "duplicate"]);
    expect(node2.bufferedWrites()).toHaveLength(1);
    expect(delivered(node2.receive(m1, 3))).toEqual(["node1:1", "node1:2"]);
    expect(eventTypes(node2.receive(m2, 4))).toEqual(["receive", "duplicate"]);
  });

  it("discards its own write when a peer echoes it back", () => {
    const node1 = replica("node1");
    const { message } = node1.write("x", "1", 1);
    expect(eventTypes(node1.receive(message, 2))).toEqual(["receive", "duplicate"]);
    expect(node1.clock.node1).toBe(1);
  });
});

describe("naive delivery", () => {
  it("applies on arrival, out of causal order, and still discards duplicates", () => {
    const [m1, m2] = writesOfNode1(2);
    const node2 = replica("node2", "naive");
    expect(eventTypes(node2.receive(m2, 1))).toEqual(["receive", "deliver"]);
    expect(node2.siblings("x").map((s) => s.value)).toEqual(["2"]);
    expect(node2.delivered.node1).toBe(0);
    expect(node2.clock.node1).toBe(2);

    expect(eventTypes(node2.receive(m1, 2))).toEqual(["receive", "deliver"]);
    expect(node2.siblings("x").map((s) => s.value)).toEqual(["2"]);
    expect(node2.delivered.node1).toBe(2);
    expect(eventTypes(node2.receive(m2, 3))).toEqual(["receive", "duplicate"]);
  });

  it("setMode('naive') delivers everything buffered, in arrival order", () => {
    const [m1, m2, m3, m4, m5] = writesOfNode1(5);
    const node2 = replica("node2");
    node2.receive(m3, 1);
    node2.receive(m2, 2);
    const events = node2.setMode("naive", 10);
    expect(eventTypes(events)).toEqual(["mode", "deliver", "deliver"]);
    expect(delivered(events)).toEqual(["node1:3", "node1:2"]);
    expect(events.slice(1).map((e) => (e as DeliverEvent).bufferedMs)).toEqual([9, 8]);
    expect(node2.mode).toBe("naive");
    expect(node2.bufferedWrites()).toEqual([]);

    expect(delivered(node2.receive(m1, 11))).toEqual(["node1:1"]);
    expect(node2.delivered.node1).toBe(3);

    expect(eventTypes(node2.setMode("causal", 12))).toEqual(["mode"]);
    expect(node2.receive(m5, 13)[1]).toMatchObject({ type: "buffer", waitingFor: ["node1:4"] });
    expect(delivered(node2.receive(m4, 14))).toEqual(["node1:4", "node1:5"]);
  });

  it("after naive leaves a gap, causal delivery resumes past the writes already applied", () => {
    const [m1, m2, m3, m4] = writesOfNode1(4);
    const node2 = replica("node2", "naive");
    node2.receive(m3, 1);
    node2.setMode("causal", 2);
    expect(eventTypes(node2.receive(m3, 3))).toEqual(["receive", "duplicate"]);
    expect(node2.receive(m4, 4)[1]).toMatchObject({ type: "buffer", waitingFor: ["node1:3"] });
    expect(eventTypes(node2.receive(m2, 5))).toEqual(["receive", "buffer"]);
    expect(delivered(node2.receive(m1, 6))).toEqual(["node1:1", "node1:2", "node1:4"]);
    expect(node2.delivered.node1).toBe(4);
    expect(node2.bufferedWrites()).toEqual([]);
  });

  it("setMode('causal') keeps what is buffered waiting", () => {
    const [m1, m2] = writesOfNode1(2);
    const node2 = replica("node2");
    node2.receive(m2, 1);
    expect(eventTypes(node2.setMode("causal", 2))).toEqual(["mode"]);
    expect(node2.bufferedWrites()).toEqual([
      { message: m2, arrivedAt: 1, waitingFor: ["node1:1"] },
    ]);
    expect(delivered(node2.receive(m1, 3))).toEqual(["node1:1", "node1:2"]);
  });

  it("rejects an unknown mode and changes nothing", () => {
    const node2 = replica("node2");
    const before = JSON.stringify(node2.snapshot());
    expect(thrownCode(() => node2.setMode("eventual" as "naive", 1))).toBe("invalid-config");
    expect(JSON.stringify(node2.snapshot())).toBe(before);
  });
});

describe("journal", () => {
  it("numbers events from 1 and stamps each with the clock after its step", () => {
    const [m1, m2] = writesOfNode1(2);
    const node2 = replica("node2");
    const events = [
      ...node2.receive(m2, 1),
      ...node2.write("y", "local", 2).events,
      ...node2.receive(m1, 3),
      ...node2.restarted(4),
    ];
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(eventTypes(events)).toEqual([
      "receive",
      "buffer",
      "write",
      "send",
      "receive",
      "deliver",
      "deliver",
      "restart",
    ]);
    const clocks = events.map((e) => e.clock);
    expect(clocks[1]).toEqual({ node1: 0, node2: 0, node3: 0 });
    expect(clocks[2]).toEqual({ node1: 0, node2: 1, node3: 0 });
    expect(clocks[4]).toEqual({ node1: 0, node2: 1, node3: 0 });
    expect(clocks[5]).toEqual({ node1: 1, node2: 1, node3: 0 });
    expect(clocks[6]).toEqual({ node1: 2, node2: 1, node3: 0 });
    expect(clocks[7]).toEqual(node2.clock);
    expect(events.every((e) => e.replica === "node2")).toBe(true);
  });
});

describe("configuration", () => {
  it.each([
    ["an id outside the members", { id: "node9", members }],
    ["no members", { id: "node1", members: [] }],
    ["a repeated member", { id: "node1", members: ["node1", "node1"] }],
    ["a malformed member", { id: "node1", members: ["node1", "node 2"] }],
  ])("rejects %s as invalid-config", (_, config) => {
    expect(thrownCode(() => new CausalReplica(config))).toBe("invalid-config");
  });

  it("sorts members and starts from a zero clock in causal mode", () => {
    const r = new CausalReplica({ id: "node2", members: ["node10", "node2", "node1"] });
    expect(r.members).toEqual(["node1", "node2", "node10"]);
    expect(Object.keys(r.clock)).toEqual(["node1", "node2", "node10"]);
    expect(r.mode).toBe("causal");
  });
});
