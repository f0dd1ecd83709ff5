import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventTypes, historyWithArrivalsArb, memberIds } from "./causalHistory.testkit.js";
import { CausalReplica } from "./causalReplica.js";
import type { JournalEvent } from "./journalEvent.js";
import type { ReplicaSnapshot } from "./replicaSnapshot.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";

const members = memberIds(3);

function viaJson(snapshot: ReplicaSnapshot): ReplicaSnapshot {
  return JSON.parse(JSON.stringify(snapshot));
}

/** node3 holding a conflict on x, a buffered write from node1, and a write of its own. */
function scene(): { node3: CausalReplica; later: ReplicatedWrite[] } {
  const node1 = new CausalReplica({ id: "node1", members });
  const node2 = new CausalReplica({ id: "node2", members });
  const node3 = new CausalReplica({ id: "node3", members });
  const a1 = node1.write("x", "from node1", 1).message;
  const a2 = node1.write("x", "again", 2).message;
  const a3 = node1.write("__proto__", "odd key", 3).message;
  const b1 = node2.write("x", "from node2", 4).message;
  node3.receive(b1, 5);
  node3.receive(a1, 6);
  node3.receive(a3, 7);
  node3.write("z", "mine", 8);
  return { node3, later: [a2, b1, a3] };
}

/** Feeds the same steps to each replica and returns each one's events. */
function drive(replica: CausalReplica, later: ReplicatedWrite[]): JournalEvent[] {
  return [
    ...replica.receive(later[1], 20),
    ...replica.write("x", "resolved", 21).events,
    ...replica.receive(later[0], 22),
    ...replica.receive(later[2], 23),
    ...replica.setMode("naive", 24),
  ];
}

describe("CausalReplica snapshot and restore", () => {
  it("comes back exactly as it was, directly and through JSON", () => {
    const { node3 } = scene();
    expect(node3.siblings("x")).toHaveLength(2);
    expect(node3.bufferedWrites()).toHaveLength(1);
    const snapshot = node3.snapshot();
    for (const restored of [
      CausalReplica.restore(snapshot),
      CausalReplica.restore(viaJson(snapshot)),
    ]) {
      expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(snapshot));
      expect(restored.bufferedWrites()).toEqual(node3.bufferedWrites());
      expect(restored.clock).toEqual(node3.clock);
      expect(restored.delivered).toEqual(node3.delivered);
      expect(restored.siblings("__proto__")).toEqual(node3.siblings("__proto__"));
    }
  });

  it("behaves identically afterwards: same events, same state", () => {
    const original = scene();
    const copy = scene();
    const restored = CausalReplica.restore(viaJson(copy.node3.snapshot()));
    const expected = drive(original.node3, original.later);
    expect(eventTypes(expected)).toEqual([
      "receive",
      "duplicate",
      "write",
      "send",
      "receive",
      "deliver",
      "deliver",
      "receive",
      "duplicate",
      "mode",
    ]);
    expect(drive(restored, copy.later)).toEqual(expected);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(original.node3.snapshot()));
  });

  it("keeps naive mode and the writes applied beyond a gap", () => {
    const node1 = new CausalReplica({ id: "node1", members });
    const writes = [1, 2, 3].map((n) => node1.write("x", String(n), n).message);
    const node2 = new CausalReplica({ id: "node2", members, mode: "naive" });
    node2.receive(writes[2], 1);
    const restored = CausalReplica.restore(viaJson(node2.snapshot()));
    expect(restored.mode).toBe("naive");
    expect(eventTypes(restored.receive(writes[2], 2))).toEqual(["receive", "duplicate"]);
    restored.receive(writes[0], 3);
    restored.receive(writes[1], 4);
    expect(restored.delivered.node1).toBe(3);
    expect(restored.snapshot().applied.node1).toEqual({ prefix: 3, beyond: [] });
  });

  it("keeps canonical clocks when restored from a snapshot whose clocks are out of order", () => {
    const sender = {
      origin: "node10",
      clock: { node1: 0, node2: 1, node10: 1 },
      key: "k",
      value: "v",
    };
    const node1 = new CausalReplica({ id: "node1", members: ["node1", "node2", "node10"] });
    node1.receive(sender, 1);
    const saved = viaJson(node1.snapshot());
    const shuffled = (clock: Record<string, number>) =>
      Object.fromEntries(Object.entries(clock).reverse());
    const restored = CausalReplica.restore({
      ...saved,
      clock: shuffled(saved.clock),
      buffer: saved.buffer.map((e) => ({
        ...e,
        write: { ...e.write, clock: shuffled(e.write.clock) },
      })),
    });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(node1.snapshot()));
    const events = restored.receive(
      { origin: "node2", clock: { node2: 1 }, key: "j", value: "w" },
      2,
    );
    expect(events.map((e) => Object.keys(e.clock))).toEqual(
      events.map(() => ["node1", "node2", "node10"]),
    );
    expect(Object.keys(restored.clock)).toEqual(["node1", "node2", "node10"]);
  });

  it("releases buffered writes in the same order after a restore", () => {
    const members5 = memberIds(5);
    const write = (origin: string, clock: Record<string, number>) => ({
      origin,
      clock,
      key: "k",
      value: origin,
    });
    const fromNode3 = write("node3", { node1: 1, node2: 1, node3: 1 });
    const fromNode4 = write("node4", { node2: 1, node4: 1 });
    const steady = new CausalReplica({ id: "node5", members: members5 });
    steady.receive(fromNode3, 1);
    steady.receive(fromNode4, 2);
    steady.receive(write("node1", { node1: 1 }), 3);
    const restored = CausalReplica.restore(viaJson(steady.snapshot()));
    const last = write("node2", { node2: 1 });
    const order = (events: JournalEvent[]) =>
      events.flatMap((e) => (e.type === "deliver" ? [e.message.origin] : []));
    expect(order(steady.receive(last, 4))).toEqual(["node2", "node3", "node4"]);
    expect(order(restored.receive(last, 4))).toEqual(["node2", "node3", "node4"]);
  });

  it("a receiver restored at any point of any history ends as if it never stopped", () => {
    const scenario = historyWithArrivalsArb(3).chain((s) =>
      fc.nat({ max: s.arrivals.length }).map((cut) => ({ ...s, cut })),
    );
    fc.assert(
      fc.property(scenario, ({ history, arrivals, cut }) => {
        const config = { id: history.receiver, members: history.members };
        const steady = new CausalReplica(config);
        let restarted = new CausalReplica(config);
        const steadyEvents: JournalEvent[] = [];
        const restartedEvents: JournalEvent[] = [];
        arrivals.forEach((index, time) => {
          if (time === cut) restarted = CausalReplica.restore(viaJson(restarted.snapshot()));
          steadyEvents.push(...steady.receive(history.messages[index], time));
          restartedEvents.push(...restarted.receive(history.messages[index], time));
        });
        expect(restartedEvents).toEqual(steadyEvents);
        expect(JSON.stringify(restarted.snapshot())).toBe(JSON.stringify(steady.snapshot()));
      }),
    );
  });
});
